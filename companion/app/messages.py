"""What screens ask of the app. A screen posts one of these; the message bubbles up to the app,
which owns the run, the journal and the screen stack and does what is asked. Screens never
call the app's methods directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from companion.script.model import SupportFocus


class StartScript(Message):
    """Begin a new run of a script."""

    def __init__(self, script_id: str) -> None:
        super().__init__()
        self.script_id = script_id


class ContinueRun(Message):
    """Continue an unfinished run where the patient left it."""

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id


class OpenJournal(Message):
    """Show my journal."""


class GoHome(Message):
    """Back to the start (the home screen)."""


class OpenInfusions(Message):
    """Show my infusions (add, change, remove; the calendar)."""


class BackFromInfusion(Message):
    """The patient is back from this infusion: record its end as now."""

    def __init__(self, infusion_id: int) -> None:
        super().__init__()
        self.infusion_id = infusion_id


class OfferSupport(Message):
    """An answer crossed its step's ``support_when`` line: show support for that moment."""

    def __init__(self, focus: SupportFocus) -> None:
        super().__init__()
        self.focus = focus


class ChooseRegion(Message):
    """The patient wants to say where they live (for the crisis lines on the support screen)."""
