"""An info step: Markdown to read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Markdown

from companion.app.widgets.steps.base import StepView
from companion.script.model import InfoStep


class InfoView(StepView):
    def compose(self) -> ComposeResult:
        assert isinstance(self.step, InfoStep)
        yield Markdown(self.script.render(self.step.body), classes="step-body")
