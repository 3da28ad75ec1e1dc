"""The journal's tables, and the migrations that bring any earlier journal up to date.

``PRAGMA user_version`` holds the schema version. ``MIGRATIONS[n]`` takes a journal from
version ``n`` to ``n + 1``; a new journal (version 0) runs them all. Each migration runs in one
transaction together with the version bump, so a journal is never left half-migrated.
Migrations are never edited once released: a change is a new migration appended at the end.
"""

from __future__ import annotations

import sqlite3

from companion.journal.errors import JournalTooNewError

V1 = """
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    script_id    TEXT NOT NULL,
    script_title TEXT NOT NULL,
    script_hash  TEXT NOT NULL,
    phase        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    position     TEXT
);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id     TEXT NOT NULL,
    step_type   TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    value       TEXT NOT NULL,
    display     TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    care_team   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (run_id, step_id)
);

CREATE TABLE drafts (
    run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id  TEXT NOT NULL,
    text     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (run_id, step_id)
);
"""
"""Version 1: runs, answers (value as JSON text) and drafts. Times are ISO-8601 UTC text."""

V2 = """
CREATE VIRTUAL TABLE answers_fts USING fts5 (
    prompt, display, script_title,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts (rowid, prompt, display, script_title)
    SELECT new.id, new.prompt, new.display, runs.script_title FROM runs WHERE runs.id = new.run_id;
END;

CREATE TRIGGER answers_fts_update AFTER UPDATE ON answers BEGIN
    DELETE FROM answers_fts WHERE rowid = old.id;
    INSERT INTO answers_fts (rowid, prompt, display, script_title)
    SELECT new.id, new.prompt, new.display, runs.script_title FROM runs WHERE runs.id = new.run_id;
END;

CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN
    DELETE FROM answers_fts WHERE rowid = old.id;
END;

CREATE TRIGGER answers_fts_title AFTER UPDATE OF script_title ON runs BEGIN
    UPDATE answers_fts SET script_title = new.script_title
    WHERE rowid IN (SELECT id FROM answers WHERE run_id = new.id);
END;

INSERT INTO answers_fts (rowid, prompt, display, script_title)
SELECT answers.id, answers.prompt, answers.display, runs.script_title
FROM answers JOIN runs ON runs.id = answers.run_id;
"""
"""Version 2: a full-text index (FTS5) over prompts, answers and script titles, kept in step
with the answers by triggers, and filled from the answers already written."""

V3 = """
CREATE TABLE infusions (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    starts_at TEXT NOT NULL,
    minutes   INTEGER,
    ended_at  TEXT,
    note      TEXT
);
CREATE INDEX infusions_start ON infusions (starts_at);

ALTER TABLE runs ADD COLUMN infusion_id INTEGER REFERENCES infusions (id) ON DELETE SET NULL;
"""
"""Version 3: the infusions of the course (a start in UTC; a planned length in minutes or none
for the typical one; the end as recorded; a note), and each run's infusion. Runs written before
have none; removing an infusion leaves its runs, unlinked."""

V4 = """
ALTER TABLE answers ADD COLUMN score TEXT;
"""
"""Version 4: a questionnaire answer's score (JSON: total, band, and the items and answers as
the patient saw them); NULL for every other answer."""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4)
LATEST = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def refuse_newer(conn: sqlite3.Connection) -> int:
    """The journal's version; :class:`JournalTooNewError` if a newer app wrote it."""
    current = version(conn)
    if current > LATEST:
        raise JournalTooNewError(
            "Your journal was written by a newer version of the companion. "
            "Please update the companion to open it; nothing was changed."
        )
    return current


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the journal to :data:`LATEST`; return the versions it passed through.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    current = refuse_newer(conn)
    applied: list[int] = []
    for target in range(current + 1, LATEST + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(target)
    return applied


def _statements(script: str) -> list[str]:
    """Split a migration into complete statements (triggers contain inner semicolons)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete statement in migration: {pending.strip()[:60]}")
    return statements
