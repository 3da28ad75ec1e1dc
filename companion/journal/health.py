"""Recognising a journal that cannot be read, and setting it aside without ever overwriting it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from companion.journal.errors import damage_errors, database_errors
from companion.journal.files import DAMAGED_MARK, JournalFiles

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_damage(exc: Exception) -> bool:
    """True when SQLite says the file is not a database or is corrupt (not merely busy)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _read_only(db: Path) -> Any:
    return sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, isolation_level=None)


def _quick_check(conn: Any) -> list[Any]:
    """SQLite's ``quick_check`` of every table stored as a b-tree, one table at a time.

    The same checks the standard library's SQLite (3.40) makes of a whole file. A whole-file
    ``quick_check`` in newer SQLite (SQLCipher's 3.53) also runs FTS5's own integrity check of
    the search index, which rebuilds it in memory: five times the time, for an index that is
    rebuilt from the answers anyway. Only an encrypted journal runs the newer SQLite.
    """
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name"
        ).fetchall()
    ]
    rows: list[Any] = []
    for table in tables:
        rows += conn.execute(f'PRAGMA quick_check("{table}")').fetchall()
    return rows


def check(db: Path, reader: Callable[[Path], Any] | None = None) -> str | None:
    """``None`` if ``db`` is missing, empty or healthy; otherwise what is wrong with it.

    The check reads through a read-only connection (``reader`` makes one: an encrypted
    journal's opens it with its key, and is checked table by table, see :func:`_quick_check`), so it never checkpoints the write-ahead log into a damaged
    file nor deletes the log: what is set aside is exactly what was there.
    """
    if not db.exists() or db.stat().st_size == 0:
        return None
    try:
        conn = (reader or _read_only)(db)
    except database_errors() as exc:
        if is_damage(exc):
            return str(exc)
        raise
    try:
        rows = (
            _quick_check(conn)
            if reader is not None
            else conn.execute("PRAGMA quick_check").fetchall()
        )
    except damage_errors() as exc:
        if is_damage(exc):
            return str(exc)
        raise
    finally:
        conn.close()
    results = [str(row[0]) for row in rows]
    if len(results) > 1:
        results = [r for r in results if r != "ok"] or ["ok"]
    if results == ["ok"]:
        return None
    return "; ".join(results[:5])


def set_aside(files: JournalFiles, when: datetime | None = None, *, keep_key: bool = False) -> Path:
    """Rename the journal and its side files to a dated name next to it; return the new path.

    Nothing is deleted or overwritten: if the dated name is taken, a number is added. With
    ``keep_key`` (an encrypted journal) a copy of the key file goes with it, named
    ``<new path>.key``, and the journal's own key file stays for the new journal.
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
    if keep_key and files.key.exists():
        copy = target.with_name(target.name + ".key")
        copy.write_bytes(files.key.read_bytes())
        copy.chmod(0o600)
    files.db.rename(target)
    return target


def damaged_notice(kept_as: Path) -> str:
    return (
        f"Your old journal could not be read. It was kept safe as {kept_as}; a new one was started."
    )
