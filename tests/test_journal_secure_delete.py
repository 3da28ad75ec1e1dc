"""Forgotten words leave no copy: the database file and its write-ahead log are read byte for
byte after an answer is replaced, a draft is cut back or answered, or an answer is cleared."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.journal import SqliteStore
from companion.journal.forget import forget
from tests.helpers.journals import answer

SECRET = "zebrawordsecret"


def on_disk(journal: SqliteStore) -> bytes:
    """Every byte of the database, its -wal and -shm, as they are on disk right now."""
    found = b""
    for path in journal.files.database_files():
        if path.exists():
            found += path.read_bytes()
    return found


def count(journal: SqliteStore, word: str = SECRET) -> int:
    return on_disk(journal).count(word.encode())


@pytest.fixture
def journal(journal: SqliteStore) -> SqliteStore:
    """The journal (tests/conftest.py) with some other words around, so the index has several
    segments to merge."""
    run_id = journal.start_run("s", "S", "h", "after")
    for index in range(30):
        journal.record_answer(run_id, answer(f"other-{index}", f"plain words number {index}"))
    return journal


def test_the_words_are_really_written_before_they_are_forgotten(journal: SqliteStore) -> None:
    run_id = journal.start_run("s", "S", "h", "after")
    journal.record_answer(run_id, answer("a", f"I felt {SECRET} today"))
    assert count(journal) >= 2  # the answer and the full-text index; the check can fail
    journal.close()


def test_a_replaced_answer_leaves_no_copy_in_the_database_or_its_log(journal: SqliteStore) -> None:
    run_id = journal.start_run("s", "S", "h", "after")
    journal.record_answer(run_id, answer("a", f"I felt {SECRET} today"))
    journal.record_answer(run_id, answer("a", "I would rather not say"))
    assert count(journal) == 0
    assert [hit.step_id for hit in journal.search("rather")] == ["a"]
    assert journal.search(SECRET) == []
    assert journal.integrity() == "ok"
    journal.close()
    assert b"rather not say" in Path(journal.path).read_bytes()


def test_a_cleared_answer_leaves_no_copy(journal: SqliteStore) -> None:
    run_id = journal.start_run("s", "S", "h", "after")
    journal.record_answer(run_id, answer("a", f"{SECRET} and more"))
    journal.forget_answer(run_id, "a")
    assert count(journal) == 0
    journal.close()


def test_a_draft_cut_back_or_answered_leaves_no_copy(journal: SqliteStore) -> None:
    run_id = journal.start_run("s", "S", "h", "after")
    journal.save_draft(run_id, "a", "I think")
    journal.save_draft(run_id, "a", f"I think {SECRET}")
    assert count(journal) >= 1
    journal.save_draft(run_id, "a", "I think")  # the patient deleted the word
    assert count(journal) == 0
    journal.save_draft(run_id, "a", f"I think {SECRET}")
    journal.record_answer(run_id, answer("a", "Something else entirely"))
    assert count(journal) == 0
    journal.close()


def test_forget_leaves_no_journal_file(journal: SqliteStore) -> None:
    run_id = journal.start_run("s", "S", "h", "after")
    journal.record_answer(run_id, answer("a", SECRET))
    files = journal.files
    journal.close()
    forget()
    assert not any(path.exists() for path in files.database_files())
    assert not files.folder.exists() or not any(
        SECRET.encode() in p.read_bytes() for p in files.folder.iterdir() if p.is_file()
    )
