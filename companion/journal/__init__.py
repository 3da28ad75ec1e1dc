"""The patient's journal: every answer kept, private, durable, searchable and exportable."""

from typing import TYPE_CHECKING, Any

from companion.journal.errors import (
    JournalBusyError,
    JournalError,
    JournalTooNewError,
    UnsafeJournalError,
)
from companion.journal.opening import journal_files, open_journal

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # The search's module is imported when a search is made (or its hits are named), and the
    # store (with the journal's model and its dataclasses) when the journal is opened in full,
    # not to read it for an export.
    if name == "SearchHit":
        from companion.journal.search import SearchHit

        return SearchHit
    if name == "SqliteStore":
        from companion.journal.sqlite_store import SqliteStore

        return SqliteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
