"""An info step: Markdown to read."""

from __future__ import annotations

from textual.app import ComposeResult

from companion.app.literal import ScriptMarkdown
from companion.app.widgets.steps.base import StepView
from companion.script.model import InfoStep


class InfoView(StepView):
    def compose(self) -> ComposeResult:
        assert isinstance(self.step, InfoStep)
        yield ScriptMarkdown(self.script.render(self.step.body), classes="step-body")
