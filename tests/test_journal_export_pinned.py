"""The exports stay byte for byte what they were: a generated journal with awkward text, runs
near midnight and across summer-time changes, exported in fixed time zones and compared with
files kept in ``tests/data/export``.

The files were written by the export code as it was before its speed-up; they change only when
the format changes on purpose. To rewrite them after such a change, run the tests with
``COMPANION_REWRITE_PINNED=1`` and read the diff.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.journal import SqliteStore
from companion.journal import export as export_module
from companion.journal import model as model_module
from companion.journal.export import export_json, export_markdown
from companion.journal.model import Answer, MemoryStore, RunInfo
from companion.script.model import AnswerValue

PINNED = Path(__file__).parent / "data" / "export"
GENERATED_AT = datetime(2026, 11, 2, 23, 45, 12, 345678, tzinfo=UTC)
CET = "CET-1CEST,M3.5.0,M10.5.0/3"
"""Central European time with its summer-time rules, spelled out so no tz database is needed."""

TEXTS = [
    "Plain words, nothing special.",
    "To *sleep* better | maybe <soon> [really] `code` #tag _under_ back\\slash",
    "The nausea last time\n- it scared me\n+ and this\n1. first\n  22. indented\n3.no space",
    "---",
    "  ===  ",
    "- \n-\n-x\n+\n7.\n7.x",
    "First paragraph\n\n\nSecond paragraph   \nwith a hard break\n",
    "\n\nLeading and trailing blank lines\n\n",
    "",
    "   ",
    "Ünïcödé · emoji 🌊 and a line\u2028separator and a\x0bvertical tab",
    "windows\r\nline\r\nends",
    "# not a heading\n## nor this\n> not a quote",
    "-- two dashes\n- - -\n* star\n+1 plus one\n10) paren",
]
PROMPTS = [
    "How are you?",
    "What do you *hope* for?",
    "Anything to tell\nyour care team?",
    "A | pipe in the prompt",
]
TITLES = ["Before-session check-in", "After | the session", "Evening *reflection*"]
PHASES = ["before", "after", "integration"]


def _value(rng: random.Random, kind: str) -> tuple[str, AnswerValue, str]:
    if kind == "scale":
        level = rng.randint(0, 10)
        display = rng.choice([f"{level} (quite)", "", f"{level}\n| odd"])
        return "scale", level, display
    if kind == "choice":
        chosen = rng.sample(["calm", "tired", "hope*ful", "a|b"], rng.randint(0, 3))
        return "choice", chosen, ", ".join(chosen)
    if kind == "skip":
        return "text", None, ""
    text = rng.choice(TEXTS)
    return "text", text, text


def generate(seed: int = 7) -> list[tuple[RunInfo, list[Answer]]]:
    """About sixty runs over a year, at any hour (so local and UTC days differ)."""
    rng = random.Random(seed)
    start = datetime(2025, 12, 30, 20, 0, tzinfo=UTC)
    entries: list[tuple[RunInfo, list[Answer]]] = []
    for n in range(60):
        began = start + timedelta(days=n * 6 + rng.randint(0, 4), minutes=rng.randint(0, 1439))
        if n == 31:
            began = entries[-1][0].started_at  # two runs started at the same moment
        script = rng.randrange(len(TITLES))
        ended = None if n % 9 == 4 else began + timedelta(minutes=rng.randint(1, 200))
        run = RunInfo(
            0, f"script-{script}", TITLES[script], "a" * 64, PHASES[script], began, ended, None
        )
        answers = []
        at = began
        for k in range(0 if n % 11 == 5 else rng.randint(1, 7)):
            at += timedelta(seconds=rng.randint(0, 5000), microseconds=rng.randint(0, 999999))
            kind = rng.choice(["scale", "scale", "choice", "skip", "text", "text", "text"])
            step_type, value, display = _value(rng, kind)
            step_id = f"{kind}-{k % 3}" if kind == "scale" else f"{kind}-{k}"
            prompt = rng.choice(PROMPTS)
            answers.append(
                Answer(step_id, step_type, prompt, value, display, at, rng.random() < 0.2)
            )
        entries.append((run, answers))
    return entries


def _store_answers(answers: list[Answer]) -> list[Answer]:
    """What a store keeps: the last answer to each step, in the order steps were first given."""
    kept: dict[str, Answer] = {}
    for answer in answers:
        kept[answer.step_id] = answer
    return list(kept.values())


@pytest.fixture
def journal(journal: SqliteStore) -> SqliteStore:
    """The journal (tests/conftest.py) with this file's runs in it."""
    for run, answers in generate():
        run_id = journal.add_run(run, answers)
        if run.ended_at is None:
            journal.save_draft(run_id, "draft", "half a thought")
    return journal


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "now", lambda: GENERATED_AT)


def _check(name: str, text: str) -> None:
    path = PINNED / name
    if os.environ.get("COMPANION_REWRITE_PINNED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == path.read_bytes(), f"{name} changed"


@pytest.mark.parametrize(
    ("tz", "since", "name"),
    [
        ("UTC", None, "utc.md"),
        (CET, None, "cet.md"),
        (CET, date(2026, 10, 25), "cet-since.md"),
        ("NZST-12NZDT,M9.5.0,M4.1.0/3", None, "nz.md"),
    ],
)
def test_markdown_is_unchanged(
    journal: SqliteStore,
    zone: Callable[[str], None],
    tz: str,
    since: date | None,
    name: str,
) -> None:
    zone(tz)
    _check(name, export_markdown(journal, since))


def test_json_is_unchanged(journal: SqliteStore, zone: Callable[[str], None]) -> None:
    zone(CET)
    _check("all.json", export_json(journal))
    _check("since.json", export_json(journal, date(2026, 10, 25)))


def test_memory_store_exports_the_same(
    journal: SqliteStore, monkeypatch: pytest.MonkeyPatch, zone: Callable[[str], None]
) -> None:
    zone(CET)
    clock: list[datetime] = []
    monkeypatch.setattr(model_module, "now", lambda: clock[-1])
    memory = MemoryStore()
    for run, answers in generate():
        clock.append(run.started_at)
        run_id = memory.start_run(run.script_id, run.script_title, run.script_hash, run.phase)
        for answer in _store_answers(answers):
            memory.record_answer(run_id, answer)
        if run.ended_at is None:
            memory.save_draft(run_id, "draft", "half a thought")
        else:
            clock.append(run.ended_at)
            memory.finish_run(run_id)
    assert export_markdown(memory) == export_markdown(journal)
    assert export_json(memory) == export_json(journal)
