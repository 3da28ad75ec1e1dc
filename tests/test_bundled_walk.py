"""The bundled scripts, walked end to end through the real app as a patient would, with every
answer landing in a real SQLite journal."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from companion.app.app import create_app
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.journal import open_journal
from companion.paths import locations
from companion.script import model
from companion.script.library import load_library
from tests.apps import open_first, sync


async def answer(pilot: Pilot[int], step: model.Step) -> None:
    """Give the kind of answer a patient would, with the keys they would use."""
    if isinstance(step, model.TextStep):
        await pilot.press(*"a quiet morning")
    elif isinstance(step, model.ScaleStep):
        await pilot.press("3")
    elif isinstance(step, model.ChoiceStep | model.ChecklistStep):
        await pilot.press("space")


@pytest.mark.parametrize(
    ("script_id", "phase"),
    [
        ("first-infusion", "before"),
        ("returning-infusion", "before"),
        ("integration", "after"),
        ("week-after", "after"),
    ],
)
@sync
async def test_walk_a_bundled_script_end_to_end(script_id: str, phase: str) -> None:
    where = locations()
    library = load_library((), where)
    assert not library.failed, [f.problems[0].format() for f in library.failed]
    store = open_journal(where)
    app = create_app(library, lambda: store, where)
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, library.scripts[script_id].script.title)
        for _ in range(60):
            screen = pilot.app.screen
            if isinstance(screen, SummaryScreen):
                break
            if not isinstance(screen, RunScreen):  # the support offer opened by itself
                await pilot.press("escape")
                continue
            step = screen.run.flow.current
            if step.id not in seen:
                seen.append(step.id)
                await answer(pilot, step)
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen), seen
    store.close()
    reopened = open_journal(where)
    runs = reopened.runs()
    assert [(r.script_id, r.phase, r.finished) for r in runs] == [(script_id, phase, True)]
    answers = reopened.answers(runs[0].id)
    script = library.scripts[script_id].script
    answerable = [s.id for s in script.steps if s.answerable and s.id in seen]
    assert answerable and set(answerable) <= set(answers)
    assert all(a.prompt for a in answers.values())
    reopened.close()
