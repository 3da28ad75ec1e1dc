"""Who the patient can reach, and the words around the list, for every front end.

Which contacts show is decided here once: those of the script being walked, or, outside a run,
those of all scripts in use (:meth:`Library.support_contacts`).
"""

from __future__ import annotations

from companion.script.library import Library
from companion.script.model import Script

NOT_MONITORED = (
    "Nobody watches this app, and it is not an emergency service. If you are in danger or "
    "need urgent help, call your local emergency number."
)
GENTLE_OFFER = "That sounds like a lot right now. If it would help, these people are there for you."


def support_contacts(library: Library, script: Script | None) -> list[tuple[str, str]]:
    """(who, how to reach them): the script's own while it is walked, else the library's."""
    if script is not None:
        return script.support_contacts()
    return library.support_contacts()
