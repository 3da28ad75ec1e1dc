"""The journal's key: 32 random bytes that SQLCipher encrypts the database with, kept in
``journal.key`` sealed with the patient's passphrase.

The key file is a small age file (see :mod:`companion.journal.age`): the passphrase is stretched
with scrypt (N = 2**17, r = 8, p = 1: 128 MiB of memory, about half a second here) and the key is
sealed with ChaCha20-Poly1305, so a wrong passphrase is told apart from a right one without
touching the database. Changing the passphrase seals the same key again: the journal itself is
not rewritten. There is no other copy of the key and no way around the passphrase.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from companion import platform
from companion.journal import age
from companion.journal.errors import JournalError, WrongPassphraseError
from companion.journal.files import FILE_MODE

KEY_WORK = 17
"""log2 of scrypt's N for the key file: asked at every unlock, so a little lighter than an
export's (:data:`companion.journal.age.EXPORT_WORK`), and still OWASP's recommended minimum."""
KEY_BYTES = 32


class JournalKey:
    """The database key, held in a ``bytearray`` so that :meth:`wipe` can overwrite it.

    Python copies what it must (the text handed to SQLCipher once, for a moment); this object
    holds the only lasting copy, and is never printed: its ``repr`` says nothing.
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes | bytearray) -> None:
        if len(secret) != KEY_BYTES:
            raise ValueError("a journal key is 32 bytes")
        self._secret = bytearray(secret)

    @classmethod
    def fresh(cls) -> JournalKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def wiped(self) -> bool:
        return not any(self._secret)

    def literal(self) -> str:
        """The key as SQLCipher's raw-key literal, for ``PRAGMA key`` or ``ATTACH ... KEY``
        (no SQLCipher key derivation: the key is already random)."""
        if self.wiped:
            raise ValueError("this key has been wiped")
        return f"\"x'{self._secret.hex()}'\""

    def pragma(self) -> str:
        """The ``PRAGMA key`` statement that opens the database with this key."""
        return f"PRAGMA key = {self.literal()}"

    def seal(self, passphrase: str) -> bytes:
        """The key file's contents: this key sealed with ``passphrase`` at :data:`KEY_WORK`."""
        return age.encrypt(bytes(self._secret), age.passphrase_bytes(passphrase), KEY_WORK)

    def wipe(self) -> None:
        """Overwrite the key in memory; the object cannot open anything afterwards."""
        for index in range(len(self._secret)):
            self._secret[index] = 0

    def __repr__(self) -> str:
        return "JournalKey(…)"


def read_key(path: Path, passphrase: str) -> JournalKey:
    """Open the key file with ``passphrase``.

    Raises :class:`WrongPassphraseError` for a wrong passphrase and :class:`JournalError` when
    the key file is missing or damaged.
    """
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        raise JournalError(
            f"Your journal is encrypted but its key file ({path.name}) is missing, "
            "so it cannot be opened."
        ) from None
    except OSError as exc:
        raise JournalError(f"Your journal's key file could not be read ({exc.strerror}).") from exc
    try:
        secret = bytearray(age.decrypt(sealed, age.passphrase_bytes(passphrase)))
    except age.WrongPassphrase:
        raise WrongPassphraseError() from None
    except age.AgeError as exc:
        raise JournalError(f"Your journal's key file is damaged ({exc}).") from None
    try:
        return JournalKey(secret)
    except ValueError:
        raise JournalError(
            "Your journal's key file is damaged (the key has the wrong size)."
        ) from None
    finally:
        for index in range(len(secret)):
            secret[index] = 0


def write_private(path: Path, data: bytes) -> None:
    """Write a new file 0600 (refusing one already there) and push it to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | platform.not_inherited(), FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
