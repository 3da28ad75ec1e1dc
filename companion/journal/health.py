"""Recognising a journal that cannot be read, and setting it aside without ever overwriting it."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from companion.journal.files import DAMAGED_MARK, JournalFiles

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is not a database or is corrupt (not merely busy)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def check(db: Path) -> str | None:
    """``None`` if ``db`` is missing, empty or healthy; otherwise what is wrong with it.

    The check reads through a read-only connection, so it never checkpoints the write-ahead log
    into a damaged file nor deletes the log: what is set aside is exactly what was there.
    """
    if not db.exists() or db.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return str(exc)
        raise
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    finally:
        conn.close()
    results = [str(row[0]) for row in rows]
    if results == ["ok"]:
        return None
    return "; ".join(results[:5])


def set_aside(files: JournalFiles, when: datetime | None = None) -> Path:
    """Rename the journal and its side files to a dated name next to it; return the new path.

    Nothing is deleted or overwritten: if the dated name is taken, a number is added.
    """
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = files.db.with_name(f"{files.db.name}{DAMAGED_MARK}{stamp}")
    target = base
    number = 2
    while target.exists() or any(p.exists() for p in files.side_files(target)):
        target = base.with_name(f"{base.name}-{number}")
        number += 1
    for side, side_target in zip(files.side_files(), files.side_files(target), strict=True):
        if side.exists():
            side.rename(side_target)
    files.db.rename(target)
    return target


def damaged_notice(kept_as: Path) -> str:
    return (
        f"Your old journal could not be read. It was kept safe as {kept_as}; a new one was started."
    )
