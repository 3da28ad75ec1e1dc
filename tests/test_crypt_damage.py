"""A damaged encrypted journal is found when it is opened, before anything is written into it.

The check at opening authenticates every page of the file (SQLCipher's page HMACs) instead of
decrypting and walking every b-tree; these tests damage real encrypted journals in the ways a
disk, a copy or a restore can, and check that each is set aside byte for byte as it was (so not
one page was written into it) and a new encrypted journal is started with the same key.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.journal import encryption, health, protect
from companion.journal.files import JournalFiles
from companion.journal.health import SHOWN_FIRST
from companion.journal.keys import JournalKey
from companion.journal.opening import journal_files, open_journal
from companion.paths import Locations
from tests.helpers.crypt import PASSPHRASE, WORDS, files_with_words, home
from tests.helpers.journals import answer, interrupt_a_transaction, run_info

PAGE = encryption.PAGE_BYTES
ANSWERS = 120


@dataclass(frozen=True)
class Made:
    """An encrypted journal made once for the module: its files' bytes and its key."""

    db: bytes
    key_file: bytes
    secret: bytes


def _fill(where: Locations | None = None) -> None:
    with open_journal(where) as store:
        store.add_run(
            run_info(0, title="Evening check-in", phase="after"),
            [answer(f"step-{n}", f"{WORDS[n % 5]} reflection {n} " * 12) for n in range(ANSWERS)],
        )


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    base = tmp_path_factory.mktemp("made")
    where = Locations(data=base / "data", config=base / "config", state=base / "state")
    _fill(where)
    protect.turn_on(PASSPHRASE, where)
    key = protect.unlock(PASSPHRASE, where)
    try:
        secret = bytes.fromhex(key.literal()[3:-2])
    finally:
        key.wipe()
    files = JournalFiles(where.data)
    return Made(files.db.read_bytes(), files.key.read_bytes(), secret)


def _put(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o600)


def _install(made: Made, db: bytes) -> JournalFiles:
    """The made journal, with ``db`` as its database file, in this test's home."""
    files = journal_files()
    files.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _put(files.key, made.key_file)
    _put(files.db, db)
    return files


def _open_expecting_damage(made: Made, files: JournalFiles, damaged: bytes) -> None:
    with open_journal(key=JournalKey(made.secret)) as store:
        assert any("could not be read" in notice for notice in store.notices), store.notices
        assert store.runs() == []
        store.start_run("s", "After the session", "h", "after")
    (aside,) = [p for p in files.damaged_copies() if p.name.endswith(tuple("0123456789"))]
    assert aside.read_bytes() == damaged, "set aside exactly as it was: nothing written into it"
    assert aside.with_name(aside.name + ".key").read_bytes() == made.key_file
    with open_journal(key=JournalKey(made.secret)) as store:
        assert store.notices == ()
        assert len(store.runs()) == 1, "the new journal is encrypted with the same key"
    assert protect.needs_passphrase()


def _flip_a_bit_in_the_middle(db: bytes) -> bytes:
    out = bytearray(db)
    out[(len(db) // PAGE // 2) * PAGE + 1000] ^= 0x04
    return bytes(out)


def _zero_a_page(db: bytes) -> bytes:
    middle = (len(db) // PAGE // 2) * PAGE
    return db[:middle] + bytes(PAGE) + db[middle + PAGE :]


def _swap_two_pages(db: bytes) -> bytes:
    a, b = PAGE, 2 * PAGE
    return db[:a] + db[b : b + PAGE] + db[a:b] + db[b + PAGE :]


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "one bit changed in a page in the middle": _flip_a_bit_in_the_middle,
    "a page overwritten with zeros": _zero_a_page,
    "two pages swapped": _swap_two_pages,
    "the last two pages cut off": lambda db: db[: -2 * PAGE],
    "the last page cut in half": lambda db: db[: -PAGE // 2],
    "a page of other bytes added at the end": lambda db: db + os.urandom(PAGE),
    "the first page scrambled": lambda db: os.urandom(PAGE) + db[PAGE:],
}


def test_the_made_journal_is_healthy_and_has_pages_to_damage(made: Made) -> None:
    assert len(made.db) // PAGE >= 6
    files = _install(made, made.db)
    with open_journal(key=JournalKey(made.secret)) as store:
        assert store.notices == ()
        assert len(store.answers(store.runs()[0].id)) == ANSWERS
    assert files.damaged_copies() == []


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_encrypted_journal_is_found_before_anything_is_written(
    made: Made, damage: Callable[[bytes], bytes]
) -> None:
    damaged = damage(made.db)
    files = _install(made, damaged)
    _open_expecting_damage(made, files, damaged)


def test_the_page_check_finds_what_reading_the_first_tables_would_not(made: Made) -> None:
    """A changed byte in a page that none of the tables read first uses (an answer's, say)."""
    key = JournalKey(made.secret)
    files = _install(made, made.db)
    for page in range(len(made.db) // PAGE - 1, 0, -1):
        damaged = bytearray(made.db)
        damaged[page * PAGE + 1000] ^= 0x04
        _put(files.db, bytes(damaged))
        conn = encryption.connect(files.db, key, readonly=True)
        try:
            tables = [conn.execute(f'PRAGMA quick_check("{t}")').fetchall() for t in SHOWN_FIRST]
            if tables != [[("ok",)]] * len(SHOWN_FIRST):
                continue
            assert conn.execute("PRAGMA cipher_integrity_check").fetchall() != []
        finally:
            conn.close()
        assert health.check(files.db, lambda db: encryption.connect(db, key, readonly=True))
        return
    pytest.fail("every page belongs to a table read first: the journal is too small")


def _crashed_with_a_log(made: Made) -> tuple[JournalFiles, bytes, bytes]:
    """The made journal as a crash leaves it: words still in the write-ahead log."""
    files = _install(made, made.db)
    saved = files.folder / "saved"
    saved.mkdir()
    with open_journal(key=JournalKey(made.secret)) as store:
        run = store.start_run("s", "After the session", "h", "after")
        store.record_answer(run, answer("late", f"written just before the crash {WORDS[0]}"))
        for path in (files.db, files.side_files()[0]):
            shutil.copy2(path, saved / path.name)
    db, wal = (saved / files.db.name).read_bytes(), (saved / "journal.db-wal").read_bytes()
    shutil.rmtree(saved)
    assert wal, "the answer is in the log"
    return files, db, wal


def test_after_a_crash_the_words_in_the_log_are_read_and_checked(made: Made) -> None:
    files, db, wal = _crashed_with_a_log(made)
    _put(files.db, db)
    _put(files.side_files()[0], wal)
    with open_journal(key=JournalKey(made.secret)) as store:
        assert store.notices == ()
        (late,) = [r for r in store.runs() if r.script_id == "s"]
        assert WORDS[0] in str(store.answers(late.id)["late"].value)


def test_after_a_crash_a_damaged_journal_and_its_log_are_set_aside_untouched(
    made: Made,
) -> None:
    files, db, wal = _crashed_with_a_log(made)
    damaged = _zero_a_page(db)
    _put(files.db, damaged)
    _put(files.side_files()[0], wal)
    with open_journal(key=JournalKey(made.secret)) as store:
        assert any("could not be read" in notice for notice in store.notices)
    (aside,) = [p for p in files.damaged_copies() if p.name.endswith(tuple("0123456789"))]
    assert aside.read_bytes() == damaged
    assert aside.with_name(aside.name + "-wal").read_bytes() == wal


def test_a_journal_encrypted_with_sqlciphers_defaults_still_opens_and_is_checked(
    made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As an earlier version wrote it: 4 KiB pages with HMAC-SHA512."""
    _fill()
    with monkeypatch.context() as patched:
        patched.setattr(encryption, "SETTINGS", ())
        protect.turn_on(PASSPHRASE)
    files = journal_files()
    key = protect.unlock(PASSPHRASE)
    try:
        with pytest.raises(encryption._cipher().DatabaseError):
            encryption._connect(files.db, key, encryption.SETTINGS, True, 1.0).close()
        with open_journal(key=key) as store:
            assert store.notices == ()
            assert len(store.answers(store.runs()[0].id)) == ANSWERS
        db = files.db.read_bytes()
        old_page = 4096
        damaged = bytearray(db)
        damaged[(len(db) // old_page // 2) * old_page + 100] ^= 0x01
        _put(files.db, bytes(damaged))
        with open_journal(key=key) as store:
            assert any("could not be read" in notice for notice in store.notices)
    finally:
        key.wipe()
    assert files_with_words(home()) == {}


def test_a_transaction_cut_off_in_rollback_mode_is_undone_before_the_check(made: Made) -> None:
    """Rolled back with the key (only a connection that may write can), then checked and
    opened as usual: neither refused nor set aside."""
    files = _install(made, made.db)
    rollback = interrupt_a_transaction("encrypted", stdin=PASSPHRASE + "\n")
    with open_journal(key=JournalKey(made.secret)) as store:
        assert store.notices == ()
        (run,) = store.runs()
        assert run.script_title == "Evening check-in"
        values = [str(a.value) for a in store.answers(run.id).values()]
        assert len(values) == ANSWERS and not any("half-written" in v for v in values)
    assert not rollback.exists()
    assert files.damaged_copies() == []
