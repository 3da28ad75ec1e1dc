"""A journal that cannot be read is never overwritten: it is set aside and a new one starts."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from companion.journal import journal_files, open_journal
from companion.paths import private_dir
from tests.helpers.journals import answer

NOTICE = re.compile(
    r"^Your old journal could not be read\. It was kept safe as (?P<path>\S+journal\.db\.damaged-"
    r"\d{8}-\d{6}(-\d+)?); a new one was started\.$"
)


def _kept_path(notices: tuple[str, ...]) -> str:
    matches = [m for m in map(NOTICE.match, notices) if m]
    assert len(matches) == 1, notices
    return matches[0]["path"]


def _written_journal(answers: int = 200) -> None:
    with open_journal() as store:
        run_id = store.start_run("s", "After the session", "h", "after")
        for n in range(answers):
            store.record_answer(run_id, answer(f"step-{n}", f"reflection number {n} " * 20))


def test_a_file_that_is_not_a_database_is_kept_and_a_new_journal_starts() -> None:
    files = journal_files()
    private_dir(files.folder)
    garbage = b"these are not the droids\x00" * 400
    files.db.write_bytes(garbage)
    files.db.chmod(0o600)
    with open_journal() as store:
        kept = _kept_path(store.notices)
        assert store.runs() == []
        store.start_run("s", "S", "h", "before")

    assert Path(kept).read_bytes() == garbage
    with open_journal() as store:
        assert store.notices == ()
        assert len(store.runs()) == 1


def test_a_corrupted_database_is_kept_with_its_side_files() -> None:
    _written_journal()
    files = journal_files()
    data = bytearray(files.db.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for offset in range(2 * page, len(data) - page, page):
        data[offset + 8 : offset + 600] = b"\xff" * 592
    files.db.write_bytes(bytes(data))
    wal = files.side_files()[0]
    wal.write_bytes(b"")
    with open_journal() as store:
        kept = _kept_path(store.notices)
        assert store.runs() == []
        assert store.integrity() == "ok"

    assert Path(kept).read_bytes() == bytes(data)
    assert Path(kept + "-wal").exists()


def test_a_truncated_database_is_kept() -> None:
    _written_journal()
    files = journal_files()
    data = files.db.read_bytes()
    files.db.write_bytes(data[: len(data) // 3])
    with open_journal() as store:
        kept = _kept_path(store.notices)

    assert Path(kept).read_bytes() == data[: len(data) // 3]


def test_set_aside_never_overwrites_an_earlier_damaged_copy() -> None:
    files = journal_files()
    private_dir(files.folder)
    kept = []
    for n in range(3):
        files.db.write_bytes(f"garbage {n} ".encode() * 300)
        with open_journal() as store:
            kept.append(_kept_path(store.notices))
    assert len(set(kept)) == 3
    assert len(files.damaged_copies()) == 3


def test_healthy_journal_is_not_set_aside() -> None:
    _written_journal(5)
    with open_journal() as store:
        assert store.notices == ()
        assert len(store.answers(1)) == 5
    assert journal_files().damaged_copies() == []


def test_an_empty_file_is_a_new_journal_not_damage() -> None:
    files = journal_files()
    private_dir(files.folder)
    files.db.touch(mode=0o600)
    with open_journal() as store:
        assert store.notices == ()
    conn = sqlite3.connect(files.db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()
