"""Everything that differs between Linux, macOS and Windows, behind one small interface.

The rest of the companion asks here instead of reaching for a POSIX-only piece itself. Each answer
is worked out when it is asked for, from what the running Python actually has (never from the
platform's name, and never at import time), so importing this module touches nothing, and a
piece that is missing is simply not used:

- **Signals**: SIGHUP, SIGTERM, SIGBREAK and SIGXFSZ exist on some systems only. The app names the
  ones it wants; :func:`on_signals` handles those this Python has, through the event loop where
  the loop can (POSIX) and through :func:`signal.signal` where it cannot (Windows).
- **Privacy by file modes**: 0600/0700 and owner checks mean something where files have POSIX
  owners and modes. On Windows the journal lives in the user's own profile folder, which other
  (non-administrator) accounts cannot open; a file's mode there is only a read-only flag, so the
  app neither reads nor "tightens" it (see docs/privacy.md).
- **Descriptors**: ``O_CLOEXEC`` where it exists; on Windows, descriptors made by :func:`os.open`
  are not inherited by child processes anyway.
- **A read-only disk**: ``statvfs`` tells it on POSIX, so a journal that cannot be written is
  explained as such; elsewhere the error the system gives is explained instead.
- **The sound process**: a fresh interpreter (``python -m companion.audio._child``), the same on
  every platform: never a fork of the app, so it carries none of the app's state or open files. In
  its own session on POSIX, in its own process group on Windows, so the terminal's Ctrl+C reaches
  the app only.

- **The local time zone's name**: ``TZ`` when it is set, else the zone database entry that
  ``/etc/localtime`` points at (Linux, macOS). Windows names its zones differently and Python
  has no map from them, so there the name is unknown and the calendar is written in UTC.

Locking the journal needs nothing from here: it is held through SQLite, which locks files with the
system's own call on every platform (``companion/journal/lock.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio
    import signal
    from pathlib import Path

# The signal module (its enums: ~0.7 ms) is imported by what handles signals, not by every
# command that only needs a file's mode from here.


def signals_named(*names: str) -> list[signal.Signals]:
    """The signals among ``names`` that exist here, in the order given (none may exist)."""
    import signal

    found = [getattr(signal, name, None) for name in names]
    return [sig for sig in found if isinstance(sig, signal.Signals)]


def on_signals(
    loop: asyncio.AbstractEventLoop, handlers: Mapping[signal.Signals, Callable[[], None]]
) -> bool:
    """Run each handler on ``loop`` when its signal arrives; False if none could be installed.

    Call from the main thread while ``loop`` runs. POSIX event loops take signal handlers
    themselves; Windows' loop does not (``NotImplementedError``), so there the Python-level
    handler only hands the work to the loop, which runs it as soon as it wakes.
    """
    installed = False
    for sig, handler in handlers.items():
        try:
            loop.add_signal_handler(sig, handler)
        except NotImplementedError:
            import signal

            try:
                signal.signal(sig, _passing_to(loop, handler))
            except (OSError, RuntimeError, ValueError):
                continue
        except (RuntimeError, ValueError):
            continue
        installed = True
    return installed


def _passing_to(loop: asyncio.AbstractEventLoop, handler: Callable[[], None]) -> Any:
    def forward(_signum: int, _frame: object) -> None:
        try:
            loop.call_soon_threadsafe(handler)
        except RuntimeError:  # the loop has already closed: do it here, now
            handler()

    return forward


def ignore_file_size_limit() -> None:
    """Where a file-size limit sends SIGXFSZ, make it fail the write instead of ending the app."""
    import signal

    for sig in signals_named("SIGXFSZ"):
        signal.signal(sig, signal.SIG_IGN)


def modes_keep_files_private() -> bool:
    """Do a file's owner and mode decide who may read it here (POSIX), or not (Windows)?"""
    return hasattr(os, "getuid")


def owned_by_someone_else(info: os.stat_result) -> bool:
    """Does a file belong to another user? (Never, where files have no POSIX owner.)"""
    getuid = getattr(os, "getuid", None)
    return getuid is not None and info.st_uid != getuid()


def set_mode(fd: int, mode: int) -> None:
    """Give an open file ``mode`` where modes keep files private; elsewhere leave it as it is."""
    if modes_keep_files_private() and hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def not_inherited() -> int:
    """The :func:`os.open` flag that keeps a descriptor out of child processes (0 if not needed)."""
    return getattr(os, "O_CLOEXEC", 0)


def reading_flags() -> int:
    """:func:`os.open` flags to read a file's bytes as they are without ever waiting on it:
    non-blocking where that exists (a FIFO swapped in for a file must not hang the reader), and
    binary where the system would otherwise translate line endings (Windows)."""
    return os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def sync_folder(folder: Path) -> None:
    """Make renames and removals in ``folder`` durable: an ``fsync`` of the folder where the
    system can open one (POSIX); Windows has no such call and makes them durable itself."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:
        return
    fd = os.open(folder, os.O_RDONLY | flag)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_only_disk(path: Path) -> bool:
    """Is ``path`` on a file system mounted read-only? (False where that cannot be told.)"""
    statvfs = getattr(os, "statvfs", None)
    flag = getattr(os, "ST_RDONLY", None)
    if statvfs is None or flag is None:
        return False
    try:
        return bool(statvfs(path).f_flag & flag)
    except OSError:
        return False


def set_nonblocking(fd: int) -> bool:
    """Make writes to a pipe fail rather than wait when it is full; False where it cannot be."""
    try:
        os.set_blocking(fd, False)
    except (AttributeError, OSError):
        return False
    return True


def child_options() -> dict[str, Any]:
    """:class:`subprocess.Popen` options that keep the terminal's Ctrl+C away from a child."""
    import subprocess

    new_group = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", None)
    if new_group is not None:  # Windows
        return {"creationflags": new_group}
    return {"start_new_session": True}


def local_zone_name(environ: Mapping[str, str] | None = None) -> str | None:
    """The IANA name of the computer's time zone (``Europe/London``), or ``None`` if unknown."""
    env = os.environ if environ is None else environ
    name = env.get("TZ", "").removeprefix(":")
    if name:
        return name
    try:
        target = os.path.realpath("/etc/localtime")
    except (OSError, ValueError):
        return None
    marker = "zoneinfo" + os.sep
    return target.split(marker, 1)[1] if marker in target else None
