"""A scale step: a number, with words at the ends and the chosen value said plainly."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from companion.app.literal import literal
from companion.app.widgets.scale import Scale
from companion.app.widgets.steps.base import StepView
from companion.script.model import AnswerValue, ScaleStep


class ScaleView(StepView):
    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, ScaleStep)
        if step.prompt:
            yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        low, high = step.label(step.min), step.label(step.max)
        yield Scale(
            step.min,
            step.max,
            self.initial if isinstance(self.initial, int) else None,
            self.script.render(low) if low else None,
            self.script.render(high) if high else None,
            id="scale",
        )
        yield Static(literal(self._said()), id="scale-value", classes="scale-value")
        yield Static("Arrows or a number key choose.", classes="step-hint")

    def _said(self) -> str:
        value = self.value()
        if not isinstance(value, int):
            return "No number chosen yet."
        assert isinstance(self.step, ScaleStep)
        return f"Your answer: {self.step.in_words(value, self.script.render)}"

    def value(self) -> AnswerValue:
        scales = self.query(Scale)
        return scales.first().value if scales else self.initial

    def focus_target(self) -> Widget:
        return self.query_one(Scale)

    @on(Scale.Changed)
    def _chosen(self, event: Scale.Changed) -> None:
        event.stop()
        self.query_one("#scale-value", Static).update(literal(self._said()))
        self.post_message(self.Answered(self, event.value))
