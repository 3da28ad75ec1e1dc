"""A checklist step: things to tick off; the needed ones are marked, gently."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import SelectionList, Static

from companion.app.widgets.steps.base import StepView
from companion.journal.model import AnswerValue
from companion.script.model import ChecklistStep


class ChecklistView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, ChecklistStep)
        if step.prompt:
            yield Static(self.script.render(step.prompt), classes="step-prompt")
        ticked = self.initial if isinstance(self.initial, list) else []
        items = [
            (
                self.script.render(item.text) + ("  (needed)" if item.required else ""),
                item.id,
                item.id in ticked,
            )
            for item in step.items
        ]
        yield SelectionList[str](*items, id="checklist")
        yield Static("Space ticks an item; arrows move.", classes="step-hint")

    def value(self) -> AnswerValue:
        return list(self.query_one(SelectionList).selected)

    def focus_target(self) -> Widget:
        return self.query_one(SelectionList)

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.post_message(self.Answered(self, self.value()))
