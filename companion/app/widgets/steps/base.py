"""What every step widget shares: the step, the script, and a message when the answer changes."""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from companion.script.model import AnswerValue, Script, Step


class StepView(Vertical):
    """Shows one step and reports the patient's answer.

    Subclasses post :class:`StepView.Answered` the moment an answer is given (the run screen
    records it), and return the answer so far from :meth:`value`.
    """

    DEFAULT_CLASSES = "step-view"

    class Answered(Message):
        """The patient gave or changed an answer."""

        def __init__(self, view: StepView, value: AnswerValue) -> None:
            super().__init__()
            self.view = view
            self.value = value

    class Draft(Message):
        """Text still being typed, after a short pause."""

        def __init__(self, view: StepView, text: str) -> None:
            super().__init__()
            self.view = view
            self.text = text

    def __init__(self, script: Script, step: Step, value: AnswerValue, draft: str | None) -> None:
        super().__init__()
        self.script = script
        self.step = step
        self.initial = value
        self.draft = draft

    def value(self) -> AnswerValue:
        """The answer as it stands."""
        return self.initial

    def flush(self) -> None:
        """Hand over anything not yet reported (text being typed)."""

    def focus_target(self) -> Widget | None:
        """The widget that should have focus when the step opens (None: the Next button)."""
        return None
