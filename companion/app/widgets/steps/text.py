"""A text step: the patient's own words, soft-wrapped, kept as a draft while typing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, TextArea

from companion.app.literal import literal, literal_strip
from companion.app.pace import timings_of
from companion.app.widgets.steps.base import StepView
from companion.drafting import DraftPace
from companion.script.model import AnswerValue, TextStep


class Words(TextArea):
    """A TextArea that lets go of its screen when removed.

    Textual's TextArea subscribes to its screen's ``text_selection_started_signal`` and never
    unsubscribes; the subscription keeps every removed text box (and its text) in memory until
    the patient next selects text with the mouse. Hence the unsubscribe here.
    """

    _subscribed_to: Screen[object] | None = None

    def on_mount(self) -> None:
        self._subscribed_to = self.screen

    def render_line(self, y: int) -> Strip:
        # Pasted words may hold an escape sequence: kept exactly, never sent to the terminal.
        return literal_strip(super().render_line(y))

    def on_unmount(self) -> None:
        if self._subscribed_to is not None:
            self._subscribed_to.text_selection_started_signal.unsubscribe(self)
            self._subscribed_to = None


class TextView(StepView):
    _timer: Timer | None = None
    _pace: DraftPace | None = None

    def compose(self) -> ComposeResult:
        step = self.step
        assert isinstance(step, TextStep)
        yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        if step.hint:
            yield Static(literal(self.script.render(step.hint)), classes="step-hint")
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

    @property
    def pace(self) -> DraftPace:
        """The steady-typing rule: saved after a pause, and at least once a second meanwhile."""
        if self._pace is None:
            self._pace = timings_of(self).draft_pace()
        return self._pace

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._wake_in(self.pace.typed())

    def _wake_in(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if seconds <= 0:  # due already (Textual's timers cannot take a zero delay)
            self._save_draft()
            return
        self._timer = self.set_timer(seconds, self._maybe_save)

    def _maybe_save(self) -> None:
        self._timer = None
        wait = self.pace.wait()
        if wait is None:
            return
        self._wake_in(wait)  # saves now, or sleeps on when woken a little early

    def _save_draft(self) -> None:
        self.pace.saved()
        self.post_message(self.Draft(self, self.text()))

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.pace.pending:
            self._save_draft()
