"""A choice step: one answer (radio buttons) or several (a selection list)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet, SelectionList, Static

from companion.app.widgets.steps.base import StepView
from companion.journal.model import AnswerValue
from companion.script.model import ChoiceStep


class ChoiceView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, ChoiceStep)
        if step.prompt:
            yield Static(self.script.render(step.prompt), classes="step-prompt")
        chosen = self.initial if isinstance(self.initial, list) else []
        if step.multiple:
            yield SelectionList[str](
                *[(self.script.render(o.text), o.id, o.id in chosen) for o in step.options],
                id="choices",
            )
            yield Static("Choose as many as fit; space chooses.", classes="step-hint")
        else:
            with RadioSet(id="choices"):
                for option in step.options:
                    yield RadioButton(
                        self.script.render(option.text), value=option.id in chosen, name=option.id
                    )
            yield Static("Arrows move; enter or space chooses.", classes="step-hint")

    def value(self) -> AnswerValue:
        widget = self.query_one("#choices")
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        assert isinstance(widget, RadioSet)
        pressed = widget.pressed_button
        return [pressed.name] if pressed is not None and pressed.name else self.initial

    def focus_target(self) -> Widget:
        return self.query_one("#choices")

    @on(SelectionList.SelectedChanged)
    @on(RadioSet.Changed)
    def _chosen(self, event: SelectionList.SelectedChanged[str] | RadioSet.Changed) -> None:
        event.stop()
        self.post_message(self.Answered(self, self.value()))
