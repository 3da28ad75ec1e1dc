"""The app's side of the sound player: a calm, non-blocking handle on the child process.

Sound is optional. The child (:mod:`companion.audio._child`) is started on first need; if
simpleaudio is missing, there is no sound device, or the child dies or stops answering, the player
becomes unavailable with one plain sentence (:attr:`Player.unavailable_reason`) and every method
quietly does nothing. No method raises, and none waits on the child: commands are written to a
non-blocking pipe and events are read by a background thread.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from companion import platform
from companion.audio import pcm
from companion.audio.catalog import Catalog, CatalogError, Track, load_catalog
from companion.audio.pcm import DEFAULT_VOLUME, MAX_VOLUME, gain_for_volume

PREFIX = "Sound is not available on this computer: "
REASONS = {
    "not-installed": PREFIX + "the sound library is not installed.",
    "no-device": PREFIX + "no sound device was found.",
    "stopped": PREFIX + "the sound player stopped.",
    "hung": PREFIX + "the sound player stopped responding.",
    "start": PREFIX + "the sound player could not be started.",
}
END_OF_TRACK = "That's the end of the track. Go on whenever you are ready."
CHILD = [sys.executable, "-m", "companion.audio._child"]
"""The child is spawned, never forked: a fresh interpreter, the same on every platform, that
carries none of the app's memory, threads or open files."""


State = Literal["stopped", "playing", "paused"]


@dataclass(frozen=True)
class PlayerStatus:
    """What the player is doing, for the screen to show."""

    state: State
    """Whether a track is playing, paused or not playing."""
    track: Track | None
    """The track last asked for (kept after it stops)."""
    elapsed: float
    """Seconds the track has been heard since play() (pauses do not count)."""
    volume: int
    """The volume step, 0..MAX_VOLUME."""
    muted: bool
    """Whether the sound is muted (the volume is kept for unmuting)."""
    available: bool
    """False once sound is known not to work here."""
    unavailable_reason: str | None
    """One calm sentence saying why sound is off, or None."""
    problem: str | None
    """The last track that could not be played, in plain words, or None."""


class Player:
    """Plays the catalog's tracks from a child process; never raises, never blocks."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        volume: int = DEFAULT_VOLUME,
        muted: bool = False,
        command: Sequence[str] | None = None,
        hang_after: float = 5.0,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        """``on_change`` is called (from a background thread) when the state changes by itself."""
        self._catalog = catalog
        self._volume = max(0, min(MAX_VOLUME, volume))
        self._muted = muted
        self._command = list(command or CHILD)
        self._hang_after = hang_after
        self._on_change = on_change
        self._lock = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._reason: str | None = None
        self._problem: str | None = None
        self._seq = 0
        self._play_id = 0
        self._pending: dict[int, float] = {}
        self._state: State = "stopped"
        self._track: Track | None = None
        self._length: float | None = None
        self._track_loops = False
        self._heard = 0.0
        self._since = 0.0
        self._closed = False
        atexit.register(_close_at_exit, weakref.ref(self))

    @property
    def available(self) -> bool:
        """True until sound is known not to work (the child is only started when needed)."""
        self._check_hang()
        return self._reason is None

    @property
    def unavailable_reason(self) -> str | None:
        """One calm sentence saying why there is no sound, or None."""
        self._check_hang()
        return self._reason

    @property
    def answered(self) -> bool:
        """Whether the child has answered every command sent so far (or sound is known to be
        off). A front end with no screen to redraw later (the plain mode) can wait on this for
        a moment after Play, to say at once that there is no sound."""
        with self._lock:
            return not self._pending or self._reason is not None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (for tests and diagnostics)."""
        proc = self._proc
        return None if proc is None else proc.pid

    @property
    def volume(self) -> int:
        """The volume step, 0..MAX_VOLUME."""
        return self._volume

    @property
    def muted(self) -> bool:
        """Whether the sound is muted."""
        return self._muted

    @property
    def position(self) -> float:
        """Seconds heard of the current track (looping tracks keep counting)."""
        with self._lock:
            heard = self._heard
            if self._state == "playing":
                heard += time.monotonic() - self._since
            if self._length is not None and self._track is not None and not self._track_loops:
                heard = min(heard, self._length)
            return heard

    def start(self) -> None:
        """Start the child now rather than on first play (optional; never blocks for long)."""
        with self._lock:
            self._ensure_child()

    def play(
        self,
        track: str | Track,
        *,
        loop: bool | None = None,
        volume: int | None = None,
        fade_in: float = 1.0,
    ) -> None:
        """Play a track (by catalog id or as a Track) from the start, fading in."""
        with self._lock:
            if self._closed or self._reason is not None:
                return
            resolved = self._resolve(track)
            if resolved is None:
                return
            if volume is not None:
                self._volume = max(0, min(MAX_VOLUME, volume))
            self._play_id += 1
            self._track, self._problem = resolved, None
            self._track_loops = resolved.loop if loop is None else loop
            self._length = pcm.duration_of(resolved.file)
            self._heard, self._since, self._state = 0.0, time.monotonic(), "playing"
            self._send(
                {
                    "cmd": "play",
                    "play": self._play_id,
                    "path": str(resolved.file),
                    "loop": self._track_loops,
                    "gain": self._gain(),
                    "fade": max(0.0, fade_in),
                }
            )

    def pause(self, fade_out: float = 0.3) -> None:
        """Pause with a short fade; resume() carries on from the same place."""
        with self._lock:
            if self._state == "playing":
                self._heard += time.monotonic() - self._since
                self._state = "paused"
                self._send({"cmd": "pause", "fade": max(0.0, fade_out)})

    def resume(self, fade_in: float = 0.3) -> None:
        """Carry on after pause(), fading back in."""
        with self._lock:
            if self._state == "paused":
                self._since, self._state = time.monotonic(), "playing"
                self._send({"cmd": "resume", "fade": max(0.0, fade_in)})

    def toggle_pause(self) -> None:
        """Pause when playing, resume when paused."""
        if self._state == "playing":
            self.pause()
        elif self._state == "paused":
            self.resume()

    def stop(self, fade_out: float = 1.0) -> None:
        """Stop the track, fading out over ``fade_out`` seconds."""
        with self._lock:
            if self._state != "stopped":
                if self._state == "playing":
                    self._heard += time.monotonic() - self._since
                self._state = "stopped"
                self._send({"cmd": "stop", "fade": max(0.0, fade_out)})

    def set_volume(self, volume: int) -> None:
        """Set the volume step (clamped to 0..MAX_VOLUME)."""
        with self._lock:
            volume = max(0, min(MAX_VOLUME, volume))
            if volume != self._volume:
                self._volume = volume
                self._send_gain()

    def volume_up(self) -> None:
        """One step louder."""
        self.set_volume(self._volume + 1)

    def volume_down(self) -> None:
        """One step softer."""
        self.set_volume(self._volume - 1)

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute (the volume step is kept)."""
        with self._lock:
            if muted != self._muted:
                self._muted = muted
                self._send_gain()

    def toggle_mute(self) -> bool:
        """Flip mute; returns whether it is now muted."""
        self.set_muted(not self._muted)
        return self._muted

    def status(self) -> PlayerStatus:
        """A snapshot of the player for the screen."""
        self._check_hang()
        with self._lock:
            return PlayerStatus(
                state=self._state,
                track=self._track,
                elapsed=self.position,
                volume=self._volume,
                muted=self._muted,
                available=self._reason is None,
                unavailable_reason=self._reason,
                problem=self._problem,
            )

    def close(self) -> None:
        """Stop sound and end the child (it is killed if it does not leave at once)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._state == "playing":
                self._heard += time.monotonic() - self._since
            self._state = "stopped"
            proc, self._proc = self._proc, None
        if proc is not None:
            _end(proc, self._line({"cmd": "quit"}))

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _resolve(self, track: str | Track) -> Track | None:
        if isinstance(track, Track):
            return track
        if self._catalog is None:
            try:
                self._catalog = load_catalog()
            except CatalogError as exc:
                self._problem = f"The sounds cannot be found: {exc}"
                return None
        found = self._catalog.tracks.get(track)
        if found is None:
            self._problem = f"There is no sound called '{track}'."
        return found

    def _gain(self) -> float:
        return 0.0 if self._muted else gain_for_volume(self._volume)

    def _send_gain(self) -> None:
        if self._proc is not None:
            self._send({"cmd": "gain", "gain": self._gain()})

    def _line(self, message: dict[str, Any]) -> bytes:
        return (json.dumps(message) + "\n").encode()

    def _ensure_child(self) -> subprocess.Popen[bytes] | None:
        if self._proc is not None or self._reason is not None or self._closed:
            return self._proc
        try:
            proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                **platform.child_options(),  # the terminal's Ctrl+C is the app's, not the child's
            )
        except OSError:
            self._unavailable("start")
            return None
        assert proc.stdin is not None
        # Where a pipe cannot be made non-blocking (Windows before Python 3.12), a write to a
        # child that stopped reading could wait; the hang check before each send still ends it.
        platform.set_nonblocking(proc.stdin.fileno())
        self._proc = proc
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()
        return proc

    def _send(self, message: dict[str, Any]) -> None:
        if self._closed or self._reason is not None or self._check_hang():
            return
        proc = self._ensure_child()
        if proc is None or proc.stdin is None:
            return
        self._seq += 1
        message["seq"] = self._seq
        try:
            os.write(proc.stdin.fileno(), self._line(message))
        except BlockingIOError:  # the pipe is full: the child is not reading
            self._unavailable("hung")
            return
        except OSError:  # the pipe is broken: the child has gone
            self._unavailable("stopped")
            return
        self._pending[self._seq] = time.monotonic()

    def _check_hang(self) -> bool:
        with self._lock:
            if self._reason is None and self._pending:
                oldest = min(self._pending.values())
                if time.monotonic() - oldest > self._hang_after:
                    self._unavailable("hung")
            return self._reason is not None

    def _unavailable(self, why: str) -> None:
        with self._lock:
            if self._reason is None:
                self._reason = REASONS[why]
            if self._state == "playing":
                self._heard += time.monotonic() - self._since
            self._state = "stopped"
            self._pending.clear()
            proc, self._proc = self._proc, None
        if proc is not None:
            _dispose(proc)

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        """The reader thread: apply the child's events until its stdout closes."""
        assert proc.stdout is not None
        for raw in proc.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if isinstance(event, dict):
                self._apply(event)
        with self._lock:
            ours = self._proc is proc
        if ours and not self._closed:
            self._unavailable("stopped")
            self._notify()
        _reap(proc)

    def _apply(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        with self._lock:
            if "ack" in event:
                self._pending.pop(event["ack"], None)
                return
            current = event.get("play") == self._play_id
            if kind == "unavailable":
                reason = event.get("reason")
                self._reason = self._reason or REASONS.get(str(reason), REASONS["stopped"])
                self._state = "stopped"
                self._pending.clear()
            elif kind == "ended" and current and self._state == "playing":
                self._heard += time.monotonic() - self._since
                self._state = "stopped"
            elif kind == "error" and current:
                self._problem = "That sound cannot be played."
                self._state = "stopped"
            else:
                return
        self._notify()

    def _notify(self) -> None:
        if self._on_change is not None:
            self._on_change()


def _end(proc: subprocess.Popen[bytes], farewell: bytes) -> None:
    """Ask the child to leave, close its stdin, and kill it if it is still there shortly after."""
    if proc.stdin is not None:
        # A child that is gone or stuck cannot take the farewell; kill() below deals with both.
        with contextlib.suppress(OSError):
            if farewell:
                os.write(proc.stdin.fileno(), farewell)
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        proc.wait(timeout=0.2)
    except subprocess.TimeoutExpired:
        proc.kill()
        _reap(proc)


def _dispose(proc: subprocess.Popen[bytes]) -> None:
    """End a child that is no longer wanted without making the caller wait."""
    with contextlib.suppress(OSError):
        proc.kill()
    threading.Thread(target=_end, args=(proc, b""), daemon=True).start()


def _reap(proc: subprocess.Popen[bytes]) -> None:
    """Collect the child's exit status so that no zombie is left."""
    try:
        proc.wait(timeout=2.0)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _close_at_exit(ref: weakref.ReferenceType[Player]) -> None:
    player = ref()
    if player is not None:
        player.close()
