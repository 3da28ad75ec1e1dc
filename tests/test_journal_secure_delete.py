"""Forgotten words leave no copy: the database file and its write-ahead log are read byte for
byte after an answer is replaced, a draft is cut back or answered, or an answer is cleared."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.journal import SqliteStore, open_journal
from companion.journal.forget import forget
from tests.helpers.journals import answer

SECRET = "zebrawordsecret"


def on_disk(store: SqliteStore) -> bytes:
    """Every byte of the database, its -wal and -shm, as they are on disk right now."""
    found = b""
    for path in store.files.database_files():
        if path.exists():
            found += path.read_bytes()
    return found


def count(store: SqliteStore, word: str = SECRET) -> int:
    return on_disk(store).count(word.encode())


@pytest.fixture
def store() -> SqliteStore:
    made = open_journal()
    # Some other words around, so the index has several segments to merge.
    run_id = made.start_run("s", "S", "h", "after")
    for index in range(30):
        made.record_answer(run_id, answer(f"other-{index}", f"plain words number {index}"))
    return made


def test_the_words_are_really_written_before_they_are_forgotten(store: SqliteStore) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.record_answer(run_id, answer("a", f"I felt {SECRET} today"))
    assert count(store) >= 2  # the answer and the full-text index; the check can fail
    store.close()


def test_a_replaced_answer_leaves_no_copy_in_the_database_or_its_log(store: SqliteStore) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.record_answer(run_id, answer("a", f"I felt {SECRET} today"))
    store.record_answer(run_id, answer("a", "I would rather not say"))
    assert count(store) == 0
    assert [hit.step_id for hit in store.search("rather")] == ["a"]
    assert store.search(SECRET) == []
    assert store.integrity() == "ok"
    store.close()
    assert b"rather not say" in Path(store.path).read_bytes()


def test_a_cleared_answer_leaves_no_copy(store: SqliteStore) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.record_answer(run_id, answer("a", f"{SECRET} and more"))
    store.forget_answer(run_id, "a")
    assert count(store) == 0
    store.close()


def test_a_draft_cut_back_or_answered_leaves_no_copy(store: SqliteStore) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.save_draft(run_id, "a", "I think")
    store.save_draft(run_id, "a", f"I think {SECRET}")
    assert count(store) >= 1
    store.save_draft(run_id, "a", "I think")  # the patient deleted the word
    assert count(store) == 0
    store.save_draft(run_id, "a", f"I think {SECRET}")
    store.record_answer(run_id, answer("a", "Something else entirely"))
    assert count(store) == 0
    store.close()


def test_forget_leaves_no_journal_file(store: SqliteStore) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.record_answer(run_id, answer("a", SECRET))
    files = store.files
    store.close()
    forget()
    assert not any(path.exists() for path in files.database_files())
    assert not files.folder.exists() or not any(
        SECRET.encode() in p.read_bytes() for p in files.folder.iterdir() if p.is_file()
    )
