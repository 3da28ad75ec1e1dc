"""Recognising a journal that cannot be read, and setting it aside without ever overwriting it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
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


def _tables(conn: Any) -> list[str]:
    """The tables stored as b-trees (not FTS5's virtual table itself), by name."""
    return [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name"
        ).fetchall()
    ]


def _quick_check(conn: Any, tables: Iterable[str]) -> list[Any]:
    """SQLite's ``quick_check`` of each of ``tables`` (with its indexes), one at a time.

    All tables together get the same checks the standard library's SQLite (3.40) makes of a
    whole file. A whole-file ``quick_check`` in newer SQLite (SQLCipher's 3.53) also runs
    FTS5's own integrity check of the search index, which rebuilds it in memory: five times the
    time, for an index that is rebuilt from the answers anyway.
    """
    rows: list[Any] = []
    for table in tables:
        rows += conn.execute(f'PRAGMA quick_check("{table}")').fetchall()
    return rows


SHOWN_FIRST = ("runs", "infusions", "drafts")
"""The tables an opening reads first: the sessions, the course, what can be continued."""


def _cipher_check(conn: Any, db: Path) -> list[Any]:
    """An encrypted journal's check: SQLCipher's ``cipher_integrity_check``, and SQLite's
    ``quick_check`` of the tables an opening reads first (:data:`SHOWN_FIRST`), or of all of
    them when the write-ahead log holds pages (after a crash).

    Every page of an encrypted journal carries an HMAC of its bytes and its number, so
    ``cipher_integrity_check`` finds any byte of the file changed, zeroed, moved, cut off or
    added, wherever it is: every kind of damage ``quick_check`` finds in a plain file, and more
    (a changed letter inside an answer). It hashes each page once instead of decrypting it and
    walking its b-tree, which is what makes opening an encrypted journal about as quick as a
    plain one (bench/crypt_bench.py). A page passes it only as this journal's own SQLCipher
    wrote it at some time, so only an older copy of that very page put back (a partial restore)
    could still be out of step: ``quick_check`` finds that in the tables read first; elsewhere
    SQLite refuses a page whose structure does not fit when it reads it, and an older copy
    that still fits reads as it was then (as it would in a plain file). Pages still in the
    write-ahead log are not in the file: after a crash every table is walked through the log.
    """
    rows: list[Any] = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    if rows:
        return rows
    tables = _tables(conn)
    if not has_log(db):
        tables = [table for table in SHOWN_FIRST if table in tables]
    return _quick_check(conn, tables)


def has_log(db: Path) -> bool:
    """Does a write-ahead log or a rollback journal beside ``db`` hold anything (a crash)?"""
    for suffix in ("-wal", "-journal"):
        try:
            if db.with_name(db.name + suffix).stat().st_size > 0:
                return True
        except FileNotFoundError:
            pass
    return False


def check_encrypted(conn: Any, db: Path) -> str | None:
    """As :func:`check`, on an open connection to the encrypted journal ``db`` that the
    caller goes on using when it is healthy: only when no log is beside it (:func:`has_log`),
    since a connection that may write would bring a log's pages into a damaged file."""
    try:
        return _verdict(_cipher_check(conn, db))
    except damage_errors() as exc:
        if is_damage(exc):
            return str(exc)
        raise


def _verdict(rows: list[Any]) -> str | None:
    problems = [str(row[0]) for row in rows if str(row[0]) != "ok"]
    return "; ".join(problems[:5]) or None


def check(db: Path, reader: Callable[[Path], Any] | None = None) -> str | None:
    """``None`` if ``db`` is missing, empty or healthy; otherwise what is wrong with it.

    The check reads through a read-only connection (``reader`` makes one: an encrypted
    journal's opens it with its key, and is checked by :func:`_cipher_check`), so it never
    checkpoints the write-ahead log into a damaged file nor deletes the log: what is set aside
    is exactly what was there.
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
        if reader is None:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        else:
            rows = _cipher_check(conn, db)
    except damage_errors() as exc:
        if is_damage(exc):
            return str(exc)
        raise
    finally:
        conn.close()
    return _verdict(rows)


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
