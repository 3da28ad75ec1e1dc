"""Who the patient can reach at this moment, worked out once for every front end.

Which contacts show (the script being walked, or all scripts outside a run), which crisis lines
(the clinic's region, the patient's choice, the computer's locale) and what an answer's offer
says are decided here and in :mod:`companion.script.clinic.support`; the app draws the result
and the plain mode says it in lines.
"""

from __future__ import annotations

from collections.abc import Mapping

from companion.script.clinic.crisis import CrisisData, choose_region
from companion.script.clinic.support import SupportView, support_view
from companion.script.library import Library
from companion.script.model import Script, Step, SupportFocus


def support_now(
    library: Library,
    script: Script | None,
    chosen_region: str | None,
    crisis: CrisisData,
    environ: Mapping[str, str],
    offered: SupportFocus | None = None,
) -> SupportView:
    """The support to show: for ``script`` while it is walked, else for every script in use."""
    clinic = library.clinic
    scripts = [script] if script is not None else [s.script for s in library.scripts.values()]
    region = choose_region(clinic.region if clinic else None, chosen_region, environ)
    return support_view(clinic, scripts, region, crisis, offered)


def offer_focus(step: Step) -> SupportFocus:
    """What an answer's offer of support is about: a scale says (``support_when.show``); a
    questionnaire's alert item is about safety, so everyone is shown."""
    when = getattr(step, "support_when", None)
    show = getattr(when, "show", None)
    return "care_team" if show == "care_team" else "everyone"
