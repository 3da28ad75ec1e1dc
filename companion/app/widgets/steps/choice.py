"""A choice step: one answer (radio buttons) or several (a selection list)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from companion.app.literal import literal
from companion.app.widgets.steps.base import StepView
from companion.app.widgets.ticklist import TickList
from companion.script.model import AnswerValue, ChoiceStep


class ChoiceView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, ChoiceStep)
        if step.prompt:
            yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        chosen = self.initial if isinstance(self.initial, list) else []
        options = [(o.id, self.script.render(o.text)) for o in step.options]
        yield TickList(
            options,
            chosen,
            multiple=step.multiple,
            toggle=step.toggle,
            id="choices",
        )
        hint = (
            "Choose as many as fit; space chooses."
            if step.multiple
            else "Arrows move; enter or space chooses."
        )
        yield Static(hint, classes="step-hint")

    def value(self) -> AnswerValue:
        chosen = self.query_one(TickList).selected
        return chosen if chosen or self.step_is_multiple else self.initial

    @property
    def step_is_multiple(self) -> bool:
        return isinstance(self.step, ChoiceStep) and self.step.multiple

    def focus_target(self) -> Widget:
        return self.query_one("#choices")

    @on(TickList.Changed)
    def _chosen(self, event: TickList.Changed) -> None:
        event.stop()
        self.post_message(self.Answered(self, self.value()))
