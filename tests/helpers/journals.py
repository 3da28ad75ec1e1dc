"""Journal test data: answers and runs, a few weeks of them (the ``filled_journal`` fixture holds
them), the app over a journal, a journal whose disk can be made full, and a real process that
dies mid-transaction in rollback mode."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion.app.app import CompanionApp, create_app
from companion.journal import SqliteStore, journal_files
from companion.journal.model import Answer, MemoryStore, RunInfo
from companion.paths import locations
from companion.script.model import AnswerValue
from companion.timings import Timings
from tests.helpers.apps import NOW, fixture_library

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def answer(
    step_id: str,
    value: AnswerValue,
    *,
    prompt: str = "How are you?",
    display: str | None = None,
    step_type: str = "text",
    care_team: bool = False,
    at: datetime = T0,
) -> Answer:
    return Answer(
        step_id=step_id,
        step_type=step_type,
        prompt=prompt,
        value=value,
        display=str(value) if display is None else display,
        answered_at=at,
        care_team=care_team,
    )


def run_info(
    day: int,
    *,
    script_id: str = "check-in",
    title: str = "Before-session check-in",
    phase: str = "before",
    finished: bool = True,
) -> RunInfo:
    start = T0 + timedelta(days=day)
    return RunInfo(
        id=0,
        script_id=script_id,
        script_title=title,
        script_hash="f" * 64,
        phase=phase,
        started_at=start,
        ended_at=start + timedelta(minutes=15) if finished else None,
    )


ANXIETY = "How anxious do you feel right now?"
INTENTION = "Write an intention for your session."
SLEEP = "How have you slept this week?"
WORDS = "What stayed with you?"
FEELINGS = [7, 5, 6, 3, 4, 2]
INTENTIONS = [
    "To let the music carry me and not fight it.",
    "To stay curious about whatever comes up.",
    "To breathe slowly and remember the sea at Brighton.",
    "To rest, and to be kind to myself afterwards.",
    "To notice my hands and my breath when I feel lost.",
    "To go gently, like the tide by the sea wall.",
]


def add_weeks(store: SqliteStore) -> None:
    """Six weekly before-session check-ins (the last one unfinished) and one evening reflection;
    tests get them in a journal from the ``filled_journal`` fixture (tests/conftest.py)."""
    for week, (feeling, intention) in enumerate(zip(FEELINGS, INTENTIONS, strict=True)):
        at = T0 + timedelta(days=7 * week)
        store.add_run(
            run_info(7 * week, script_id="test-before", title="Getting ready", finished=week < 5),
            [
                answer(
                    "anxiety",
                    feeling,
                    prompt=ANXIETY,
                    display=f"{feeling} (Calm)" if feeling == 0 else str(feeling),
                    step_type="scale",
                    care_team=True,
                    at=at,
                ),
                answer("intention", intention, prompt=INTENTION, at=at + timedelta(minutes=3)),
            ],
        )
    evening = T0 + timedelta(days=35, hours=9)
    reflection = run_info(
        35, script_id="test-after", title="Week reflection", phase="after"
    )._replace(
        started_at=evening,
        ended_at=evening + timedelta(minutes=10),
    )
    store.add_run(
        reflection,
        [
            answer("sleep", 4, prompt=SLEEP, display="4", step_type="scale", at=evening),
            answer(
                "words",
                "The sound of the sea, and feeling held.",
                prompt=WORDS,
                care_team=True,
                at=evening,
            ),
        ],
    )


def journal_app(store: SqliteStore, timings: Timings | None = None) -> CompanionApp:
    return create_app(
        fixture_library(False), lambda: store, locations(), clock=lambda: NOW, timings=timings
    )


class RefusingStore(MemoryStore):
    """A journal whose disk can be made full on demand."""

    full = False

    def _check(self) -> None:
        if self.full:
            raise sqlite3.OperationalError("database or disk is full")

    def record_answer(self, run_id: int, answer: Answer) -> None:
        self._check()
        super().record_answer(run_id, answer)

    def save_draft(self, run_id: int, step_id: str, text: str) -> None:
        self._check()
        super().save_draft(run_id, step_id, text)

    def set_position(self, run_id: int, step_id: str) -> None:
        self._check()
        super().set_position(run_id, step_id)

    def start_run(
        self,
        script_id: str,
        script_title: str,
        script_hash: str,
        phase: str,
        infusion_id: int | None = None,
    ) -> int:
        self._check()
        return super().start_run(script_id, script_title, script_hash, phase, infusion_id)


INTERRUPTED = textwrap.dedent(
    """\
    import os, sys
    from companion.journal import encryption, protect
    from companion.journal.opening import journal_files

    db = journal_files().db
    if sys.argv[1:] == ["encrypted"]:
        conn = encryption.connect(db, protect.unlock(sys.stdin.readline().rstrip("\\n")))
    else:
        import sqlite3
        conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")  # rollback mode, as just after encrypt/decrypt
    conn.execute("PRAGMA cache_size = 1")  # changed pages reach the file before the commit
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE runs SET script_title = 'half-written ' || script_title")
    conn.execute("UPDATE answers SET value = 'half-written'")
    os._exit(9)  # killed mid-transaction: no rollback, no commit
    """
)


def interrupt_a_transaction(*args: str, stdin: str = "") -> Path:
    """A real process changes every run and answer in rollback mode and dies before its
    commit, leaving the journal's file half-changed and the rollback journal beside it."""
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 9, done.stderr
    rollback = journal_files().db.with_name("journal.db-journal")
    assert rollback.stat().st_size > 0, "the crash left a rollback journal"
    return rollback
