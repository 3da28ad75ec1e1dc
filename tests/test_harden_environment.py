"""A hostile world: no home, no colours, a tiny window, no terminal, a folder that is not ours."""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from companion.cli.launch import NEEDS_A_TERMINAL
from tests.helpers.terminal import PtyApp, gone, offered_back, open_words, words_env

REPO = Path(__file__).resolve().parent.parent


def resize(app: PtyApp, cols: int, rows: int) -> None:
    """What a terminal does when its window is resized."""
    fcntl.ioctl(app.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    app.proc.send_signal(signal.SIGWINCH)


def test_stdin_not_a_terminal_is_explained_without_hanging() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "companion"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2
    assert NEEDS_A_TERMINAL.format(command="companion") in done.stderr
    assert "companion plain" in done.stderr  # the way that needs no full-screen terminal
    assert "Traceback" not in done.stderr


def test_resized_too_small_mid_step_and_back_keeps_the_words(tmp_path: Path) -> None:
    env, args = words_env(tmp_path)
    words = "slow breath and warm hands"
    app = open_words(env, args, resizable=True)
    try:
        app.type(words)
        app.mark()
        resize(app, 40, 12)
        assert app.wait_for("make the window")
        app.mark()
        resize(app, 80, 24)
        assert app.wait_for(words)
        app.type(" again")
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        assert gone(app)
    finally:
        app.close()
    assert offered_back(env, args, words + " again")


def test_starting_in_a_tiny_window_asks_for_more_room(tmp_path: Path) -> None:
    env, args = words_env(tmp_path)
    app = PtyApp(args, env, size=(30, 8), cwd=REPO, resizable=True)
    try:
        assert app.wait_for("make the window")
        resize(app, 80, 24)
        assert app.wait_for("Welcome")
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()


def test_a_terminal_without_colours(tmp_path: Path) -> None:
    env, args = words_env(tmp_path, TERM="dumb", NO_COLOR="1")
    words = "plain words on a plain screen"
    app = open_words(env, args)
    try:
        app.type(words)
        assert app.wait_for(words)
        assert b"\x1b[38;2;" not in app.raw and b"\x1b[48;2;" not in app.raw
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()
    assert offered_back(env, args, words)


def test_home_unset(tmp_path: Path) -> None:
    env, args = words_env(tmp_path)
    for name in ("HOME", "COMPANION_HOME"):
        env.pop(name, None)
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    words = "no home but a place for words"
    app = open_words(env, args)
    try:
        app.type(words)
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()
    journal = tmp_path / "xdg-data" / "companion" / "journal.db"
    assert journal.is_file()
    assert oct(journal.stat().st_mode & 0o777) == oct(0o600)
    assert offered_back(env, args, words)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_data_folder_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "companion"
    data = home / "data"
    data.mkdir(parents=True)
    data.chmod(0o755)
    os.chown(data, 65534, 65534)  # nobody
    env, args = words_env(tmp_path, COMPANION_HOME=str(home))
    app = PtyApp(args, env, cwd=REPO)
    try:
        assert app.wait_exit(15) == 1
    finally:
        app.close()
    text = app.text.replace("\r\n", " ").replace("\n", " ")
    assert "belongs to another user" in text and "private notes cannot be kept there" in text
    assert "Traceback" not in text
    assert list(data.iterdir()) == []
