"""The patient's journal: every answer kept, private, durable, searchable and exportable."""

from companion.journal.errors import (
    JournalBusyError,
    JournalError,
    JournalTooNewError,
    UnsafeJournalError,
)
from companion.journal.opening import journal_files, open_journal
from companion.journal.search import SearchHit
from companion.journal.sqlite_store import SqliteStore

__all__ = [
    "JournalBusyError",
    "JournalError",
    "JournalTooNewError",
    "SearchHit",
    "SqliteStore",
    "UnsafeJournalError",
    "journal_files",
    "open_journal",
]
