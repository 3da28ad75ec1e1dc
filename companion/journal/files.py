"""The journal's files on disk, and how they are kept private (0600 in a 0700 folder)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from companion import platform
from companion.journal.errors import UnsafeJournalError

DB_NAME = "journal.db"
LOCK_NAME = "journal.lock"
KEY_NAME = "journal.key"
"""The database key, sealed with the patient's passphrase (only when the journal is encrypted)."""
NEW_MARK = ".new"
"""A copy being written by ``companion encrypt`` or ``decrypt``, before it is swapped in."""
OLD_MARK = ".old"
"""The copy just swapped out, kept under this name only until it has been wiped."""
DAMAGED_MARK = ".damaged-"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
"""SQLite's side files next to a database: write-ahead log, shared memory, rollback journal."""

FILE_MODE = 0o600


class JournalFiles(NamedTuple):
    """Where one journal lives: its folder, database and lock file. (A named tuple, not a
    dataclass: a command that only reads the journal imports no dataclasses.)"""

    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_NAME

    @property
    def key(self) -> Path:
        return self.folder / KEY_NAME

    @property
    def new_key(self) -> Path:
        return self.folder / (KEY_NAME + NEW_MARK)

    @property
    def new_db(self) -> Path:
        return self.folder / (DB_NAME + NEW_MARK)

    @property
    def old_db(self) -> Path:
        return self.folder / (DB_NAME + OLD_MARK)

    def leftovers(self) -> list[Path]:
        """What an interrupted ``encrypt``, ``decrypt`` or passphrase change can leave behind."""
        return [
            self.new_key,
            self.new_db,
            *self.side_files(self.new_db),
            self.old_db,
            *self.side_files(self.old_db),
        ]

    def side_files(self, db: Path | None = None) -> list[Path]:
        """The -wal, -shm and -journal files of ``db`` (default: the journal's database)."""
        base = self.db if db is None else db
        return [base.with_name(base.name + suffix) for suffix in SIDE_SUFFIXES]

    def database_files(self) -> list[Path]:
        """The database, its side files and its key file, whether they exist or not."""
        return [self.db, *self.side_files(), self.key]

    def damaged_copies(self) -> list[Path]:
        """Journals set aside earlier because they could not be read, with their side files."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(DB_NAME + DAMAGED_MARK + "*"))


@contextmanager
def private_umask() -> Iterator[None]:
    """Files created inside (by us or by SQLite) are readable by their owner only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def tighten(path: Path) -> bool:
    """Make an existing file 0600; return True if it had to be changed.

    Raises :class:`UnsafeJournalError` when the file belongs to someone else or cannot be changed.
    """
    if not platform.modes_keep_files_private():
        return False  # Windows: a mode is only a read-only flag there (docs/privacy.md)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if platform.owned_by_someone_else(info):
        raise UnsafeJournalError(
            f"{path} belongs to another user, so your journal cannot be kept private there."
        )
    if stat.S_IMODE(info.st_mode) & 0o177 == 0:
        return False
    try:
        path.chmod(FILE_MODE)
    except OSError as exc:
        raise UnsafeJournalError(
            f"{path} can be read by others and its permissions cannot be tightened."
        ) from exc
    return True


def tighten_all(paths: list[Path]) -> list[Path]:
    """Tighten every existing file in ``paths``; return those that were changed."""
    return [path for path in paths if tighten(path)]
