"""The ways into the journal: lock it, check it, migrate it, and keep it private
(:func:`open_journal`); or, for a command that only reads it, the same without the check of
every page when nothing calls for it (:func:`open_to_read`)."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import paths, platform
from companion.journal import encryption, health, schema
from companion.journal.errors import (
    JournalError,
    JournalLockedError,
    UnsafeJournalError,
    damage_errors,
    database_errors,
)
from companion.journal.files import FILE_MODE, JournalFiles, private_umask, tighten_all
from companion.journal.lock import JournalLock

if TYPE_CHECKING:
    from companion.journal.keys import JournalKey
    from companion.journal.reading import JournalReader
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
    except OSError as exc:
        raise explain(exc, files) from exc
    return files


def explain(exc: OSError, files: JournalFiles) -> JournalError:
    """One calm sentence for a file system that will not hold the journal."""
    where = exc.filename or files.folder
    if files.lock.is_dir():
        return JournalError(
            f"{files.lock} should be a small file but is a folder. Move that folder somewhere "
            "else (nothing of your journal is in it) and start the companion again."
        )
    if exc.errno == errno.EROFS or platform.read_only_disk(files.folder):
        return JournalError(
            f"Your journal cannot be kept in {files.folder}: that disk can only be read, not "
            "written to. Nothing was changed."
        )
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return JournalError(
            f"{where} (or a folder above it) is a file, not a folder, so your journal cannot be "
            f"kept there. Point {paths.HOME_ENV} at a folder, or leave it unset."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return JournalError(
            f"The companion is not allowed to write in {where}, so your journal cannot be kept "
            "there. Nothing was changed."
        )
    reason = (exc.strerror or str(exc)).rstrip(".").lower()
    return JournalError(f"Your journal cannot be kept in {where} ({reason}). Nothing was changed.")


def open_journal(
    locations: paths.Locations | None = None, key: JournalKey | None = None
) -> SqliteStore:
    """Open (or start) the patient's journal; ``key`` opens an encrypted one (see
    :func:`companion.journal.encryption.unlock`). The key may be wiped once this returns.

    Raises :class:`~companion.journal.errors.JournalBusyError` when another copy of the app has
    it open, :class:`~companion.journal.errors.JournalLockedError` when it is encrypted and no
    key was given, :class:`~companion.journal.errors.UnsafeJournalError` when it cannot be kept
    private, :class:`~companion.journal.errors.JournalTooNewError` when a newer app wrote it,
    :class:`~companion.journal.errors.JournalError` when SQLite cannot open it for another reason
    (a full disk, say).
    A journal that cannot be read is set aside under a dated name and a new one is started; the
    returned store's ``notices`` say so. What an interrupted ``encrypt`` or ``decrypt`` left
    behind is put right first.
    """
    from companion.journal.sqlite_store import SqliteStore  # the model: not for a reader

    files = private_folder(locations)
    with private_umask(), _taken(files) as lock:
        conn, notices = open_locked(files, key)
    return SqliteStore(conn, files, lock, notices)


@contextmanager
def _taken(files: JournalFiles) -> Iterator[JournalLock]:
    """The journal's lock, taken, with what an interrupted ``encrypt`` or ``decrypt`` left put
    right; released again if what follows fails. An ``OSError`` is explained in a sentence."""
    try:
        lock = JournalLock(files.lock)
    except OSError as exc:
        raise explain(exc, files) from exc
    try:
        # The lock file and damaged copies hold or name the patient's words too.
        tighten_all([files.lock, *files.damaged_copies()])
        encryption.recover(files)
        yield lock
    except OSError as exc:
        lock.release()
        raise explain(exc, files) from exc
    except BaseException:
        lock.release()
        raise


def open_to_read(
    locations: paths.Locations | None = None, key: JournalKey | None = None
) -> SqliteStore | JournalReader:
    """Open the journal for a command that only reads it (an export), as :func:`open_journal`
    does (the same lock, errors and recovery of an interrupted switch), but read-only and
    without checking every page first when nothing calls for it.

    The check of every page at :func:`open_journal` is there so that nothing is ever written
    into a damaged file. A reader writes nothing: when the journal is plain, of this version
    and whole (no rollback journal or write-ahead log of a crash beside it), it is opened
    read-only, and SQLite checks each page it reads as it reads it (``cell_size_check`` on).
    That journal is given as a :class:`~companion.journal.reading.JournalReader` (its raw rows
    only: no model, no dataclasses imported). A reader that meets damage gets
    ``sqlite3.DatabaseError`` (:func:`health.is_damage`) and nothing is changed: the caller then
    opens the journal with :func:`open_journal`, which sets it aside as at any opening.
    Everything else (an encrypted journal, a crash's log, an older version to migrate, no
    journal yet) takes :func:`open_journal`'s road, check included, and is given as a
    :class:`~companion.journal.sqlite_store.SqliteStore`.
    """
    files = private_folder(locations)
    with private_umask(), _taken(files) as lock:
        reader = None if key is not None else _quiet_reader(files)
        try:
            if reader is None:
                conn, notices = open_locked(files, key)
            else:
                conn = reader
                notices = [LOOSE_NOTICE] if tighten_all(files.database_files()) else []
        except BaseException:
            if reader is not None:
                reader.close()
            raise
    if reader is None:
        from companion.journal.sqlite_store import SqliteStore

        return SqliteStore(conn, files, lock, notices)
    from companion.journal.reading import JournalReader

    return JournalReader(reader, files, lock, notices)


def _quiet_reader(files: JournalFiles) -> sqlite3.Connection | None:
    """A read-only connection to a plain journal of this version with no log of a crash beside
    it; ``None`` for any other journal (:func:`open_to_read`).

    The file is opened ``immutable``: SQLite then takes no lock of its own and makes no side
    file (a plain read-only connection leaves an empty write-ahead log and its index beside the
    journal). That holds because the journal's lock is held, so no copy of the companion
    writes while this reads, and no log is beside it, so the file alone is the whole journal.
    """
    if (
        not _has_pages(files.db)
        or health.has_log(files.db)
        or encryption.is_encrypted(files)
        or files.key.exists()
    ):
        return None
    try:
        conn = sqlite3.connect(
            f"{files.db.as_uri()}?mode=ro&immutable=1",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA cell_size_check = ON")
        if schema.version(conn) == schema.LATEST:
            return conn
    except sqlite3.Error:
        pass  # damage is set aside, and any other trouble explained, by the full opening
    conn.close()
    return None  # an older journal is migrated by the full opening


def open_locked(files: JournalFiles, key: JournalKey | None) -> tuple[Any, list[str]]:
    """Check, open and migrate the journal; the caller holds its lock (and a private umask).

    Returns the connection and what the patient should be told.
    """
    encrypted = encryption.is_encrypted(files)
    if encrypted and key is None:
        raise JournalLockedError()
    use = key if encrypted else None
    try:
        notices: list[str] = []
        if tighten_all(files.database_files()):
            notices.append(LOOSE_NOTICE)
        conn, damage = _checked(files, use)
        if damage is not None:
            notices.append(health.damaged_notice(health.set_aside(files, keep_key=use is not None)))
        try:
            conn = _connect(files, use, conn)
        except damage_errors() as exc:
            if not health.is_damage(exc):
                raise
            notices.append(health.damaged_notice(health.set_aside(files, keep_key=use is not None)))
            conn = _connect(files, use)
        tighten_all(files.database_files())
    except database_errors() as exc:
        if platform.read_only_disk(files.folder):
            raise explain(OSError(errno.EROFS, str(exc)), files) from exc
        raise JournalError(f"Your journal could not be opened ({exc}).") from exc
    return conn, notices


def _reader(key: JournalKey | None) -> Callable[[Path], Any] | None:
    if key is None:
        return None
    return lambda db: encryption.connect(db, key, readonly=True)


def _checked(files: JournalFiles, key: JournalKey | None) -> tuple[Any, str | None]:
    """Check the journal before anything is written; return the connection to go on with
    (or ``None``) and what is wrong with the journal (``None`` when nothing is).

    An encrypted journal with no log beside it is checked on the connection that then reads
    and writes it: the pages the check decrypts stay in that connection's cache. Otherwise the
    check reads through a read-only connection of its own (see :func:`health.check`).
    """
    if _has_pages(files.db.with_name(files.db.name + "-journal")):
        damage = _roll_back(files, key)
        if damage is not None:
            return None, damage
    if key is None or health.has_log(files.db) or not _has_pages(files.db):
        return None, health.check(files.db, _reader(key))
    try:
        conn = encryption.connect(files.db, key, timeout=BUSY_TIMEOUT_MS / 1000)
    except damage_errors() as exc:
        if not health.is_damage(exc):
            raise
        return None, str(exc)
    damage = health.check_encrypted(conn, files.db)
    if damage is not None:
        conn.close()
        return None, damage
    return conn, None


def _roll_back(files: JournalFiles, key: JournalKey | None) -> str | None:
    """Finish what a crash left half done in rollback mode (the journal is in that mode only
    until its first opening after it was made, encrypted or decrypted); ``None`` when done,
    else what is wrong with the journal.

    A rollback journal beside the database holds the pages an interrupted transaction was
    changing, as they were before it. SQLite puts them back the first time the file is read,
    which only a connection that may write can do, so the read-only check that follows would
    otherwise refuse the journal outright. Nothing new is written: the file becomes what it
    was at its last commit, as SQLite would make it on any opening.
    """
    try:
        conn = _new_connection(files, key)
    except damage_errors() as exc:
        if not health.is_damage(exc):
            raise
        return str(exc)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except damage_errors() as exc:
        if not health.is_damage(exc):
            raise
        return str(exc)
    finally:
        conn.close()
    return None


def _has_pages(db: Path) -> bool:
    try:
        return db.stat().st_size > 0
    except FileNotFoundError:
        return False


def _connect(files: JournalFiles, key: JournalKey | None, conn: Any = None) -> Any:
    """Connect with the journal's settings (or take ``conn``, already connected) and migrate it.

    The database file is created 0600 before SQLite sees it; SQLite gives its -wal and -shm
    files the database's permissions, and the umask set by the caller covers them as well.
    """
    if conn is None:
        conn = _new_connection(files, key)
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


def _new_connection(files: JournalFiles, key: JournalKey | None) -> Any:
    if not files.db.exists():
        os.close(os.open(files.db, os.O_WRONLY | os.O_CREAT | platform.not_inherited(), FILE_MODE))
    if key is None:
        return sqlite3.connect(
            files.db, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    return encryption.connect(files.db, key, timeout=BUSY_TIMEOUT_MS / 1000)
