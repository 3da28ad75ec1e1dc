"""Take away the POSIX-only pieces a Windows Python does not have, before the companion starts.

Put this folder on ``PYTHONPATH`` and Python imports this module at start-up (as ``sitecustomize``)
and applies :func:`take_away` for good: ``import fcntl`` fails, ``signal.SIGHUP`` and the other
POSIX-only signals are gone, ``os.getuid``, ``os.fchmod``, ``os.set_blocking`` and
``os.O_CLOEXEC`` are gone (as in Python 3.11 on Windows), and the event loop refuses signal
handlers with ``NotImplementedError``, as Windows' loop does. ``signal.SIGBREAK`` (Windows only)
stands for SIGUSR1, so a test can send it. Child processes inherit
``PYTHONPATH``, so the sound process runs without them too.

In-process tests call :func:`take_away` with pytest's ``monkeypatch``, which puts everything back
afterwards. The terminal driver (termios) stays: Textual uses its own Windows driver there.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

MODULES = ("fcntl",)
SIGNALS = ("SIGHUP", "SIGXFSZ")
BREAK_STAND_IN = "SIGUSR1"
"""Sent by tests as Windows' SIGBREAK (Ctrl+Break, or the console window closing)."""
OS_NAMES = ("getuid", "geteuid", "getgid", "fchmod", "set_blocking", "O_CLOEXEC")


def refuse_signal_handler(self: Any, sig: int, callback: Any, *args: Any) -> None:
    raise NotImplementedError("no signal handlers on this event loop (as on Windows)")


def take_away(patch: Any) -> None:
    """Apply the removals through ``patch`` (pytest's ``monkeypatch``, or :class:`_ForGood`)."""
    for name in MODULES:
        patch.setitem(sys.modules, name, None)  # `import fcntl` now raises ImportError
    for name in SIGNALS:
        if hasattr(signal, name):
            patch.delattr(signal, name)
    for name in OS_NAMES:
        if hasattr(os, name):
            patch.delattr(os, name)
    patch.setattr(signal, "SIGBREAK", getattr(signal, BREAK_STAND_IN), raising=False)
    patch.setattr(asyncio.SelectorEventLoop, "add_signal_handler", refuse_signal_handler)


class _ForGood:
    """The monkeypatch methods :func:`take_away` uses, applied without undo."""

    def setitem(self, mapping: dict[str, Any], key: str, value: Any) -> None:
        mapping[key] = value

    def delattr(self, target: Any, name: str) -> None:
        delattr(target, name)

    def setattr(self, target: Any, name: str, value: Any, raising: bool = True) -> None:
        setattr(target, name, value)


if __name__ == "sitecustomize":
    # platformdirs loads its POSIX module here, which binds os.getuid as it is imported; on
    # Windows it loads its Windows module instead. Loaded first, it works as it would there.
    import platformdirs  # noqa: F401

    take_away(_ForGood())
