"""An audio step: a soundscape with Play/Pause, the time heard, the volume, and a gentle end."""

from __future__ import annotations

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
from companion.app.widgets.steps.base import StepView
from companion.audio.player import END_OF_TRACK, PlayerStatus
from companion.script.model import AudioStep

TICK = 0.25
"""Seconds between updates of the time heard (4 a second: the clock shows whole seconds)."""
SOUND_BINDINGS: list[BindingType] = [
    Binding("plus,equals_sign,right_square_bracket", "volume_up", "Volume", key_display="-/+"),
    Binding("minus,left_square_bracket", "volume_down", "Softer", show=False),
    Binding("m", "app.toggle_mute", "Mute"),
]


def clock(seconds: float) -> str:
    """m:ss"""
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class AudioView(StepView):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play/Pause"),
        *SOUND_BINDINGS,
    ]
    _timer: Timer | None = None
    ended = False
    """True once the step's minutes have run out."""

    def compose(self) -> ComposeResult:
        step = self.audio
        if step.prompt:
            yield Static(literal(self.script.render(step.prompt)), classes="step-prompt")
        track = self.sound.track(step.track)
        yield Static(literal(track.title if track else step.track), id="track-title")
        if track and track.description:
            yield Static(literal(track.description), id="track-description")
        with Horizontal(classes="sound-row"):
            yield Button("Play", id="play", variant="primary")
            with Vertical(classes="sound-lines"):
                yield Static("", id="elapsed")
                yield Static("", id="volume")
        yield Static("", id="sound-note")
        yield Static("Space plays or pauses. Go on whenever you like.", classes="step-hint")

    @property
    def audio(self) -> AudioStep:
        assert isinstance(self.step, AudioStep)
        return self.step

    @property
    def sound(self) -> AppSound:
        return sound_of(self)

    @property
    def limit(self) -> float | None:
        """Seconds after which the track stops, or None."""
        minutes = self.audio.minutes
        return None if minutes is None else minutes * 60.0

    def on_mount(self) -> None:
        self.sound.listen(self)
        self.sound.prepare()
        self._timer = self.set_interval(TICK, self.tick, pause=True)
        self.tick()

    def on_unmount(self) -> None:
        self.sound.unlisten(self)
        self.sound.stop(self)

    def focus_target(self) -> Widget:
        return self.query_one("#play", Button)

    @on(Button.Pressed, "#play")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_toggle_play()

    def action_toggle_play(self) -> None:
        sound = self.sound
        state = sound.status().state if sound.owns(self) else "stopped"
        if state == "playing":
            sound.pause(self)
        elif state == "paused":
            sound.resume(self)
        else:
            self.ended = False
            sound.play(self, self.audio.track)
        self.tick()

    def action_volume_up(self) -> None:
        self.sound.volume_up()
        self.tick()

    def action_volume_down(self) -> None:
        self.sound.volume_down()
        self.tick()

    def on_sound_changed(self, _: SoundChanged) -> None:
        self.tick()

    def tick(self) -> None:
        """Bring the words up to date; only what changed is drawn again."""
        status = self.sound.status()
        mine = self.sound.owns(self)
        state = status.state if mine else "stopped"
        elapsed = status.elapsed if mine else 0.0
        limit = self.limit
        if state == "playing" and limit is not None and elapsed >= limit:
            self.sound.stop(self, fade_out=3.0)
            self.ended = True
            state, elapsed = "stopped", limit
        self._show(status, state, elapsed)
        if self._timer is not None:
            if state == "playing":
                self._timer.resume()
            else:
                self._timer.pause()

    def _show(self, status: PlayerStatus, state: str, elapsed: float) -> None:
        limit = self.limit
        heard = clock(elapsed) + (f" of {clock(limit)}" if limit is not None else "")
        words = {"playing": "Playing", "paused": "Paused"}.get(state, "")
        if self.ended:
            words = "Finished"
        self._set("#elapsed", f"{words} · {heard}" if words else heard)
        self._set("#volume", volume_words(status.volume, status.muted))
        self.query_one("#volume").display = status.available
        label = (
            "Pause"
            if state == "playing"
            else "Play"
            if state == "paused" or not self.ended
            else "Play again"
        )
        button = self.query_one("#play", Button)
        if str(button.label) != label:
            button.label = label
        if not status.available:
            note = status.unavailable_reason or ""
        elif status.problem and self.sound.owns(self):
            note = status.problem
        elif self.ended:
            note = END_OF_TRACK
        else:
            note = ""
        self._set("#sound-note", note)

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(literal(text))
