"""The age format we write, read back by rage (pyrage), and rage's files read by us."""

from __future__ import annotations

import os
import subprocess
import sys

import pyrage
import pytest

from companion.journal import age
from tests.conftest import LIGHT_WORK

LIGHT = 12
"""A light work factor for the many small cases; the real ones are tested where they are used."""


@pytest.mark.parametrize(
    "size", [0, 1, 1000, age.CHUNK - 1, age.CHUNK, age.CHUNK + 1, 3 * age.CHUNK]
)
def test_rage_reads_what_we_write(size: int) -> None:
    plain = os.urandom(size)
    sealed = age.encrypt(plain, b"a passphrase here", LIGHT)
    assert pyrage.passphrase.decrypt(sealed, "a passphrase here") == plain
    assert age.decrypt(sealed, b"a passphrase here") == plain


def test_we_read_what_rage_writes() -> None:
    plain = b"Notes for my therapist: the afterglow lasted three days."
    sealed = pyrage.passphrase.encrypt(plain, "another passphrase")
    assert age.decrypt(sealed, b"another passphrase") == plain


@pytest.mark.real_kdf
def test_exports_use_ages_default_work_factor() -> None:
    sealed = age.encrypt(b"x", b"a passphrase here")
    stanza = sealed.split(b"\n")[1].split(b" ")
    assert stanza[:2] == [b"->", b"scrypt"] and stanza[3] == b"18"


def test_a_wrong_passphrase_is_told_apart_from_damage() -> None:
    sealed = age.encrypt(b"private words", b"a passphrase here", LIGHT)
    with pytest.raises(age.WrongPassphrase):
        age.decrypt(sealed, b"a passphrase herf")
    changed = bytearray(sealed)
    changed[-5] ^= 1
    with pytest.raises(age.AgeError) as caught:
        age.decrypt(bytes(changed), b"a passphrase here")
    assert not isinstance(caught.value, age.WrongPassphrase)


def test_a_changed_header_or_a_cut_file_is_refused() -> None:
    sealed = age.encrypt(os.urandom(age.CHUNK * 2), b"a passphrase here", LIGHT)
    header_end = sealed.index(b"\n---") + 4
    changed = sealed.replace(b" 12\n", b" 13\n", 1)
    assert changed != sealed and changed.index(b"\n---") + 4 == header_end
    with pytest.raises(age.AgeError):
        age.decrypt(changed, b"a passphrase here")
    cut = sealed[: -(age.CHUNK + age.TAG)]  # whole chunks missing at the end
    with pytest.raises(age.AgeError):
        age.decrypt(cut, b"a passphrase here")
    for junk in (b"", b"hello", b"age-encryption.org/v1\n-> X25519 abc\n"):
        with pytest.raises(age.AgeError):
            age.decrypt(junk, b"a passphrase here")


def test_a_huge_work_factor_is_refused_before_any_work() -> None:
    sealed = age.encrypt(b"x", b"a passphrase here", LIGHT)
    greedy = sealed.replace(b" 12\n", b" 30\n", 1)
    with pytest.raises(age.AgeError, match="work factor"):
        age.decrypt(greedy, b"a passphrase here")


def test_the_same_letters_give_the_same_passphrase_however_they_were_typed() -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    sealed = age.encrypt(b"x", age.passphrase_bytes(composed), LIGHT)
    assert age.decrypt(sealed, age.passphrase_bytes(decomposed)) == b"x"


def test_the_tests_seal_lightly_here_and_in_the_companions_subprocesses() -> None:
    """The ``light_kdf`` fixture reaches the companion's own Python too (else every subprocess
    test pays 0.6 s per key file, and nothing else would tell)."""
    from companion.journal import keys

    assert keys.KEY_WORK == age.EXPORT_WORK == LIGHT_WORK
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from companion.journal import age, keys; print(keys.KEY_WORK, age.EXPORT_WORK)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == [str(LIGHT_WORK)] * 2
