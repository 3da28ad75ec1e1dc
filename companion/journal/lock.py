"""One copy of the companion at a time per journal: a lock held while it is open.

The lock is an exclusive SQLite transaction on the journal's lock file, held until
:meth:`JournalLock.release`. SQLite takes it with the system's own file lock on every platform
(``fcntl`` on Linux and macOS, ``LockFileEx`` on Windows), so this module needs no POSIX-only
piece, and the lock works wherever the journal itself (an SQLite database) does. The operating
system drops the lock when the process ends, however it ends, so a crash never leaves the journal
locked. The lock file stays empty: nothing is ever written to it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from companion import platform
from companion.journal.errors import JournalBusyError
from companion.journal.files import FILE_MODE


class JournalLock:
    """The journal's lock, taken at once or refused with :class:`JournalBusyError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            try:
                conn = _take(path)
            except sqlite3.DatabaseError as exc:
                if exc.sqlite_errorcode != sqlite3.SQLITE_NOTADB:
                    raise
                # Something else was written over the lock file; it holds nothing of value.
                path.unlink()
                conn = _take(path)
        except sqlite3.Error as exc:  # the folder or the file cannot be used: as an OS error would
            raise OSError(f"the journal's lock file could not be used: {exc}") from exc
        self._conn: sqlite3.Connection | None = conn

    @property
    def held(self) -> bool:
        return self._conn is not None

    def release(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        conn.close()


def _take(path: Path) -> sqlite3.Connection:
    if not path.exists():  # created private before SQLite sees it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | platform.not_inherited(), FILE_MODE))
    conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA journal_mode = OFF")  # nothing is written, so no side files
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        conn.close()
        if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            raise JournalBusyError() from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn
