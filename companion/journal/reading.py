"""Reading the journal for an export, as raw rows, with nothing of the model built: and the
reader :func:`~companion.journal.opening.open_to_read` gives when the journal can be read
without the full opening. Light on purpose: no dataclasses, no model, no SQLCipher."""

from __future__ import annotations

import sqlite3
from itertools import islice
from operator import ge, itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from companion.journal.files import JournalFiles
    from companion.journal.lock import JournalLock

EXPORT_RUN_COLUMNS = "id, script_id, script_title, phase, started_at, ended_at, infusion_id"
EXPORT_ANSWER_COLUMNS = (
    "id, run_id, step_id, prompt, iif(value GLOB '\"*', '\"', value), display, answered_at,"
    " care_team, score"
)
"""An answer as the Markdown export reads it. A written answer's value (JSON text: a copy of
its display, which is what is shown) comes as its first character only, ``"``: 12,000 strings
of the 2,000-run journal not built (~1 ms in a fresh process)."""


def export_rows(conn: Any) -> tuple[list[Any], list[Any]]:
    """The raw rows a Markdown export writes from, read in one go: every run oldest first
    (``EXPORT_RUN_COLUMNS``), and every answer in the order given (``EXPORT_ANSWER_COLUMNS``;
    the export groups them by run, keeping this order within each run). Nothing is decoded.

    Both tables are read in the order they are stored (by id), not through an index: each row
    comes from the table itself, and ids that do not rise row after row mean a damaged file (a
    page reached twice, or from another table), which SQLite's reading alone would not notice.
    That is raised as damage, ``sqlite3.DatabaseError`` (see
    :func:`~companion.journal.opening.open_to_read`, which checks no page beforehand).
    """
    runs = conn.execute(f"SELECT {EXPORT_RUN_COLUMNS} FROM runs ORDER BY id").fetchall()
    answers = conn.execute(f"SELECT {EXPORT_ANSWER_COLUMNS} FROM answers ORDER BY id").fetchall()
    for table, rows in (("runs", runs), ("answers", answers)):
        ids = list(map(itemgetter(0), rows))
        if any(map(ge, ids, islice(ids, 1, None))):
            raise sqlite3.DatabaseError(f"database disk image is malformed ({table} out of order)")
    runs.sort(key=itemgetter(4))  # by start; stable, so by id within a start, as SQLite would
    return runs, answers


def infusion_starts(conn: Any) -> list[tuple[int, str]]:
    """Every infusion's id and start, as stored (the export numbers them itself)."""
    return [(int(row[0]), row[1]) for row in conn.execute("SELECT id, starts_at FROM infusions")]


class JournalReader:
    """The journal opened read-only for an export (:func:`~companion.journal.opening.open_to_read`),
    held (and locked) until :meth:`close`: its raw rows, nothing else."""

    read_only = True

    def __init__(
        self, conn: sqlite3.Connection, files: JournalFiles, lock: JournalLock, notices: list[str]
    ) -> None:
        self._conn = conn
        self._files = files
        self._lock = lock
        self.notices: tuple[str, ...] = tuple(notices)

    @property
    def path(self) -> Path:
        return self._files.db

    @property
    def files(self) -> JournalFiles:
        return self._files

    def export_rows(self) -> tuple[list[Any], list[Any]]:
        return export_rows(self._conn)

    def infusion_starts(self) -> list[tuple[int, str]]:
        return infusion_starts(self._conn)

    def close(self) -> None:
        if not self._lock.held:
            return
        try:
            self._conn.close()
        finally:
            self._lock.release()

    def __enter__(self) -> JournalReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
