"""A breathing step: a pacer that grows as the patient breathes in and shrinks as they breathe out.

The pacer's state is :func:`companion.breathing.phase_at` of the time since Begin, read on a
timer; nothing is chained or accumulated, so it cannot drift. With reduced motion
(``TEXTUAL_ANIMATIONS=none``) there is no shape: the phase word and its count, once a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from companion.app.literal import literal
from companion.app.sound import AppSound, SoundChanged, sound_of, volume_words
from companion.app.widgets.pacer import Pacer
from companion.app.widgets.steps.audio import SOUND_BINDINGS
from companion.app.widgets.steps.base import StepView
from companion.breathing import (
    CUES,
    DONE,
    WORDS,
    Pattern,
    PhaseState,
    breaths_left,
    cycles_of,
    describe,
    pattern_of,
    phase_at,
)
from companion.script.model import BreathingStep

MOVING_TICK = 1 / 12
"""Seconds between frames of the moving pacer."""
STILL_TICK = 1.0
"""Seconds between updates of the still pacer (reduced motion)."""
READY = "Press Begin when you are ready."


class BreathingView(StepView):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "begin_or_stop", "Begin/Stop"),
        *SOUND_BINDINGS,
    ]
    clock: Callable[[], float] = staticmethod(time.monotonic)
    """Where the time comes from (tests give their own)."""
    _timer: Timer | None = None
    _began: float | None = None
    _last: PhaseState | None = None

    def compose(self) -> ComposeResult:
        step = self.breathing
        if step.prompt:
            yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        yield Static(describe(step, self.pattern), id="pattern", classes="step-hint")
        pacer = Pacer(id="pacer")
        pacer.display = not self.still
        yield pacer
        yield Static(READY, id="phase")
        with Horizontal(classes="sound-row"):
            yield Button("Begin", id="begin", variant="primary")
            with Vertical(classes="sound-lines"):
                yield Static(self._total(), id="breaths")
                volume = Static("", id="volume")
                volume.display = self.uses_sound
                yield volume
        yield Static("", id="sound-note")

    @property
    def breathing(self) -> BreathingStep:
        assert isinstance(self.step, BreathingStep)
        return self.step

    @property
    def pattern(self) -> Pattern:
        return pattern_of(self.breathing)

    @property
    def cycles(self) -> int | None:
        return cycles_of(self.breathing)

    @property
    def still(self) -> bool:
        """Reduced motion: words only, once a second."""
        return self.app.animation_level == "none"

    @property
    def uses_sound(self) -> bool:
        return bool(self.breathing.sound or self.breathing.cues)

    @property
    def sound(self) -> AppSound:
        return sound_of(self)

    @property
    def running(self) -> bool:
        return self._began is not None

    def _total(self) -> str:
        cycles = self.cycles
        if cycles is None:
            return "As many breaths as you like"
        return f"{cycles} breath{'s' if cycles != 1 else ''}"

    def on_mount(self) -> None:
        self.set_class(self.still, "still")
        if self.uses_sound:
            self.sound.listen(self)
            self.sound.prepare()
            self._show_sound()

    def on_unmount(self) -> None:
        if self.uses_sound:
            self.sound.unlisten(self)
            self.sound.stop(self)

    def focus_target(self) -> Widget:
        return self.query_one("#begin", Button)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("volume_up", "volume_down"):
            return self.uses_sound
        return True

    @on(Button.Pressed, "#begin")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_begin_or_stop()

    def action_begin_or_stop(self) -> None:
        if self.running:
            self.finish(stopped=True)
        else:
            self.begin()

    def begin(self) -> None:
        """Start the pacer now (and the background sound, if any)."""
        self._began = self.clock()
        self._last = None
        if self.breathing.sound:
            self.sound.play(self, self.breathing.sound, loop=True, fade_in=2.0)
        self.query_one("#begin", Button).label = "Stop"
        interval = STILL_TICK if self.still else MOVING_TICK
        self._timer = self.set_interval(interval, self.tick)
        self.tick()

    def finish(self, stopped: bool = False) -> None:
        """The last breath has ended (or the patient stopped): quiet and still."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._began = None
        self._last = None
        if self.uses_sound:
            self.sound.stop(self, fade_out=2.0)
        self.query_one(Pacer).show(0.0)
        self._set("#phase", READY if stopped else DONE)
        self._set("#breaths", self._total())
        self.query_one("#begin", Button).label = "Begin again"

    def state(self) -> PhaseState | None:
        """Where the pacer is now, or None before Begin."""
        if self._began is None:
            return None
        return phase_at(self.pattern, self.clock() - self._began, self.cycles)

    def tick(self) -> None:
        """One frame: the phase from the clock, drawn only where it changed."""
        state = self.state()
        if state is None:
            return
        if state.done:
            self.finish()
            return
        last, self._last = self._last, state
        if not self.still:
            self.query_one(Pacer).show(state.size)
        self._set("#phase", f"{WORDS[state.phase]} · {state.count}")
        self._set("#breaths", breaths_left(state))
        changed = last is None or last.phase != state.phase or last.cycle != state.cycle
        if changed and self.breathing.cues:
            cue = CUES.get(state.phase)
            if cue is not None:
                self.sound.cue(cue)

    def action_volume_up(self) -> None:
        self.sound.volume_up()
        self._show_sound()

    def action_volume_down(self) -> None:
        self.sound.volume_down()
        self._show_sound()

    def on_sound_changed(self, _: SoundChanged) -> None:
        self._show_sound()

    def _show_sound(self) -> None:
        if not self.uses_sound:
            return
        status = self.sound.status()
        self._set("#volume", volume_words(status.volume, status.muted))
        self.query_one("#volume").display = status.available
        self._set("#sound-note", "" if status.available else status.unavailable_reason or "")

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(literal(text))
