"""What the patient can begin from: the scripts for before and after an infusion, the one whose
time has come, and a run to continue. Worked out here, without Textual, for any front end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from companion.journal.model import RunInfo, Store
from companion.run.run import Run
from companion.script.library import Library
from companion.script.model import LoadedScript


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows, from the library and the journal."""

    before: list[LoadedScript]
    after: list[LoadedScript]
    ready: str | None
    """The id of the after-script whose time has come."""
    unfinished: list[tuple[RunInfo, str]]
    """Runs to continue, each with a line saying where the patient was."""
    unavailable: list[str]
    """A line for each script that could not be loaded, in words for the patient."""


ABOUT_THE_APP = (
    "Nobody sees what you write here unless you share it, and nobody watches this app: it is "
    "not an emergency service. F1 shows who you can reach."
)
"""What the home screen says about the app itself, at first start and every time after. The
people to reach are the scripts' own support entries, shown by F1; the app names nobody."""

UNAVAILABLE = "not available just now. Please tell your care team."
"""What the patient reads about a script that could not be loaded (the therapist's reasons are
in ``companion scripts`` and ``companion validate``)."""


def unavailable_lines(library: Library) -> list[str]:
    """One line per broken script, named by its title where it has one: "Before your next
    infusion: not available just now. Please tell your care team." """
    withheld = {id(result): earlier for earlier, result in library.withheld}
    lines: dict[str, None] = {}
    for result in library.failed:
        earlier = withheld.get(id(result))
        title = result.meant_title or (earlier.script.title if earlier else None)
        lines[f"{title or 'One part of the companion'}: {UNAVAILABLE}"] = None
    return list(lines)


def ready_script(
    after: list[LoadedScript], last_before: datetime | None, now: datetime
) -> str | None:
    """The after-script whose ``offer_after`` time has come most recently (the 1-week reflection
    once a week has passed, the evening check-in before that)."""
    if last_before is None:
        return None
    due = [
        (s.script.offer_delay, s.script.id)
        for s in after
        if s.script.offer_delay is not None and last_before + s.script.offer_delay <= now
    ]
    return max(due)[1] if due else None


def home_data(library: Library, store: Store, now: datetime) -> HomeData:
    """What home offers now: one unfinished run at most, the after-script that is due."""
    scripts = library.scripts
    after = [s for s in scripts.values() if s.script.phase == "after"]
    unfinished = []
    for info in store.unfinished():
        if info.script_id in scripts:
            run = Run.resume(scripts[info.script_id], store, info.id)
            unfinished.append((info, f"You were at {run.flow.progress.label.lower()}"))
    return HomeData(
        before=[s for s in scripts.values() if s.script.phase == "before"],
        after=after,
        ready=ready_script(after, store.last_finished("before"), now),
        unfinished=unfinished[:1],
        unavailable=unavailable_lines(library),
    )
