"""An audio step. The player comes with the audio work; for now the words, and go on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from companion.app.widgets.steps.base import StepView
from companion.script.model import AudioStep


class AudioView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, AudioStep)
        if step.prompt:
            yield Static(self.script.render(step.prompt), classes="step-prompt")
        yield Static("Rest here as long as you like, then go on.", classes="step-hint")
