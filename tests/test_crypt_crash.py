"""Turning encryption on or off, or changing the passphrase, killed at each stage: the old
journal or the new one is whole, and the next command puts every leftover right."""

from __future__ import annotations

import signal

import pytest

from companion.journal import encryption, protect
from companion.journal.errors import WrongPassphraseError
from companion.journal.opening import journal_files, open_journal
from tests.helpers.crypt import (
    OTHER,
    PASSPHRASE,
    everything,
    files_with_words,
    home,
    journal_with_words,
    lines,
)
from tests.helpers.terminal import companion

KILLED = -signal.SIGKILL


def _contents(passphrase: str | None) -> tuple[object, ...]:
    key = None if passphrase is None else protect.unlock(passphrase)
    try:
        store = open_journal(key=key)
    finally:
        if key is not None:
            key.wipe()
    with store:
        return everything(store)


def _plain() -> tuple[object, ...]:
    with open_journal() as store:
        return everything(store)


@pytest.mark.parametrize("stage", encryption.ENCRYPT_STAGES)
def test_encrypt_killed_at_each_stage(stage: str) -> None:
    journal_with_words()
    before = _plain()
    done = companion(
        "encrypt", stdin=lines(PASSPHRASE, PASSPHRASE), env={encryption.CRASH_ENV: stage}
    )
    assert done.returncode == KILLED, done.stderr
    swapped = encryption.ENCRYPT_STAGES.index(stage) >= encryption.ENCRYPT_STAGES.index("swapped")
    # Whole, exactly as before or exactly as after; a later command tidies what was left.
    assert protect.needs_passphrase() == swapped
    assert _contents(PASSPHRASE if swapped else None) == before
    left = sorted(p.name for p in journal_files().folder.iterdir())
    assert left == sorted(["journal.db", "journal.lock", *(["journal.key"] if swapped else [])])
    if swapped:
        assert files_with_words(home()) == {}
    else:  # tried again, it finishes
        assert companion("encrypt", stdin=lines(PASSPHRASE, PASSPHRASE)).returncode == 0
        assert files_with_words(home()) == {}
        assert _contents(PASSPHRASE) == before


@pytest.mark.parametrize("stage", encryption.DECRYPT_STAGES)
def test_decrypt_killed_at_each_stage(stage: str) -> None:
    journal_with_words()
    before = _plain()
    protect.turn_on(PASSPHRASE)
    done = companion("decrypt", stdin=lines(PASSPHRASE), env={encryption.CRASH_ENV: stage})
    assert done.returncode == KILLED, done.stderr
    swapped = encryption.DECRYPT_STAGES.index(stage) >= encryption.DECRYPT_STAGES.index("swapped")
    assert protect.needs_passphrase() == (not swapped)
    assert _contents(None if swapped else PASSPHRASE) == before
    left = sorted(p.name for p in journal_files().folder.iterdir())
    assert left == sorted(["journal.db", "journal.lock", *([] if swapped else ["journal.key"])])
    if not swapped:
        assert files_with_words(home()) == {}, "a half-written plain copy is wiped"


@pytest.mark.parametrize("stage", encryption.REKEY_STAGES)
def test_a_passphrase_change_killed_at_each_stage(stage: str) -> None:
    journal_with_words()
    before = _plain()
    protect.turn_on(PASSPHRASE)
    done = companion(
        "encrypt", stdin=lines(PASSPHRASE, OTHER, OTHER), env={encryption.CRASH_ENV: stage}
    )
    assert done.returncode == KILLED, done.stderr
    now, then = (OTHER, PASSPHRASE) if stage == "key-in-place" else (PASSPHRASE, OTHER)
    assert _contents(now) == before
    with pytest.raises(WrongPassphraseError):
        protect.unlock(then)
    assert not journal_files().new_key.exists()
