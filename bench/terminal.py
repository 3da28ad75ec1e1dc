"""A command on a real pseudo-terminal, timed by what it draws (bench-only; see tests/helpers/terminal.py)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
)


class Terminal:
    """Starts ``args`` on an 80x24 pseudo-terminal; the clock starts just before the fork."""

    def __init__(self, args: Sequence[str], env: dict[str, str], size: tuple[int, int] = (80, 24)):
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full = {**env, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(args),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()
        self._mark = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:
            return False
        self.raw.extend(chunk)
        return bool(chunk)

    def seen(self, needle: str) -> bool:
        text = ANSI.sub(b"", bytes(self.raw[self._mark :]))
        return needle.encode() in text

    def wait_for(self, needle: str, timeout: float = 20.0) -> float:
        """perf_counter() at the read that completed ``needle`` (drawn after the last mark)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._read(0.05) and self.seen(needle):
                return time.perf_counter()
            if self.proc.poll() is not None and not self._read(0.05):
                break
        raise TimeoutError(f"{needle!r} was not drawn; last output: {self.raw[-300:]!r}")

    def wait_exit(self, timeout: float) -> int | None:
        """Read (so the program never blocks on a full terminal) until it ends; its exit code,
        or None if it is still running after ``timeout`` seconds."""
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None and time.perf_counter() < deadline:
            self._read(0.1)
        return self.proc.poll()

    def settle(self, quiet: float = 0.05, limit: float = 2.0) -> None:
        """Read until the program has drawn nothing for ``quiet`` seconds, then mark."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self._read(quiet):
            pass
        self._mark = len(self.raw)

    def send(self, keys: bytes) -> float:
        """Write a key press; return the time it was written."""
        now = time.perf_counter()
        os.write(self.master, keys)
        return now

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.master)
