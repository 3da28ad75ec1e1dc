"""The terminal closes or the app is told to stop: the words typed a moment before survive."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.helpers.terminal import gone, offered_back, open_words, words_env


@pytest.mark.parametrize(
    ("sig", "code"),
    [
        (signal.SIGHUP, 128 + signal.SIGHUP),
        (signal.SIGTERM, 128 + signal.SIGTERM),
        (signal.SIGINT, 128 + signal.SIGINT),
    ],
)
def test_signal_keeps_the_words_typed_a_moment_before(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    env, args = words_env(tmp_path)
    words = "the light on the water felt kind"
    app = open_words(env, args)
    try:
        app.type(words)  # no pause: the draft timer has not fired yet
        started = time.monotonic()
        app.signal(sig)
        assert app.wait_exit(5) == code
        assert time.monotonic() - started < 4
        assert gone(app)
    finally:
        app.close()
    assert offered_back(env, args, words)


def test_sigterm_restores_the_terminal(tmp_path: Path) -> None:
    env, args = words_env(tmp_path)
    app = open_words(env, args)
    try:
        app.type("a few words")
        app.mark()
        app.signal(signal.SIGTERM)
        assert app.wait_exit(5) == 128 + signal.SIGTERM
        app.pump(0.1)
        assert b"\x1b[?1049l" in app.raw  # left the alternate screen: the shell is usable again
    finally:
        app.close()


def test_closing_the_terminal_window_keeps_the_words(tmp_path: Path) -> None:
    """No signal sent by the test: the kernel sends SIGHUP when the terminal goes away."""
    env, args = words_env(tmp_path)
    words = "written just before the window closed"
    app = open_words(env, args, controlling=True)
    try:
        app.type(words)
        started = time.monotonic()
        app.hang_up()
        assert app.proc.wait(5) == 128 + signal.SIGHUP
        assert time.monotonic() - started < 4
        assert gone(app)
    finally:
        app.close()
    assert offered_back(env, args, words)
