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
