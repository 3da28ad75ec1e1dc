"""Forgetting the journal: every file it was kept in, removed for good."""

from __future__ import annotations

from pathlib import Path

from companion import paths
from companion.journal.encryption import wipe
from companion.journal.files import JournalFiles
from companion.journal.lock import JournalLock
from companion.journal.opening import explain, journal_files


def journal_exists(files: JournalFiles) -> bool:
    """Is there anything of a journal here (a database, side files, or damaged copies)?"""
    return any(p.exists() for p in [*files.database_files(), *files.leftovers()]) or bool(
        files.damaged_copies()
    )


def forget(locations: paths.Locations | None = None) -> list[Path]:
    """Delete the journal, its -wal/-shm files, damaged copies set aside earlier, and its lock
    file; return what was removed (the folder too, if nothing else was left in it).

    Each file is overwritten with zeros before it is removed (see
    :func:`~companion.journal.encryption.wipe`). Drafts live inside the database and go with it. Raises
    :class:`~companion.journal.errors.JournalBusyError` while the journal is open elsewhere,
    and then removes nothing.
    """
    files = journal_files(locations)
    if not files.folder.is_dir():
        return []
    try:
        lock = JournalLock(files.lock)
    except OSError as exc:
        raise explain(exc, files) from exc
    removed: list[Path] = []
    try:
        for path in [*files.database_files(), *files.leftovers(), *files.damaged_copies()]:
            if path.exists():
                wipe(path)
                removed.append(path)
    finally:
        lock.release()
    # Only once it is released: Windows cannot remove a file that is still open.
    files.lock.unlink(missing_ok=True)
    removed.append(files.lock)
    try:
        files.folder.rmdir()
    except OSError:
        return removed
    removed.append(files.folder)
    return removed
