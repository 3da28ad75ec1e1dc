"""``companion encrypt``, ``decrypt``, ``export --encrypt`` and ``decrypt-export`` as a patient
(or a script) runs them: passphrases one line at a time on a pipe, or typed without echo."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyrage

from companion.cli.passphrase import NO_RECOVERY, NO_RECOVERY_AGAIN
from companion.journal import protect
from companion.journal.opening import journal_files, open_journal
from tests.helpers.crypt import (
    OTHER,
    PASSPHRASE,
    WORDS,
    files_with_words,
    home,
    journal_with_words,
    lines,
)
from tests.helpers.terminal import POSIXLESS, PtyApp, companion


def _encrypted() -> None:
    journal_with_words()
    done = companion("encrypt", stdin=lines(PASSPHRASE, PASSPHRASE))
    assert done.returncode == 0, done.stderr


def test_encrypt_says_twice_there_is_no_recovery_before_it_starts() -> None:
    journal_with_words()
    done = companion("encrypt", stdin=lines(PASSPHRASE, PASSPHRASE))
    assert done.returncode == 0
    assert NO_RECOVERY in done.stderr and NO_RECOVERY_AGAIN in done.stderr
    assert done.stderr.index(NO_RECOVERY_AGAIN) < done.stderr.index("Your journal is encrypted")
    assert files_with_words(home()) == {}


def test_two_different_or_short_passphrases_change_nothing() -> None:
    journal_with_words()
    for given in (lines(PASSPHRASE, OTHER), lines("short", "short"), lines(PASSPHRASE), ""):
        done = companion("encrypt", stdin=given)
        assert done.returncode == 1
        assert done.stderr.strip().splitlines()[-1].endswith(".")
        assert not protect.needs_passphrase()
        assert sorted(p.name for p in journal_files().folder.iterdir()) == [
            "journal.db",
            "journal.lock",
        ]


def test_wrong_passphrases_fail_calmly_in_one_sentence() -> None:
    _encrypted()
    before = {p.name: p.read_bytes() for p in journal_files().folder.iterdir()}
    for command in (["export"], ["decrypt"], ["forget"], ["encrypt"]):
        done = companion(*command, stdin=lines(OTHER, "forget my journal"))
        assert done.returncode == 1, command
        assert done.stdout == "" or "Traceback" not in done.stdout
        said = done.stderr.strip().splitlines()
        if command == ["encrypt"]:  # it says first what it is about to do
            assert said[0] == "Your journal is already encrypted; this changes its passphrase."
            said = said[1:]
        assert len(said) == 1, (command, done.stderr)
        assert "passphrase" in said[0] and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in journal_files().folder.iterdir()} == before


def test_export_and_forget_ask_for_the_passphrase() -> None:
    _encrypted()
    done = companion("export", stdin=lines(PASSPHRASE))
    assert done.returncode == 0, done.stderr
    assert all(word in done.stdout.lower() for word in WORDS[:3] + WORDS[4:])
    done = companion("forget", stdin=lines(PASSPHRASE, "forget my journal"))
    assert done.returncode == 0, done.stderr
    assert not journal_files().folder.exists()


def test_an_encrypted_export_opens_with_age_and_with_decrypt_export(tmp_path: Path) -> None:
    _encrypted()
    sealed = tmp_path / "for-my-therapist.age"
    done = companion(
        "export", "--encrypt", "-o", str(sealed), stdin=lines(PASSPHRASE, OTHER, OTHER)
    )
    assert done.returncode == 0, done.stderr
    assert "age -d" in done.stderr
    assert oct(sealed.stat().st_mode & 0o777) == "0o600"
    data = sealed.read_bytes()
    assert not any(word.encode() in data.lower() for word in WORDS)
    text = pyrage.passphrase.decrypt(data, OTHER).decode()
    assert WORDS[0] in text and text.startswith("# My journal")
    done = companion("decrypt-export", str(sealed), stdin=lines(OTHER))
    assert done.returncode == 0 and done.stdout == text
    done = companion("decrypt-export", str(sealed), stdin=lines(PASSPHRASE))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1


def test_an_encrypted_export_needs_a_file() -> None:
    _encrypted()
    done = companion("export", "--encrypt", stdin=lines(PASSPHRASE, OTHER, OTHER))
    assert done.returncode == 1 and "--output" in done.stderr and done.stdout == ""


def test_nothing_is_switched_while_the_app_has_the_journal_open() -> None:
    journal_with_words()
    with open_journal():
        done = companion("encrypt", stdin=lines(PASSPHRASE, PASSPHRASE))
    assert done.returncode == 1 and "Nothing was changed" in done.stderr
    assert not protect.needs_passphrase()


def test_decrypt_of_a_plain_journal_has_nothing_to_do() -> None:
    journal_with_words()
    done = companion("decrypt")
    assert done.returncode == 0 and "not encrypted" in done.stderr


def test_the_passphrase_is_typed_without_echo_in_a_terminal() -> None:
    journal_with_words()
    term = PtyApp(["encrypt"], dict(os.environ))
    try:
        for _ in range(2):
            assert term.wait_for("passphrase")
            term.mark()
            term.type(PASSPHRASE + "\r")
            time.sleep(0.2)
        assert term.wait_exit(30) == 0
        assert PASSPHRASE not in term.text
        assert "Your journal is encrypted" in term.text
    finally:
        term.close()
    assert protect.needs_passphrase()


def test_encryption_works_without_the_posix_only_pieces() -> None:
    """As on Windows: no fcntl, no os.getuid, os.fchmod or O_CLOEXEC (tests/posixless)."""
    journal_with_words()
    env = {"PYTHONPATH": str(POSIXLESS)}
    probe = companion("scripts", env=env)
    assert probe.returncode == 0, probe.stderr
    done = companion("encrypt", stdin=lines(PASSPHRASE, PASSPHRASE), env=env)
    assert done.returncode == 0, done.stderr
    assert files_with_words(home()) == {}
    done = companion("export", stdin=lines(PASSPHRASE), env=env)
    assert done.returncode == 0 and WORDS[0] in done.stdout
    done = companion("decrypt", stdin=lines(PASSPHRASE), env=env)
    assert done.returncode == 0, done.stderr
    assert not protect.needs_passphrase()
