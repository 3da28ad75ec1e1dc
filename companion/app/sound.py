"""The app's one sound player: made when a step first needs sound, closed however the app ends.

The :class:`~companion.audio.player.Player` (and its child process) does not exist at start-up.
A step that may play asks for :attr:`AppSound.player` when it is shown, which makes the player
with the remembered volume and mute and starts its child, so that the first press of Play is
quick. Each step plays as an *owner*: leaving the step stops only what that step started.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message
from textual.widget import Widget

from companion.audio.catalog import Catalog, LazyCatalog, Track, load_catalog
from companion.settings import SettingsFile

if TYPE_CHECKING:
    from companion.audio.player import Player, PlayerStatus

PlayerFactory = Callable[..., "Player"]


class SoundChanged(Message):
    """The player changed by itself (a track ended, sound turned out to be unavailable)."""


def volume_words(volume: int, muted: bool) -> str:
    """The volume as the patient sees it: a row of dots, or that it is muted."""
    from companion.audio.pcm import MAX_VOLUME  # the sound module (wave): not at start-up

    if muted:
        return "Volume: muted (m to hear it again)"
    return f"Volume {'●' * volume}{'○' * (MAX_VOLUME - volume)} {volume} of {MAX_VOLUME}"


class AppSound:
    """Owns the app's player; remembers the volume and mute through the app's settings."""

    def __init__(self, settings: SettingsFile, factory: PlayerFactory | None = None) -> None:
        self.settings = settings
        self.factory = factory
        """Makes the player (tests may swap it before the first sound step); None for the real
        :class:`Player`, imported when the first step needs sound, not at start-up."""
        self._player: Player | None = None
        self._cue_player: Player | None = None
        self._owner: object | None = None
        self._listeners: list[Widget] = []
        self._closed = False
        self._catalog = LazyCatalog(lambda: load_catalog())  # looked up when read

    @property
    def catalog(self) -> Catalog | None:
        """The bundled sound catalog, read once (None when it cannot be read)."""
        return self._catalog.get()

    def track(self, track_id: str) -> Track | None:
        """The catalog's track, for its title."""
        return self._catalog.track(track_id)

    @property
    def started(self) -> bool:
        """Whether the player has been made (it is not, until a step needs sound)."""
        return self._player is not None

    @property
    def player(self) -> Player:
        """The player, made on first use with the remembered volume and mute."""
        if self._player is None:
            volume, muted = self.remembered()
            self._player = self._factory()(
                self.catalog, volume=volume, muted=muted, on_change=self._changed
            )
            if self._closed:
                self._player.close()
        return self._player

    @property
    def cue_player(self) -> Player:
        """A second player for breathing cues, so that a chime never cuts off the background
        sound (a player plays one track at a time). Made the first time a cue is played."""
        if self._cue_player is None:
            volume, muted = self.remembered()
            self._cue_player = self._factory()(self.catalog, volume=volume, muted=muted)
            if self._closed:
                self._cue_player.close()
        return self._cue_player

    def _factory(self) -> PlayerFactory:
        if self.factory is not None:
            return self.factory
        from companion.audio.player import Player

        return Player

    def cue(self, track: str) -> None:
        """Play a short cue tone over whatever else is playing."""
        self.cue_player.play(track, loop=False, fade_in=0.0)

    def remembered(self) -> tuple[int, bool]:
        """The volume and mute from the settings (the defaults when there are none)."""
        from companion.audio.pcm import remembered_sound

        return remembered_sound(self.settings.current)

    def prepare(self) -> None:
        """Start the player's child now, so that Play answers at once."""
        self.player.start()

    def status(self) -> PlayerStatus:
        return self.player.status()

    def play(
        self, owner: object, track: str, *, loop: bool | None = None, fade_in: float = 1.0
    ) -> None:
        self._owner = owner
        self.player.play(track, loop=loop, fade_in=fade_in)

    def owns(self, owner: object) -> bool:
        """Whether ``owner`` started what the player holds now."""
        return self._owner is owner

    def pause(self, owner: object) -> None:
        if self.owns(owner):
            self.player.pause()

    def resume(self, owner: object) -> None:
        if self.owns(owner):
            self.player.resume()

    def stop(self, owner: object, fade_out: float = 1.0) -> None:
        """Stop what ``owner`` started (nothing else)."""
        if self._cue_player is not None:
            self._cue_player.stop(fade_out=0.2)
        if self._player is not None and self.owns(owner):
            self._owner = None
            self._player.stop(fade_out=fade_out)

    def volume_up(self) -> None:
        self.player.volume_up()
        self._remember()

    def volume_down(self) -> None:
        self.player.volume_down()
        self._remember()

    def toggle_mute(self) -> bool:
        muted = self.player.toggle_mute()
        self._remember()
        self._changed()
        return muted

    def _remember(self) -> None:
        player = self.player
        self.settings.change(volume=player.volume, muted=player.muted)
        if self._cue_player is not None:
            self._cue_player.set_volume(player.volume)
            self._cue_player.set_muted(player.muted)

    def listen(self, widget: Widget) -> None:
        """Send ``widget`` a :class:`SoundChanged` whenever the player changes by itself."""
        self._listeners.append(widget)

    def unlisten(self, widget: Widget) -> None:
        if widget in self._listeners:
            self._listeners.remove(widget)

    def _changed(self) -> None:
        # Called from the player's reader thread: post_message is thread-safe and never waits.
        for widget in list(self._listeners):
            widget.post_message(SoundChanged())

    def close(self) -> None:
        """Stop sound and end the child; safe to call more than once."""
        self._closed = True
        self._listeners.clear()
        for player in (self._player, self._cue_player):
            if player is not None:
                player.close()


@runtime_checkable
class SoundHost(Protocol):
    """An app with one :class:`AppSound` (the companion app and its preview)."""

    sound: AppSound


def sound_of(widget: Widget) -> AppSound:
    """The sound of the app ``widget`` is in."""
    app = widget.app
    if not isinstance(app, SoundHost):
        raise TypeError(f"{type(app).__name__} has no sound player")
    return app.sound
