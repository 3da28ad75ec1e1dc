"""The sound player's child process: ``python -m companion.audio._child``.

It owns simpleaudio so that ALSA's messages (its stderr goes nowhere) and any crash stay out of
the app. It reads one JSON command per line on stdin and writes one JSON event per line on stdout:

commands  ``{"cmd": "play", "seq": n, "play": id, "path": str, "loop": bool, "gain": g,
          "fade": s}``, ``{"cmd": "pause"|"stop", "seq": n, "fade": s}``,
          ``{"cmd": "resume", "seq": n, "fade": s}``, ``{"cmd": "gain", "seq": n, "gain": g}``,
          ``{"cmd": "quit"}``
events    ``{"event": "ready"}``, ``{"ack": n}`` after each command,
          ``{"event": "ended", "play": id}`` when a track that does not loop has finished,
          ``{"event": "error", "play": id, "message": str}`` for a file it cannot play,
          ``{"event": "unavailable", "reason": "not-installed"|"no-device"}`` just before it exits.

When stdin closes (the app ended, however it ended) playback stops and the process exits.

simpleaudio opens the sound device for each buffer it is given, so playing in small chunks would
leave gaps. The child plays long buffers instead: the rest of the track, or for a loop the rest of
the pass plus whole passes up to :data:`LOOP_SECONDS`. A change of volume, a pause or a stop starts
a new buffer at the position worked out from the clock, with a short ramp so nothing clicks.
"""

from __future__ import annotations

import json
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from companion.audio import pcm

LOOP_SECONDS = 90.0
RAMP_SECONDS = 0.05


class NoDeviceError(Exception):
    """The sound device cannot be opened."""


class Engine:
    """Plays one track at a time through simpleaudio."""

    def __init__(self, simpleaudio: Any, error: type[Exception], send: Any) -> None:
        self.sa = simpleaudio
        self.error = error
        self.send = send
        self.sound: pcm.Sound | None = None
        self.path = ""
        self.play_id = 0
        self.loop = False
        self.gain = 1.0
        self.scaled: tuple[float, bytes] | None = None
        self.current: Any = None
        self.tail: Any = None
        self.started = 0.0
        self.first_frame = 0
        self.frames = 0
        self.state = "idle"
        self.paused_at = 0

    def handle(self, cmd: dict[str, Any]) -> None:
        """Carry out one command."""
        name = cmd.get("cmd")
        fade = float(cmd.get("fade", 0.0))
        if name == "play":
            self.play(str(cmd["path"]), int(cmd.get("play", 0)), bool(cmd.get("loop")), cmd)
        elif name == "gain":
            self.set_gain(float(cmd["gain"]))
        elif name == "pause" and self.state == "playing":
            self.paused_at = self.fade_out(fade)
            self.state = "paused"
        elif name == "resume" and self.state == "paused":
            self.start(self.paused_at, 0.0, fade)
        elif name == "stop" and self.state != "idle":
            if self.state == "playing":
                self.fade_out(fade)
            self.state = "idle"

    def play(self, path: str, play_id: int, loop: bool, cmd: dict[str, Any]) -> None:
        self.halt()
        self.play_id = play_id
        if path != self.path or self.sound is None:
            try:
                self.sound = pcm.read_wav(Path(path))
            except pcm.SoundFileError as exc:
                self.state = "idle"
                self.send({"event": "error", "play": play_id, "message": str(exc)})
                return
            self.path, self.scaled = path, None
        self.loop = loop
        self.gain = min(1.0, max(0.0, float(cmd.get("gain", 1.0))))
        self.start(0, 0.0, float(cmd.get("fade", 0.0)))

    def set_gain(self, gain: float) -> None:
        old, self.gain = self.gain, min(1.0, max(0.0, gain))
        if self.state == "playing" and old != self.gain:
            self.start(self.position(), old / self.gain if self.gain else 0.0, RAMP_SECONDS)

    def halt(self) -> None:
        """Stop every buffer at once."""
        for obj in (self.current, self.tail):
            if obj is not None:
                obj.stop()
        self.current = self.tail = None

    def position(self) -> int:
        """The frame being heard now, from the clock (the device plays in real time)."""
        assert self.sound is not None
        if self.current is None or not self.current.is_playing():
            done = self.first_frame + self.frames
        else:
            played = int((time.monotonic() - self.started) * self.sound.rate)
            done = self.first_frame + min(played, self.frames)
        return done % self.sound.frames if self.loop else min(done, self.sound.frames)

    def bytes_at(self, gain: float) -> bytes:
        """The whole track at ``gain``, as the bytes ALSA is given (made once per gain)."""
        assert self.sound is not None
        if self.scaled is None or self.scaled[0] != gain:
            self.scaled = (gain, pcm.to_bytes(pcm.scaled(self.sound.samples, gain)))
        return self.scaled[1]

    def start(self, frame: int, ramp_from: float, ramp: float) -> None:
        """Play from ``frame``, the gain rising from ``ramp_from`` x gain over ``ramp`` seconds.

        The buffer is built once, in place: a 90-second loop is several megabytes, and building
        it from array slices and sums used to hold five copies of it at the same time.
        """
        assert self.sound is not None
        sound, ch = self.sound, self.sound.channels
        self.halt()
        if frame >= sound.frames and not self.loop:
            self.finish()
            return
        frame %= sound.frames
        whole = self.bytes_at(self.gain)
        passes = max(0, int(LOOP_SECONDS * sound.rate / sound.frames) - 1) if self.loop else 0
        frames = sound.frames - frame + passes * sound.frames
        ramp_len = min(frames, int(ramp * sound.rate)) * ch
        start = frame * ch
        body = bytearray()
        if ramp_len and start + ramp_len <= len(sound.samples):  # not across the loop point
            raw = sound.samples[start : start + ramp_len]
            body += pcm.to_bytes(pcm.ramped(raw, ramp_from * self.gain, self.gain, ch))
            start += ramp_len
        body += memoryview(whole)[start * 2 :]
        for _ in range(passes):
            body += whole
        self.current = self.open(body, sound)
        self.started, self.first_frame, self.frames = time.monotonic(), frame, frames
        self.state = "playing"

    def open(self, body: bytes | bytearray, sound: pcm.Sound) -> Any:
        try:
            return self.sa.play_buffer(body, sound.channels, 2, sound.rate)
        except self.error as exc:
            raise NoDeviceError(str(exc)) from exc

    def fade_out(self, seconds: float) -> int:
        """Stop with a short fade from where the track is; the frame where it fell silent."""
        assert self.sound is not None
        sound, ch = self.sound, self.sound.channels
        frame = self.position()
        self.halt()
        count = min(int(seconds * sound.rate), sound.frames - frame)
        if count > 0:
            raw = sound.samples[frame * ch : (frame + count) * ch]
            self.tail = self.open(pcm.to_bytes(pcm.ramped(raw, self.gain, 0.0, ch)), sound)
        return frame + max(count, 0)

    def tick(self) -> None:
        """Keep a loop going; report a finished track."""
        if self.state == "playing" and self.current is not None and not self.current.is_playing():
            if self.loop:
                self.start(0, 1.0, 0.0)
            else:
                self.finish()

    def finish(self) -> None:
        self.current = None
        self.state = "idle"
        self.send({"event": "ended", "play": self.play_id})


def _reader(stream: TextIO, commands: queue.Queue[dict[str, Any] | None]) -> None:
    for line in stream:
        try:
            cmd = json.loads(line)
        except ValueError:
            continue
        if isinstance(cmd, dict):
            commands.put(cmd)
    commands.put(None)


def main() -> int:
    """Serve commands until told to quit or until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = sys.stdout

    def send(event: dict[str, Any]) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    try:
        import simpleaudio
        from simpleaudio._simpleaudio import SimpleaudioError
    except ImportError:
        send({"event": "unavailable", "reason": "not-installed"})
        return 0
    return serve(simpleaudio, SimpleaudioError, send)


def serve(simpleaudio: Any, error: type[Exception], send: Any) -> int:
    """Play through ``simpleaudio`` (anything with its ``play_buffer``) until stdin closes."""
    send({"event": "ready"})
    commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
    threading.Thread(target=_reader, args=(sys.stdin, commands), daemon=True).start()
    engine = Engine(simpleaudio, error, send)
    try:
        while True:
            try:
                cmd = commands.get(timeout=0.02)
            except queue.Empty:
                engine.tick()
                continue
            if cmd is None or cmd.get("cmd") == "quit":
                engine.halt()
                return 0
            engine.handle(cmd)
            if "seq" in cmd:
                send({"ack": cmd["seq"]})
            engine.tick()
    except NoDeviceError:
        send({"event": "unavailable", "reason": "no-device"})
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
