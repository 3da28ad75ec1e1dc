"""A breathing step. The pacer comes with the audio work; for now the words, and go on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from companion.app.widgets.steps.base import StepView
from companion.script.model import BreathingStep


class BreathingView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, BreathingStep)
        if step.prompt:
            yield Static(self.script.render(step.prompt), classes="step-prompt")
        yield Static(
            "Breathe in slowly, hold gently, breathe out slowly. Go on when you are ready.",
            classes="step-hint",
        )
