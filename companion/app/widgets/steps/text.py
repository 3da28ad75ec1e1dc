"""A text step: the patient's own words, soft-wrapped, kept as a draft while typing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, TextArea

from companion.app.widgets.steps.base import StepView
from companion.script.model import AnswerValue, TextStep

DRAFT_PAUSE = 0.8
"""Seconds of quiet after which the text being typed is saved as a draft."""


class Words(TextArea):
    """A TextArea that lets go of its screen when removed.

    Textual's TextArea subscribes to its screen's ``text_selection_started_signal`` and never
    unsubscribes; the subscription keeps every removed text box (and its text) in memory until
    the patient next selects text with the mouse. Hence the unsubscribe here.
    """

    _subscribed_to: Screen[object] | None = None

    def on_mount(self) -> None:
        self._subscribed_to = self.screen

    def on_unmount(self) -> None:
        if self._subscribed_to is not None:
            self._subscribed_to.text_selection_started_signal.unsubscribe(self)
            self._subscribed_to = None


class TextView(StepView):
    _timer: Timer | None = None

    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, TextStep)
        yield Static(self.script.render(step.prompt), classes="step-prompt")
        if step.hint:
            yield Static(self.script.render(step.hint), classes="step-hint")
        start = self.draft if self.draft is not None else self.initial
        area = Words(
            start if isinstance(start, str) else "",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            id="words",
        )
        area.cursor_blink = self.app.animation_level != "none"
        yield area

    def text(self) -> str:
        areas = self.query(TextArea)
        if areas:
            return areas.first().text
        start = self.draft if self.draft is not None else self.initial
        return start if isinstance(start, str) else ""

    def value(self) -> AnswerValue:
        return self.text()

    def focus_target(self) -> Widget:
        return self.query_one(TextArea)

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_PAUSE, self._save_draft)

    def _save_draft(self) -> None:
        self._timer = None
        self.post_message(self.Draft(self, self.text()))

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.post_message(self.Draft(self, self.text()))
