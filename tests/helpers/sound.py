"""Sound in tests: ALSA's ``file`` plugin (what reaches ALSA lands in a file, no card needed), the
mark for tests that need simpleaudio, and waiting on a player's child process.

With ``truncate false`` each opening of the device (one per buffer simpleaudio plays) writes a new
file ``out.raw``, ``out.raw.0001``, ...; read in order they are everything that reached ALSA.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path

import pytest

needs_sound = pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None,
    reason="needs simpleaudio (the sound extra: make sound) and ALSA's file plugin",
)
"""For tests of what really reaches ALSA; everything else uses tests/fake_sound_child.py
(:func:`tests.helpers.apps.fake_player`)."""


def write_asoundrc(home: Path, keep: bool = True) -> Path:
    """Point ALSA's default device (for programs with this HOME) at a file; returns the file.

    The null device takes sound far faster than real time (a looping track writes some 100 MB a
    second), so tests that only need sound to work pass ``keep=False``: it goes to /dev/null.
    """
    out = home / "alsa" / "out.raw"
    out.parent.mkdir(parents=True, exist_ok=True)
    target = (
        f'  file "{out}"\n  format "raw"\n  truncate false\n' if keep else '  file "/dev/null"\n'
    )
    (home / ".asoundrc").write_text(
        f'pcm.!default {{\n  type file\n  slave.pcm "null"\n{target}}}\n'
    )
    return out


def captured(out: Path) -> bytes:
    files = sorted(out.parent.glob(out.name + "*"), key=lambda p: p.name)
    return b"".join(p.read_bytes() for p in files)


def captured_size(out: Path) -> int:
    return sum(p.stat().st_size for p in out.parent.glob(out.name + "*"))


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def gone(pid: int) -> bool:
    """True once the process no longer exists, not even as a zombie."""
    return not Path(f"/proc/{pid}").exists()
