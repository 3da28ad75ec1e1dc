"""The sound process misbehaves while the real app runs: the app goes on and no child is left.

A ``sitecustomize`` on PYTHONPATH makes the app's own player (``app.sound.player``) play
a looping track and writes down the child's pid
and, when the app closes its sound, the reason sound was off. ALSA plays into its ``file`` plugin.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.helpers.sound import needs_sound, write_asoundrc
from tests.helpers.terminal import gone, offered_back, open_words, words_env

HOOK = """\
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
if os.environ.get("HARDEN_NO_SIMPLEAUDIO"):
    sys.modules["simpleaudio"] = None  # as if it were not installed (the child sees it too)

if "companion.audio._child" not in " ".join(sys.orig_argv):
    from companion.app.app import CompanionApp

    _mount = CompanionApp.on_mount
    _close = CompanionApp.close_sound

    def on_mount(self):
        _mount(self)
        player = self.sound.player  # the app's own player, made as a sound step would
        player.play("rain", loop=True)
        (HERE / "child.pid").write_text(str(player.pid or ""))

    def close_sound(self):
        (HERE / "reason.txt").write_text(str(self.sound.player.unavailable_reason))
        _close(self)

    CompanionApp.on_mount = on_mount
    CompanionApp.close_sound = close_sound
"""


def alive(pid: int) -> bool:
    """Running or a zombie: either way, still in the process table."""
    return Path(f"/proc/{pid}").exists()


def wait_until(condition: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def sound_env(tmp_path: Path) -> tuple[dict[str, str], list[str], Path]:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    write_asoundrc(Path(os.environ["HOME"]))
    env, args = words_env(tmp_path, PYTHONPATH=str(hook))
    return env, args, hook


def child_pid(hook: Path) -> int:
    assert wait_until(lambda: (hook / "child.pid").exists())
    text = (hook / "child.pid").read_text()
    assert text, "the player's child did not start"
    return int(text)


@needs_sound
def test_sound_killed_mid_track(sound_env: tuple[dict[str, str], list[str], Path]) -> None:
    env, args, hook = sound_env
    app = open_words(env, args)
    try:
        pid = child_pid(hook)
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not alive(pid))  # reaped by the app: no zombie
        words = "the sound stopped but I did not"
        app.type(words)
        assert app.wait_for(words)
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        assert gone(app)
    finally:
        app.close()
    assert (hook / "reason.txt").read_text().endswith("the sound player stopped.")
    assert offered_back({k: v for k, v in env.items() if k != "PYTHONPATH"}, args, words)


@needs_sound
def test_sound_hung_then_the_terminal_closes(
    sound_env: tuple[dict[str, str], list[str], Path],
) -> None:
    env, args, hook = sound_env
    app = open_words(env, args)
    try:
        pid = child_pid(hook)
        os.kill(pid, signal.SIGSTOP)
        words = "still here while the sound is stuck"
        app.type(words)
        assert app.wait_for(words)
        app.signal(signal.SIGHUP)
        assert app.wait_exit(5) == 128 + signal.SIGHUP
        assert gone(app)
        assert wait_until(lambda: not alive(pid), 5)  # killed though it was stopped
    finally:
        app.close()
    assert offered_back({k: v for k, v in env.items() if k != "PYTHONPATH"}, args, words)


def test_sound_missing(sound_env: tuple[dict[str, str], list[str], Path]) -> None:
    env, args, hook = sound_env
    env["HARDEN_NO_SIMPLEAUDIO"] = "1"
    app = open_words(env, args)
    try:
        words = "quiet without any sound"
        app.type(words)
        assert app.wait_for(words)
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        assert gone(app)
    finally:
        app.close()
    assert "not installed" in (hook / "reason.txt").read_text()
