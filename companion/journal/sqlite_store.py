"""The journal on disk: a :class:`~companion.journal.model.Store` over SQLite.

Every write is its own committed transaction with ``synchronous=FULL``: when a method returns,
the words are on disk. The connection may be used from worker threads (one at a time; a lock
inside keeps it so). Build one with :func:`companion.journal.opening.open_journal`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.journal import reading
from companion.journal.codec import (
    maybe_time,
    score_of,
    score_text,
    time_text,
    time_value,
    value_of,
    value_text,
)
from companion.journal.files import JournalFiles
from companion.journal.lock import JournalLock
from companion.journal.model import Answer, Infusion, RunInfo, new_uid, now

if TYPE_CHECKING:
    from companion.journal.search import SearchHit  # imported by search() when it runs

RUN_COLUMNS = (
    "id, script_id, script_title, script_hash, phase, started_at, ended_at, position, infusion_id"
)
INFUSION_COLUMNS = "id, uid, starts_at, minutes, ended_at, note"
ANSWER_COLUMNS = "step_id, step_type, prompt, value, display, answered_at, care_team, score"
IDS_PER_QUERY = 500
"""Run ids bound in one ``IN (...)`` query: well under SQLite's smallest limit on parameters."""


def _run_of(row: Sequence[Any]) -> RunInfo:
    return RunInfo(
        id=int(row[0]),
        script_id=row[1],
        script_title=row[2],
        script_hash=row[3],
        phase=row[4],
        started_at=time_value(row[5]),
        ended_at=maybe_time(row[6]),
        position=row[7],
        infusion_id=row[8],
    )


def _infusion_of(row: Sequence[Any]) -> Infusion:
    return Infusion(
        id=int(row[0]),
        uid=row[1],
        starts_at=time_value(row[2]),
        minutes=row[3],
        ended_at=maybe_time(row[4]),
        note=row[5],
    )


def _answer_of(row: Sequence[Any]) -> Answer:
    # ANSWER_COLUMNS are Answer's fields in order.
    step_id, step_type, prompt, value, display, answered_at, care_team, score = row
    return Answer(
        step_id,
        step_type,
        prompt,
        value_of(value),
        display,
        time_value(answered_at),
        bool(care_team),
        None if score is None else score_of(score),
    )


class SqliteStore:
    """The patient's journal in ``journal.db``, held open (and locked) until :meth:`close`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        files: JournalFiles,
        lock: JournalLock,
        notices: Sequence[str] = (),
    ) -> None:
        self._conn = conn
        self._files = files
        self._lock = lock
        self._mutex = threading.RLock()
        self.notices: tuple[str, ...] = tuple(notices)
        """Things the patient should be told after opening (a damaged journal was set aside)."""
        self.read_only = False
        """Opened for reading only? Never: see :class:`~companion.journal.reading.JournalReader`."""

    @property
    def path(self) -> Path:
        """The database file."""
        return self._files.db

    @property
    def files(self) -> JournalFiles:
        return self._files

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._mutex:
            return self._conn.execute(sql, params).fetchall()

    def _require_run(self, conn: sqlite3.Connection, run_id: int) -> None:
        if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise KeyError(run_id)

    def start_run(
        self,
        script_id: str,
        script_title: str,
        script_hash: str,
        phase: str,
        infusion_id: int | None = None,
    ) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (script_id, script_title, script_hash, phase, started_at,"
                " infusion_id) VALUES (?, ?, ?, ?, ?, ?)",
                (script_id, script_title, script_hash, phase, time_text(now()), infusion_id),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def _put_answer(self, conn: sqlite3.Connection, run_id: int, answer: Answer) -> None:
        conn.execute(
            f"INSERT INTO answers (run_id, {ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (run_id, step_id) DO UPDATE SET step_type = excluded.step_type,"
            " prompt = excluded.prompt, value = excluded.value, display = excluded.display,"
            " answered_at = excluded.answered_at, care_team = excluded.care_team,"
            " score = excluded.score",
            (
                run_id,
                answer.step_id,
                answer.step_type,
                answer.prompt,
                value_text(answer.value),
                answer.display,
                time_text(answer.answered_at),
                int(answer.care_team),
                score_text(answer.score),
            ),
        )

    def record_answer(self, run_id: int, answer: Answer) -> None:
        with self._write() as conn:
            self._require_run(conn, run_id)
            before = conn.execute(
                "SELECT prompt, display FROM answers WHERE run_id = ? AND step_id = ?",
                (run_id, answer.step_id),
            ).fetchone()
            self._put_answer(conn, run_id, answer)
            drafted = conn.execute(
                "DELETE FROM drafts WHERE run_id = ? AND step_id = ?", (run_id, answer.step_id)
            ).rowcount
            replaced = before is not None and tuple(before) != (answer.prompt, answer.display)
            if replaced:
                self._drop_old_index_entries(conn)
        if replaced or drafted:
            self._empty_wal()

    def forget_answer(self, run_id: int, step_id: str) -> None:
        with self._write() as conn:
            self._require_run(conn, run_id)
            gone = conn.execute(
                "DELETE FROM answers WHERE run_id = ? AND step_id = ?", (run_id, step_id)
            ).rowcount
            if gone:
                self._drop_old_index_entries(conn)
        if gone:
            self._empty_wal()

    def save_draft(self, run_id: int, step_id: str, text: str) -> None:
        with self._write() as conn:
            self._require_run(conn, run_id)
            before = conn.execute(
                "SELECT text FROM drafts WHERE run_id = ? AND step_id = ?", (run_id, step_id)
            ).fetchone()
            conn.execute(
                "INSERT INTO drafts (run_id, step_id, text, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (run_id, step_id) DO UPDATE"
                " SET text = excluded.text, saved_at = excluded.saved_at",
                (run_id, step_id, text, time_text(now())),
            )
        if before is not None and not text.startswith(before[0]):
            self._empty_wal()  # words were taken out: their earlier copies go too

    # Forgotten words leave no copy. ``PRAGMA secure_delete`` zeroes what SQLite frees, but two
    # places keep older copies: FTS5 only marks a deleted row as deleted in a newer index segment
    # (the words stay in the older one until segments are merged; this SQLite predates FTS5's own
    # 'secure-delete' option), and the write-ahead log keeps earlier versions of every page it
    # was given until it is checkpointed and emptied.

    def _drop_old_index_entries(self, conn: sqlite3.Connection) -> None:
        """Merge the full-text index into one segment, leaving out deleted entries."""
        conn.execute("INSERT INTO answers_fts (answers_fts) VALUES ('optimize')")

    def _empty_wal(self) -> None:
        """Copy the log into the database and truncate it, so no older page version is kept."""
        with self._mutex:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def drafts(self, run_id: int) -> dict[str, str]:
        with self._mutex:
            self._require_run(self._conn, run_id)
            rows = self._read(
                "SELECT step_id, text FROM drafts WHERE run_id = ? ORDER BY rowid", (run_id,)
            )
        return {row[0]: row[1] for row in rows}

    def set_position(self, run_id: int, step_id: str) -> None:
        with self._write() as conn:
            self._require_run(conn, run_id)
            conn.execute("UPDATE runs SET position = ? WHERE id = ?", (step_id, run_id))

    def finish_run(self, run_id: int) -> None:
        with self._write() as conn:
            self._require_run(conn, run_id)
            conn.execute("UPDATE runs SET ended_at = ? WHERE id = ?", (time_text(now()), run_id))

    def add_run(self, run: RunInfo, answers: Sequence[Answer]) -> int:
        """Write a whole run with its own times (an import, say) in one transaction.

        ``run.id`` is ignored; the new run's id is returned.
        """
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (script_id, script_title, script_hash, phase, started_at,"
                " ended_at, position, infusion_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run.script_id,
                    run.script_title,
                    run.script_hash,
                    run.phase,
                    time_text(run.started_at),
                    None if run.ended_at is None else time_text(run.ended_at),
                    run.position,
                    run.infusion_id,
                ),
            )
            assert cursor.lastrowid is not None
            for answer in answers:
                self._put_answer(conn, cursor.lastrowid, answer)
            return cursor.lastrowid

    def answers(self, run_id: int) -> dict[str, Answer]:
        with self._mutex:
            self._require_run(self._conn, run_id)
            rows = self._read(
                f"SELECT {ANSWER_COLUMNS} FROM answers WHERE run_id = ? ORDER BY id", (run_id,)
            )
        return {row[0]: _answer_of(row) for row in rows}

    def answers_by_run(self, run_ids: Iterable[int]) -> dict[int, list[Answer]]:
        found: dict[int, list[Answer]] = {run_id: [] for run_id in run_ids}
        ids = list(found)
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[start : start + IDS_PER_QUERY]
            rows = self._read(
                f"SELECT run_id, {ANSWER_COLUMNS} FROM answers"
                f" WHERE run_id IN ({', '.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            )
            for row in rows:
                found[row[0]].append(_answer_of(row[1:]))
        return found

    def export_rows(self) -> tuple[list[Any], list[Any]]:
        """The raw rows a Markdown export writes from (:func:`companion.journal.reading.export_rows`:
        in stored order, damage raised). Nothing is decoded: an export of thousands of runs
        builds no :class:`RunInfo` or :class:`Answer` (see :mod:`companion.journal.export`)."""
        with self._mutex:
            return reading.export_rows(self._conn)

    def infusion_starts(self) -> list[tuple[int, str]]:
        """Every infusion's id and start, as stored (for the export)."""
        with self._mutex:
            return reading.infusion_starts(self._conn)

    def run(self, run_id: int) -> RunInfo:
        rows = self._read(f"SELECT {RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(run_id)
        return _run_of(rows[0])

    def runs(self) -> list[RunInfo]:
        rows = self._read(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id DESC")
        return [_run_of(row) for row in rows]

    def unfinished(self) -> list[RunInfo]:
        rows = self._read(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE ended_at IS NULL"
            " ORDER BY started_at DESC, id DESC"
        )
        return [_run_of(row) for row in rows]

    def last_finished(self, phase: str) -> datetime | None:
        rows = self._read("SELECT max(ended_at) FROM runs WHERE phase = ?", (phase,))
        return maybe_time(rows[0][0])

    def infusions(self) -> list[Infusion]:
        rows = self._read(f"SELECT {INFUSION_COLUMNS} FROM infusions ORDER BY starts_at, id")
        return [_infusion_of(row) for row in rows]

    def add_infusion(
        self, starts_at: datetime, minutes: int | None = None, note: str | None = None
    ) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO infusions (uid, starts_at, minutes, note) VALUES (?, ?, ?, ?)",
                (new_uid(), time_text(starts_at), minutes, note),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def change_infusion(self, infusion: Infusion) -> None:
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE infusions SET starts_at = ?, minutes = ?, ended_at = ?, note = ?"
                " WHERE id = ?",
                (
                    time_text(infusion.starts_at),
                    infusion.minutes,
                    None if infusion.ended_at is None else time_text(infusion.ended_at),
                    infusion.note,
                    infusion.id,
                ),
            )
            if cursor.rowcount == 0:
                raise KeyError(infusion.id)

    def remove_infusion(self, infusion_id: int) -> int:
        with self._write() as conn:
            linked = conn.execute(
                "UPDATE runs SET infusion_id = NULL WHERE infusion_id = ?", (infusion_id,)
            ).rowcount
            if conn.execute("DELETE FROM infusions WHERE id = ?", (infusion_id,)).rowcount == 0:
                raise KeyError(infusion_id)
            return linked

    def search(self, query: str, limit: int | None = 200) -> list[SearchHit]:
        """Answers whose text, prompt or script title contain every word of ``query``
        (each as the start of a word, ignoring case and accents), newest first; at most
        ``limit`` of them (``None``: all)."""
        from companion.journal.search import Markers, SearchHit, fts_query, parse_snippet

        match = fts_query(query)
        if match is None:
            return []
        markers = Markers.fresh()
        rows = self._read(
            f"SELECT answers.step_id, answers.prompt,"
            f" snippet(answers_fts, -1, ?, ?, '…', 16), {_prefixed(RUN_COLUMNS, 'runs')}"
            " FROM answers_fts"
            " JOIN answers ON answers.id = answers_fts.rowid"
            " JOIN runs ON runs.id = answers.run_id"
            " WHERE answers_fts MATCH ?"
            " ORDER BY answers.answered_at DESC, answers.id DESC LIMIT ?",
            (markers.start, markers.end, match, -1 if limit is None else limit),
        )
        hits = []
        for row in rows:
            snippet, spans = parse_snippet(row[2], markers)
            hits.append(SearchHit(_run_of(row[3:]), row[0], row[1], snippet, spans))
        return hits

    def trend(self, script_id: str, step_id: str) -> list[tuple[datetime, int]]:
        """Scale answers to one step of one script over time, oldest first; for a
        questionnaire, its totals (once every item was answered)."""
        return [(at, value) for at, value, _ in self.trend_points(script_id, step_id)]

    def trend_points(self, script_id: str, step_id: str) -> list[tuple[datetime, int, int | None]]:
        """As :meth:`trend`, each answer with the id of the infusion its run was done for."""
        rows = self._read(
            "SELECT answers.answered_at, answers.value, runs.infusion_id, answers.score"
            " FROM answers JOIN runs ON runs.id = answers.run_id"
            " WHERE runs.script_id = ? AND answers.step_id = ?"
            " ORDER BY answers.answered_at, answers.id",
            (script_id, step_id),
        )
        points = []
        for answered_at, stored, infusion_id, score in rows:
            if score is not None:
                total = score_of(score).total
                if total is not None:
                    points.append((time_value(answered_at), total, infusion_id))
                continue
            value = value_of(stored)
            if isinstance(value, int):
                points.append((time_value(answered_at), value, infusion_id))
        return points

    def integrity(self) -> str:
        """SQLite's full ``integrity_check``: ``"ok"`` for a healthy journal."""
        rows = self._read("PRAGMA integrity_check")
        return "; ".join(str(row[0]) for row in rows)

    def close(self) -> None:
        with self._mutex:
            if not self._lock.held:
                return
            try:
                self._conn.close()
            finally:
                self._lock.release()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _prefixed(columns: str, table: str) -> str:
    return ", ".join(f"{table}.{name.strip()}" for name in columns.split(","))


if TYPE_CHECKING:
    from companion.journal.model import Store

    def _conforms(store: SqliteStore) -> Store:
        return store
