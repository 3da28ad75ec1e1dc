"""What can go wrong when opening the journal, in words a patient can read."""

from __future__ import annotations


class JournalError(Exception):
    """The journal could not be opened or changed; the message is meant for the patient."""


class JournalBusyError(JournalError):
    """Another copy of the companion has the journal open."""

    def __init__(self, message: str = "Your journal is already open in another window.") -> None:
        super().__init__(message)


class JournalTooNewError(JournalError):
    """The journal was written by a newer version of the companion than this one."""


class UnsafeJournalError(JournalError):
    """A journal file can be read by others and could not be made private."""


class JournalLockedError(JournalError):
    """The journal is encrypted and no key was given to open it."""

    def __init__(
        self, message: str = "Your journal is locked with a passphrase; it is needed to open it."
    ) -> None:
        super().__init__(message)


class WrongPassphraseError(JournalError):
    """The passphrase given does not open the journal's key."""

    def __init__(
        self, message: str = "That passphrase does not open your journal; nothing was changed."
    ) -> None:
        super().__init__(message)


def database_errors() -> tuple[type[Exception], ...]:
    """The exceptions a journal's database can raise: the standard library's ``sqlite3`` ones,
    and SQLCipher's once an encrypted journal has been opened (its module is imported only then,
    so a plain journal never pays for it). Evaluated where it is caught: ``except
    database_errors():``.
    """
    import sqlite3
    import sys

    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, cipher.Error)


def damage_errors() -> tuple[type[Exception], ...]:
    """Like :func:`database_errors`, for ``DatabaseError`` (a file that is not a database)."""
    import sqlite3
    import sys

    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is None:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, cipher.DatabaseError)
