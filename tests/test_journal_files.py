"""The journal's folder and files are private, and stay private."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from companion.journal import JournalError, UnsafeJournalError, journal_files, open_journal
from tests.helpers.journals import answer, mode


def test_new_journal_is_private_even_under_a_loose_umask() -> None:
    old = os.umask(0o000)
    try:
        store = open_journal()
        run_id = store.start_run("s", "S", "h", "after")
        store.record_answer(run_id, answer("a", "private words"))
        files = store.files
        wal, shm = files.side_files()[:2]
        assert wal.exists() and shm.exists(), "WAL files exist while the journal is open"
        assert mode(files.folder) == 0o700
        for path in (files.db, wal, shm, files.lock):
            assert mode(path) == 0o600, path
        store.close()
    finally:
        os.umask(old)


def test_loose_folder_and_files_are_tightened_and_reported() -> None:
    open_journal().close()
    files = journal_files()
    files.folder.chmod(0o755)
    files.db.chmod(0o644)
    with open_journal() as store:
        assert mode(files.folder) == 0o700
        assert mode(files.db) == 0o600
        assert any("private again" in notice for notice in store.notices)
    with open_journal() as store:
        assert store.notices == ()


def test_a_file_where_the_folder_should_be_is_reported(tmp_path: Path) -> None:
    files = journal_files()
    files.folder.parent.mkdir(parents=True, exist_ok=True)
    files.folder.write_text("not a folder")
    with pytest.raises(JournalError) as caught:
        open_journal()
    assert "is a file, not a folder" in str(caught.value)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_journal_owned_by_someone_else_is_refused() -> None:
    open_journal().close()
    files = journal_files()
    os.chown(files.db, 12345, 12345)
    with pytest.raises(UnsafeJournalError, match="another user"):
        open_journal()
