"""Encryption at rest with the real SQLCipher: nothing readable is left, the right passphrase
reads everything back, a wrong one changes nothing, and every leftover is put right."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pyrage
import pytest

from companion.journal import encryption, protect
from companion.journal.errors import JournalLockedError, WrongPassphraseError
from companion.journal.files import JournalFiles
from companion.journal.forget import forget
from companion.journal.keys import KEY_WORK
from companion.journal.opening import journal_files, open_journal
from companion.paths import locations
from tests.helpers.crypt import (
    OTHER,
    PASSPHRASE,
    WORDS,
    everything,
    files_with_words,
    home,
    journal_with_words,
)


def _read_all(passphrase: str = PASSPHRASE) -> tuple[object, ...]:
    key = protect.unlock(passphrase)
    try:
        store = open_journal(key=key)
    finally:
        key.wipe()
    with store:
        return everything(store)


def _plain_all() -> tuple[object, ...]:
    with open_journal() as store:
        return everything(store)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_after_encrypt_the_words_are_in_no_byte_and_the_passphrase_reads_everything() -> None:
    journal_with_words()
    before = _plain_all()
    assert files_with_words(home()), "the words must be findable in a plain journal"
    protect.turn_on(PASSPHRASE)
    assert files_with_words(home()) == {}
    assert protect.needs_passphrase()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(journal_files().db).execute("SELECT * FROM runs").fetchall()
    assert _read_all() == before
    # Written to (a new answer, a draft) while encrypted: still nothing readable.
    key = protect.unlock(PASSPHRASE)
    with open_journal(key=key) as store:
        key.wipe()
        run = store.runs()[0].id
        store.save_draft(run, "more", f"and {WORDS[0]} again")
        assert files_with_words(home()) == {}
    assert files_with_words(home()) == {}


def test_only_the_journal_its_key_and_its_lock_remain_private() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    files = journal_files()
    assert sorted(p.name for p in files.folder.iterdir()) == [
        "journal.db",
        "journal.key",
        "journal.lock",
    ]
    for path in (files.db, files.key):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files.key.stat().st_size < 300


@pytest.mark.real_kdf
def test_the_key_file_is_an_age_file_the_standard_tools_open() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    sealed = journal_files().key.read_bytes()
    assert sealed.split(b"\n")[1].split(b" ")[3] == str(KEY_WORK).encode()
    key = pyrage.passphrase.decrypt(sealed, PASSPHRASE)
    assert len(key) == 32
    conn = encryption._cipher().connect(str(journal_files().db))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_page_size = 16384")  # as docs/privacy.md says
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    conn.close()


def test_a_wrong_passphrase_changes_nothing() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    before = _digests(home())
    for wrong in (OTHER, "", PASSPHRASE + " ", PASSPHRASE.upper()):
        with pytest.raises(WrongPassphraseError):
            protect.unlock(wrong)
        with pytest.raises(WrongPassphraseError):
            protect.turn_off(wrong)
        with pytest.raises(WrongPassphraseError):
            protect.change_passphrase(wrong, OTHER)
    assert _digests(home()) == before


def test_an_encrypted_journal_is_never_opened_without_its_key() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    before = _digests(home())
    with pytest.raises(JournalLockedError):
        open_journal()
    assert _digests(home()) == before, "never set aside as damaged, never replaced"


def test_changing_the_passphrase_does_not_rewrite_the_journal() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    db = journal_files().db
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    protect.change_passphrase(PASSPHRASE, OTHER)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with pytest.raises(WrongPassphraseError):
        protect.unlock(PASSPHRASE)
    assert _read_all(OTHER)[1]


def test_decrypt_gives_back_the_same_plain_journal() -> None:
    journal_with_words()
    before = _plain_all()
    protect.turn_on(PASSPHRASE)
    protect.turn_off(PASSPHRASE)
    assert not protect.needs_passphrase()
    assert sorted(p.name for p in journal_files().folder.iterdir()) == [
        "journal.db",
        "journal.lock",
    ]
    assert _plain_all() == before
    conn = sqlite3.connect(journal_files().db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_journal_copied_to_another_computer_opens_there(tmp_path: Path) -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    before = _read_all()
    elsewhere = tmp_path / "other-computer"
    shutil.copytree(home() / "data", elsewhere / "data")
    where = locations({"COMPANION_HOME": str(elsewhere)})
    key = protect.unlock(PASSPHRASE, where)
    with open_journal(where, key) as store:
        key.wipe()
        assert everything(store) == before


def test_encrypting_before_any_journal_starts_an_encrypted_one() -> None:
    protect.turn_on(PASSPHRASE)
    assert protect.needs_passphrase()
    filled_journal_encrypted = _read_all()
    assert filled_journal_encrypted[0] == []
    key = protect.unlock(PASSPHRASE)
    with open_journal(key=key) as store:
        key.wipe()
        from tests.helpers.crypt import fill

        fill(store)
    assert files_with_words(home()) == {}


def test_damaged_journals_set_aside_earlier_are_sealed_too() -> None:
    files = journal_files()
    files.folder.mkdir(parents=True)
    os.chmod(files.folder, 0o700)
    damaged = files.folder / "journal.db.damaged-20260101-120000"
    damaged.write_bytes(b"not quite a database, but it says " + WORDS[0].encode())
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    assert files_with_words(home()) == {}
    sealed = damaged.with_name(damaged.name + ".age")
    assert not damaged.exists()
    assert WORDS[0].encode() in pyrage.passphrase.decrypt(sealed.read_bytes(), PASSPHRASE)


def test_forget_removes_the_key_too() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    removed = forget()
    assert journal_files().key in removed
    assert not journal_files().folder.exists()


def test_a_damaged_encrypted_journal_is_set_aside_with_a_copy_of_its_key() -> None:
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    files = journal_files()
    with files.db.open("r+b") as handle:  # the second page scrambled
        handle.seek(encryption.PAGE_BYTES)
        handle.write(os.urandom(encryption.PAGE_BYTES))
    key = protect.unlock(PASSPHRASE)
    with open_journal(key=key) as store:
        key.wipe()
        assert any("could not be read" in notice for notice in store.notices)
        assert store.runs() == []
    (aside,) = [p for p in files.damaged_copies() if not p.name.endswith(".key")]
    assert aside.with_name(aside.name + ".key").read_bytes() == files.key.read_bytes()
    assert protect.needs_passphrase(), "the new journal is encrypted with the same key"
    assert files_with_words(home()) == {}


# Recovery of each state a switch can be interrupted in (the crash tests kill the real
# process at each stage; these pin down the rules one by one).


def _plain_with_leftovers() -> JournalFiles:
    journal_with_words()
    return journal_files()


def test_a_second_name_of_the_live_journal_is_unnamed_never_wiped() -> None:
    files = _plain_with_leftovers()
    os.link(files.db, files.old_db)
    before = _plain_all()
    with open_journal() as store:
        assert everything(store) == before
    assert not files.old_db.exists()


def test_a_stale_key_beside_a_plain_journal_and_half_copies_are_removed() -> None:
    files = _plain_with_leftovers()
    files.key.write_bytes(b"stale")
    files.new_key.write_bytes(b"half")
    files.new_db.write_bytes(b"half a copy " + WORDS[0].encode())
    before = _plain_all()
    assert sorted(p.name for p in files.folder.iterdir()) == ["journal.db", "journal.lock"]
    assert before[1]


def test_an_old_copy_that_is_not_the_journal_is_wiped() -> None:
    files = _plain_with_leftovers()
    files.old_db.write_bytes(b"the old plain journal " + WORDS[0].encode())
    with open_journal():
        pass
    assert not files.old_db.exists()


def test_a_switch_that_fails_part_way_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal_with_words()
    before = _plain_all()

    def refused(files: JournalFiles) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption, "_swap", refused)
    with pytest.raises(OSError):
        protect.turn_on(PASSPHRASE)
    assert sorted(p.name for p in journal_files().folder.iterdir()) == [
        "journal.db",
        "journal.lock",
    ]
    assert not protect.needs_passphrase()
    assert _plain_all() == before


def test_the_sqlite3_tool_cannot_open_it_either() -> None:
    import subprocess

    tool = shutil.which("sqlite3")
    if tool is None:
        pytest.skip("no sqlite3 command on this machine (the library is checked above)")
    journal_with_words()
    protect.turn_on(PASSPHRASE)
    done = subprocess.run(
        [tool, str(journal_files().db), "SELECT * FROM answers;"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "not a database" in done.stderr
    assert not any(word in done.stdout for word in WORDS)
