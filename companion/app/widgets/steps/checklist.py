"""A checklist step: things to tick off; the needed ones are marked, gently."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from companion.app.literal import literal
from companion.app.widgets.steps.base import StepView
from companion.app.widgets.ticklist import TickList
from companion.script.model import AnswerValue, ChecklistStep


class ChecklistView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, ChecklistStep)
        if step.prompt:
            yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        ticked = self.initial if isinstance(self.initial, list) else []
        items = [
            (item.id, self.script.render(item.text) + ("  (needed)" if item.required else ""))
            for item in step.items
        ]
        yield TickList(items, ticked, multiple=True, id="checklist")
        yield Static("Space ticks an item; arrows move.", classes="step-hint")

    def value(self) -> AnswerValue:
        return self.query_one(TickList).selected

    def focus_target(self) -> Widget:
        return self.query_one(TickList)

    @on(TickList.Changed)
    def _ticked(self, event: TickList.Changed) -> None:
        event.stop()
        self.post_message(self.Answered(self, self.value()))
