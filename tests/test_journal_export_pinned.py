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
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.journal import SqliteStore, open_journal
from companion.journal import export as export_module
from companion.journal import model as model_module
from companion.journal.export import export_json, export_markdown
from companion.journal.model import Answer, MemoryStore, RunInfo
from companion.script.model import BULLET, AnswerValue, Score, ScoredItem

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


def _score(rng: random.Random, partial: bool) -> tuple[dict[str, int], str, Score]:
    items = [ScoredItem(f"q{i}", f"Item *{i}* | of the form", None, None) for i in range(1, 5)]
    values = {item.id: rng.randint(0, 3) for item in items}
    if partial:
        values.pop("q4")
    answered = tuple(
        replace(item, value=values.get(item.id), answer=None if item.id not in values else "Some")
        for item in items
    )
    total = None if partial else sum(values.values()) * 2
    band = None if total is None else rng.choice(["Mild", "", "Moderate | high"])
    score = Score(
        title=rng.choice(["Mood questionnaire", "How the *week* went"]),
        total=total,
        lowest=0,
        highest=24,
        band=band,
        instrument=None,
        definition="abc123",
        items=answered,
        choices=((0, "Never"), (1, "Some"), (2, "Often"), (3, "Always")),
        bands=((6, "Mild"), (24, "Moderate | high")),
        multiply=2,
    )
    display = "in progress" if partial else f"{total} of 24"
    return values, display, score


def course_journal(store: SqliteStore) -> None:
    """A course: infusions (some runs tied to them), scored
    questionnaires (whole and half done), chosen options shown as bullets, care-team answers."""
    rng = random.Random(11)
    start = datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    infusions = [
        store.add_infusion(start + timedelta(days=7 * n, hours=rng.randint(0, 12)), 120)
        for n in range(6)
    ]
    for n in range(40):
        began = start + timedelta(days=n, minutes=rng.randint(0, 1439))
        infusion = rng.choice([None, *infusions])
        run = RunInfo(0, f"course-{n % 3}", TITLES[n % 3], "b" * 64, PHASES[n % 3], began)
        run = run._replace(ended_at=began + timedelta(minutes=30), infusion_id=infusion)
        at = began
        answers = []
        for k in range(rng.randint(0, 5)):
            at += timedelta(minutes=rng.randint(1, 20), microseconds=rng.randint(0, 999999))
            kind = rng.choice(["scale", "bullets", "questionnaire", "half", "text"])
            if kind in ("questionnaire", "half"):
                values, display, score = _score(rng, kind == "half")
                answers.append(
                    Answer("mood", "questionnaire", "Mood", values, display, at, False, score)
                )
            elif kind == "bullets":
                chosen = rng.sample(["calm", "tired *a bit*", "hope|ful", "1. odd"], 2)
                display = "\n".join(f"{BULLET}{item}" for item in chosen)
                answers.append(Answer(f"pick-{k}", "choice", "Which?", chosen, display, at))
            elif kind == "scale":
                level = rng.randint(0, 10)
                answers.append(Answer("level", "scale", "How?", level, f"{level} (so)", at))
            else:
                text = rng.choice(TEXTS)
                answers.append(Answer(f"t-{k}", "text", rng.choice(PROMPTS), text, text, at, True))
        store.add_run(run, answers)


@pytest.mark.parametrize(
    ("tz", "since", "name"),
    [(CET, None, "course-cet.md"), ("UTC", date(2026, 3, 20), "course-since.md")],
)
def test_a_course_with_questionnaires_exports_unchanged(
    zone: Callable[[str], None], tz: str, since: date | None, name: str
) -> None:
    """Infusions, totals and bands, half-done questionnaires and bullet lists, written straight
    from the journal's rows, are byte for byte what the export wrote from its Answer objects
    (the pinned files were written by that code), and what any other store exports."""
    zone(tz)
    with open_journal() as store:
        course_journal(store)
        _check(name, export_markdown(store, since))
        generic = export_module._markdown(
            *export_module._rows(export_module.collect(store, since, drafts=False)),
            {i.id: (n, i) for n, i in model_module.numbered(store.infusions())},
            since,
            GENERATED_AT,
        )
        assert generic == export_markdown(store, since)
