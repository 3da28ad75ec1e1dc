"""The real ``companion`` command in a child process: with pipes (:func:`companion`), or under a
pseudo-terminal as a patient's terminal would run it (:class:`PtyApp`); and the hardening tests'
app, opened on a script whose first steps ask for words (:func:`open_words`)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
POSIXLESS = REPO / "tests" / "posixless"
"""On ``PYTHONPATH``, the real command runs without the POSIX-only pieces, as on Windows
(tests/posixless/sitecustomize.py)."""
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
)


def companion(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``companion ARGS`` in a subprocess with the test's environment (plus ``env``), standard
    input from ``stdin`` (a pipe, so passphrases are read one line at a time), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def _take_terminal() -> None:
    """In the child, after setsid: make its stdin (the pseudo-terminal) its controlling tty."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """The companion (or any command) on a pseudo-terminal of a given size."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        cwd: Path | None = None,
        resizable: bool = False,
        controlling: bool = False,
    ) -> None:
        """``resizable`` leaves COLUMNS and LINES unset, so the app follows window changes;
        ``controlling`` makes the pseudo-terminal the app's controlling terminal, so closing it
        (:meth:`hang_up`) makes the kernel send SIGHUP, as closing a terminal window does."""
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**env, "TERM": env.get("TERM", "xterm-256color")}
        if not resizable:
            full_env.update(COLUMNS=str(cols), LINES=str(rows))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "companion", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
            preexec_fn=_take_terminal if controlling else None,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()

    @property
    def text(self) -> str:
        """Everything the app has drawn so far, with terminal control codes removed."""
        return ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    def pump(self, timeout: float = 0.05) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.raw.extend(chunk)
            timeout = 0.01

    def wait_for(self, needle: str, timeout: float = 15.0) -> bool:
        """Wait until ``needle`` has been drawn (after the last :meth:`mark`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if needle in self.text[self._mark :]:
                return True
            if self.proc.poll() is not None:
                self.pump(0.05)
                return needle in self.text[self._mark :]
        return False

    _mark = 0

    def mark(self) -> None:
        """Only look at what is drawn from now on."""
        self.pump(0.05)
        self._mark = len(self.text)

    def type(self, keys: str, pause: float = 0.02) -> None:
        for char in keys:
            os.write(self.master, char.encode())
            time.sleep(pause)
            self.pump(0.0)

    def press(self, *keys: str) -> None:
        codes = {"enter": "\r", "tab": "\t", "escape": "\x1b", "ctrl+q": "\x11", "down": "\x1b[B",
                 "up": "\x1b[A", "right": "\x1b[C", "left": "\x1b[D", "f1": "\x1bOP", "ctrl+s": "\x13"}  # fmt: skip
        for key in keys:
            os.write(self.master, codes.get(key, key).encode())
            time.sleep(0.05)
            self.pump(0.0)

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            code = self.proc.poll()
            if code is not None:
                return code
        return None

    def hang_up(self) -> None:
        """Close the terminal's side of the pseudo-terminal, as closing the window does."""
        os.close(self.master)
        self.master = os.open(os.devnull, os.O_RDONLY)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.master)


WORDS_SCRIPT = """\
format: 1
id: first-infusion
title: Words first
phase: before
support:
  - label: Care team
    contact: Call 555-0100
steps:
  - id: feel
    type: text
    title: Your words
    prompt: Write anything at all.
  - id: more
    type: text
    title: More words
    prompt: And anything else.
"""
"""Replaces the first bundled "before" script, so the first option on the home screen opens it."""


def words_env(tmp_path: Path, **extra: str) -> tuple[dict[str, str], list[str]]:
    """Environment and arguments for the app on :data:`WORDS_SCRIPT`."""
    scripts = tmp_path / "scripts"
    scripts.mkdir(exist_ok=True)
    (scripts / "words.yaml").write_text(WORDS_SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for fixed in ("COLUMNS", "LINES"):
        env.pop(fixed, None)
    env.update(extra)
    return env, ["--scripts", str(scripts)]


def open_words(
    env: dict[str, str],
    args: list[str],
    size: tuple[int, int] = (80, 24),
    resizable: bool = False,
    controlling: bool = False,
) -> PtyApp:
    """Start the app and open the words script's first step."""
    app = PtyApp(args, env, size=size, cwd=REPO, resizable=resizable, controlling=controlling)
    assert app.wait_for("Welcome"), app.text[-2000:]
    app.press("enter")
    assert app.wait_for("Write anything"), app.text[-2000:]
    return app


def offered_back(env: dict[str, str], args: list[str], words: str) -> bool:
    """Restart, continue the unfinished run, and see whether ``words`` are shown again."""
    app = PtyApp(args, env, cwd=REPO)
    try:
        assert app.wait_for("Continue where"), app.text[-2000:]
        app.press("enter")
        shown = app.wait_for(words)
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        return shown
    finally:
        app.close()


def session_processes(session: int) -> list[int]:
    """Live (or zombie) processes in a session: a finished app leaves none behind."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def gone(app: PtyApp) -> bool:
    """The app's process has been reaped and nothing it started is left."""
    return app.proc.returncode is not None and not session_processes(app.proc.pid)
