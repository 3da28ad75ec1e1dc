"""Run the real app in a subprocess under a pseudo-terminal, as a patient's terminal would."""

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

ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
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
