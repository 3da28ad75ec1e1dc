"""The one way into the journal: lock it, check it, migrate it, and keep it private."""

from __future__ import annotations

import os
import sqlite3

from companion import paths, platform
from companion.journal import health, schema
from companion.journal.errors import JournalError, UnsafeJournalError
from companion.journal.files import FILE_MODE, JournalFiles, private_umask, tighten_all
from companion.journal.lock import JournalLock
from companion.journal.sqlite_store import SqliteStore

BUSY_TIMEOUT_MS = 5000

LOOSE_NOTICE = (
    "Some of your journal's files could be read by others on this computer. "
    "They are private again now."
)


def journal_files(locations: paths.Locations | None = None) -> JournalFiles:
    """Where the journal lives (nothing is created)."""
    return JournalFiles((locations or paths.locations()).data)


def private_folder(locations: paths.Locations | None = None) -> JournalFiles:
    """The journal's folder, created 0700 or tightened; refused if it is someone else's."""
    files = journal_files(locations)
    try:
        paths.private_dir(files.folder)
    except paths.UnsafeFolderError as exc:
        raise UnsafeJournalError(str(exc)) from exc
    return files


def open_journal(locations: paths.Locations | None = None) -> SqliteStore:
    """Open (or start) the patient's journal.

    Raises :class:`~companion.journal.errors.JournalBusyError` when another copy of the app has
    it open, :class:`~companion.journal.errors.UnsafeJournalError` when it cannot be kept
    private, :class:`~companion.journal.errors.JournalTooNewError` when a newer app wrote it,
    :class:`~companion.journal.errors.JournalError` when SQLite cannot open it for another reason
    (a full disk, say).
    A journal that cannot be read is set aside under a dated name and a new one is started; the
    returned store's ``notices`` say so.
    """
    files = private_folder(locations)
    with private_umask():
        lock = JournalLock(files.lock)
        try:
            notices: list[str] = []
            if tighten_all(files.database_files()):
                notices.append(LOOSE_NOTICE)
            if health.check(files.db) is not None:
                notices.append(health.damaged_notice(health.set_aside(files)))
            try:
                conn = _connect(files)
            except sqlite3.DatabaseError as exc:
                if not health.is_damage(exc):
                    raise
                notices.append(health.damaged_notice(health.set_aside(files)))
                conn = _connect(files)
            tighten_all(files.database_files())
        except sqlite3.Error as exc:
            lock.release()
            raise JournalError(f"Your journal could not be opened ({exc}).") from exc
        except BaseException:
            lock.release()
            raise
    return SqliteStore(conn, files, lock, notices)


def _connect(files: JournalFiles) -> sqlite3.Connection:
    """Connect with the journal's settings and migrate it.

    The database file is created 0600 before SQLite sees it; SQLite gives its -wal and -shm
    files the database's permissions, and the umask set by the caller covers them as well.
    """
    if not files.db.exists():
        os.close(os.open(files.db, os.O_WRONLY | os.O_CREAT | platform.not_inherited(), FILE_MODE))
    conn = sqlite3.connect(
        files.db, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        schema.refuse_newer(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        schema.migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn
