"""Every earlier journal opens, is migrated in place, and keeps every word.

The DDL of each released version is copied here on purpose: it is what patients' journals on disk
look like, whatever later happens to ``companion/journal/schema.py``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.journal import JournalError, JournalTooNewError, journal_files, open_journal, schema
from companion.journal.files import private_umask
from companion.journal.schema import LATEST
from companion.paths import private_dir

V1_DDL = """
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
PRAGMA user_version = 1;
"""

V1_DATA = """
INSERT INTO runs VALUES (1, 'check-in', 'Before-session check-in', 'abc', 'before',
    '2025-01-02T09:00:00.000000+00:00', '2025-01-02T09:10:00.000000+00:00', 'mood');
INSERT INTO runs VALUES (2, 'reflection', 'After the session', 'def', 'after',
    '2025-01-02T12:00:00.000000+00:00', NULL, 'colours');
INSERT INTO answers VALUES (1, 1, 'mood', 'scale', 'How anxious do you feel?', '6',
    '6 (Somewhat anxious)', '2025-01-02T09:05:00.000000+00:00', 0);
INSERT INTO answers VALUES (2, 2, 'colours', 'text', 'What did you see?',
    '"violet waves over the lighthouse"', 'violet waves over the lighthouse',
    '2025-01-02T12:05:00.000000+00:00', 1);
INSERT INTO drafts VALUES (2, 'after', 'half a thought', '2025-01-02T12:06:00.000000+00:00');
"""

V2_DDL = (
    V1_DDL.replace("PRAGMA user_version = 1;", "")
    + """
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
PRAGMA user_version = 2;
"""
)
"""Version 2 (the journal before the course was kept): version 1 and the full-text index."""

V3_AFTER_DATA = """
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
PRAGMA user_version = 3;
"""
"""Version 3 (the course, before scored questionnaires): version 2 with the infusions, made
after the data so that the rows of version 1 go in as they are."""

EARLIER = {1: V1_DDL, 2: V2_DDL, 3: V2_DDL.replace("PRAGMA user_version = 2;", "")}
AFTER_DATA = {3: V3_AFTER_DATA}


def _journal_at(version: int) -> Path:
    files = journal_files()
    private_dir(files.folder)
    with private_umask():
        conn = sqlite3.connect(files.db)
    conn.executescript(EARLIER[version] + V1_DATA + AFTER_DATA.get(version, ""))
    conn.commit()
    conn.close()
    return files.db


@pytest.mark.parametrize("version", sorted(EARLIER))
def test_earlier_journal_is_migrated_and_keeps_everything(version: int) -> None:
    db = _journal_at(version)
    with open_journal() as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert store.notices == ()
        assert [r.id for r in store.runs()] == [2, 1]
        assert store.run(2).position == "colours"
        assert store.answers(1)["mood"].value == 6
        assert store.answers(2)["colours"].care_team is True
        assert store.drafts(2) == {"after": "half a thought"}
        hits = store.search("lighthouse")
        assert [(h.run.id, h.step_id) for h in hits] == [(2, "colours")]
        assert store.trend("check-in", "mood")[0][1] == 6
        assert store.answers(1)["mood"].score is None  # answers from before scores have none
        assert store.integrity() == "ok"
    assert not list(db.parent.glob("*.damaged-*"))


@pytest.mark.parametrize("version", sorted(EARLIER))
def test_old_runs_belong_to_no_infusion_and_the_course_can_begin(version: int) -> None:
    _journal_at(version)
    with open_journal() as store:
        assert [r.infusion_id for r in store.runs()] == [None, None]
        assert store.infusions() == []
        later = store.add_infusion(datetime(2025, 1, 9, 9, tzinfo=UTC), minutes=90, note="x")
        first = store.add_infusion(datetime(2025, 1, 2, 10, tzinfo=UTC))
        assert [i.id for i in store.infusions()] == [first, later]
        run_id = store.start_run("reflection", "After the session", "h", "after", first)
        assert store.run(run_id).infusion_id == first
        assert store.remove_infusion(first) == 1
        assert store.run(run_id).infusion_id is None
        assert store.answers(1)["mood"].value == 6
        assert store.integrity() == "ok"
    with open_journal() as store:
        (kept,) = store.infusions()
        assert (kept.minutes, kept.note, kept.ended_at) == (90, "x", None)
        assert kept.starts_at == datetime(2025, 1, 9, 9, tzinfo=UTC)


def test_every_earlier_version_has_a_test() -> None:
    assert sorted(EARLIER) == list(range(1, LATEST))


def test_new_journal_gets_the_latest_schema() -> None:
    with open_journal() as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_reopening_the_latest_version_changes_nothing() -> None:
    open_journal().close()
    with open_journal() as store:
        assert store.notices == ()


def test_journal_from_a_newer_app_is_refused_untouched() -> None:
    files = journal_files()
    private_dir(files.folder)
    conn = sqlite3.connect(files.db)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = files.db.read_bytes()
    with pytest.raises(JournalTooNewError, match="newer version"):
        open_journal()
    assert files.db.read_bytes() == before
    # the lock was released, so trying again is refused for the same reason, not "busy"
    with pytest.raises(JournalTooNewError):
        open_journal()


def test_a_failing_migration_leaves_the_journal_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    open_journal().close()
    broken = "CREATE TABLE extra (x);\nTHIS IS NOT SQL;\n"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    monkeypatch.setattr(schema, "LATEST", LATEST + 1)
    with pytest.raises(JournalError, match="could not be opened"):
        open_journal()
    conn = sqlite3.connect(journal_files().db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "extra" not in tables
    finally:
        conn.close()
