"""A sound child for app tests and snapshots that plays into nothing, in real time.

It is the real child (``companion.audio._child.serve``) with a stand-in for simpleaudio whose
buffers "play" for as long as they last, so the app's player, its pipe protocol, pauses, ends of
tracks and volume all behave as with a sound card, on machines with no sound library or device.
``--no-device`` makes it answer as a machine without a sound card does.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from typing import Any

from companion.audio._child import serve


class FakeDeviceError(Exception):
    """What simpleaudio raises when the device cannot be opened."""


class _Playing:
    def __init__(self, seconds: float) -> None:
        self._until = time.monotonic() + seconds

    def is_playing(self) -> bool:
        return time.monotonic() < self._until

    def stop(self) -> None:
        self._until = 0.0


class FakeSimpleaudio:
    """The part of simpleaudio the child uses."""

    def __init__(self, no_device: bool) -> None:
        self.no_device = no_device

    def play_buffer(self, body: bytes, channels: int, width: int, rate: int) -> _Playing:
        if self.no_device:
            raise FakeDeviceError("Error opening PCM device. -- CODE: -2")
        return _Playing(len(body) / (channels * width * rate))


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def send(event: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    return serve(FakeSimpleaudio("--no-device" in sys.argv), FakeDeviceError, send)


if __name__ == "__main__":
    raise SystemExit(main())
