"""When something breaks: a crash log for maintainers that never holds what the patient typed.

The log keeps the exception's type and where it happened (file, line, function). It leaves out
the exception's message and every local variable, because either may hold journal text.
"""

from __future__ import annotations

import os
import stat
import traceback
from datetime import UTC, datetime
from pathlib import Path

from companion.paths import Locations, private_dir


def crash_report(error: BaseException) -> str:
    """The traceback without messages or locals."""
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{type(error).__module__}.{type(error).__qualname__} (message withheld)")
    inner = getattr(error, "error", None)  # textual's WorkerFailed wraps the worker's error
    if isinstance(inner, BaseException) and inner is not error:
        lines.append("")
        lines.append("In a worker:")
        lines.append(crash_report(inner))
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append("")
        lines.append("While handling:")
        lines.append(crash_report(cause))
    return "\n".join(lines)


def write_crash_log(where: Locations, error: BaseException) -> Path:
    """Write the report 0600 under the state folder and return its path."""
    folder = private_dir(where.state / "crashes")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"crash-{stamp}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(crash_report(error) + "\n")
    return path


def tighten_notes(where: Locations) -> None:
    """Crash notes left by an earlier version, or copied in, are made 0600 (their folder 0700)
    at start, like the journal; one that cannot be changed is left as it is."""
    folder = where.state / "crashes"
    try:
        for level in (where.state, folder):
            if not level.is_dir() or level.is_symlink():
                return
            if stat.S_IMODE(level.stat().st_mode) & 0o077:
                level.chmod(0o700)
        for note in folder.iterdir():
            info = note.lstat()
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o177:
                note.chmod(0o600)
    except OSError:
        return


WORDS_HELD_LOST = (
    "Most of what you wrote is kept in your journal, but the last words could not be saved: "
    "the computer would not let the companion write to its disk."
)


def apology(log: Path | None, words_kept: str) -> str:
    """What the patient reads after a crash: plain words, no traceback."""
    lines = [
        "We are sorry: something went wrong and the companion had to close.",
        words_kept,
    ]
    if log is not None:
        lines.append(f"A short note for the people who look after the app is in {log}.")
    lines.append("You can open the companion again whenever you like.")
    return "\n".join(lines)
