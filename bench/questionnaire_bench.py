"""Exports of scored questionnaires: two years of weekly check-ins (a PHQ-9 and a GAD-7 each
week, with a few words written beside them) in a real SQLite journal, exported as Markdown, as
JSON and as a FHIR R4 Bundle. The floor is reading those runs and answers from the journal,
which every export does first.

Run alone: ``python -m bench.questionnaire_bench``.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row, median_time
from companion.journal import SqliteStore, open_journal
from companion.journal.export import collect, export_json, export_markdown
from companion.journal.fhir import export_fhir
from companion.journal.model import Answer, RunInfo
from companion.paths import locations
from companion.script.instruments import skeleton
from companion.script.loader import load_script
from companion.script.model import BLANK, QuestionnaireStep, Script

WEEKS = 104
GOAL_MS = 1000.0
"""A patient (or a clinic) waits for the export: it should take well under a second."""


def _script(like: str, folder: Path) -> Script:
    counter = itertools.count(1)
    text = BLANK.sub(lambda _: f"Our words {next(counter)}", skeleton(like))
    path = folder / f"{like}.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_script(path, None)
    assert result.script is not None, [p.format() for p in result.problems]
    return result.script


def _answer(script: Script, step: QuestionnaireStep, value: dict[str, int], at: datetime) -> Answer:  # fmt: skip
    render = script.render
    return Answer(
        step.id,
        step.type,
        render(step.asked()),
        value,
        step.in_words(value, render),
        at,
        step.care_team,
        step.scored(value, render),
    )


def build(folder: Path) -> SqliteStore:
    """A journal with two years of weekly PHQ-9 and GAD-7, totals drifting down with noise."""
    scripts = [_script("phq-9", folder), _script("gad-7", folder)]
    rng = random.Random(16)
    store = open_journal(locations({"COMPANION_HOME": str(folder / "home")}))
    start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    for week in range(WEEKS):
        at = start + timedelta(weeks=week)
        level = max(0.0, 2.6 - week / 40)
        answers: list[Answer] = []
        for script in scripts:
            step = script.steps[0]
            assert isinstance(step, QuestionnaireStep)
            value = {
                item.id: max(0, min(3, round(level + rng.uniform(-0.8, 0.8))))
                for item in step.items
            }
            answers.append(_answer(script, step, value, at + timedelta(minutes=len(answers))))
        words = Answer(
            "notes", "text", "Anything to add?", f"Week {week + 1}: slept a little better.",
            f"Week {week + 1}: slept a little better.", at + timedelta(minutes=3),
        )  # fmt: skip
        info = RunInfo(
            0, "weekly", "Weekly check-in", "f" * 64, "after", at, at + timedelta(minutes=6)
        )
        store.add_run(info, [*answers, words._replace()])
    return store


def measure(repeat: int = 5) -> list[tuple[str, float, int]]:
    """(what, median milliseconds, bytes written) for the floor and each export."""
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp))
        try:
            found = [("read the runs and answers (floor)", median_time(lambda: collect(store), repeat), 0)]  # fmt: skip
            exports: list[tuple[str, Callable[[], str]]] = [
                ("Markdown", lambda: export_markdown(store)),
                ("JSON", lambda: export_json(store)),
                ("FHIR R4 Bundle", lambda: export_fhir(store)),
            ]
            for name, export in exports:
                seconds = median_time(export, repeat)
                found.append((name, seconds, len(export().encode("utf-8"))))
        finally:
            store.close()
    return [(name, seconds * 1000, size) for name, seconds, size in found]


def run() -> list[Row]:
    measured = measure()
    floor_ms = measured[0][1]
    rows = []
    for name, ms, size in measured[1:]:
        verdict = "met" if ms < GOAL_MS else "missed"
        rows.append(
            Row(
                f"export 2 years of weekly questionnaires (PHQ-9 + GAD-7, {WEEKS} runs): {name}",
                f"{ms:.0f} ms, {size / 1e3:.0f} kB",
                f"reading those runs: {floor_ms:.0f} ms ({ms / floor_ms:.1f}x)",
                f"under {GOAL_MS:.0f} ms",
                verdict,
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"| {row.measure} | {row.ours} | {row.peer} | {row.goal} | {row.verdict} |")
