"""The bundled scripts, walked end to end through the real app as a patient would, with every
answer landing in a real SQLite journal."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.pilot import Pilot

from companion.app.app import create_app
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.journal import open_journal
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.script import fit, model
from companion.script.library import load_library
from companion.script.model import LoadedScript
from tests.helpers.apps import open_first, sync
from tests.helpers.scripts import with_steps

BUNDLED = ["first-infusion", "returning-infusion", "integration", "week-after"]
ESTIMATED_APART = (model.BreathingStep, model.AudioStep)
"""Steps whose view takes the room it is given (the pacer, the player): the estimate counts
their words only."""


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


def every_step_shown(loaded: LoadedScript) -> LoadedScript:
    """The script with its conditions taken away, so that a walk meets every step."""
    script = loaded.script
    steps = tuple(dataclasses.replace(step, when=None) for step in script.steps)
    return dataclasses.replace(loaded, script=dataclasses.replace(script, steps=steps))


@pytest.mark.parametrize("script_id", BUNDLED)
@sync
async def test_every_screen_of_a_bundled_script_fits_at_80x24(script_id: str) -> None:
    """Each step, conditional ones included, shows whole at 80x24 without scrolling, and its
    buttons and the F1 key stay on screen."""
    where = locations()
    library = load_library((), where)
    whole = every_step_shown(library.scripts[script_id])
    library.scripts = {script_id: whole}
    app = create_app(library, MemoryStore, where)
    crowded: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, whole.script.title)
        for step in whole.script.steps:
            screen = pilot.app.screen
            while not isinstance(screen, RunScreen):  # a support offer
                await pilot.press("escape")
                screen = pilot.app.screen
            assert screen.run.flow.current.id == step.id
            area = screen.query_one("#step-area")
            if area.max_scroll_y > 0:
                crowded.append(f"{step.id}: {area.max_scroll_y} more lines")
            view = screen.view
            assert view is not None
            if not isinstance(step, ESTIMATED_APART):
                # validate's estimate (companion/script/fit.py) agrees with the real screen.
                shown = view.outer_size.height + (fit.TITLE_LINES if step.title else 0)
                assert fit.lines_needed(step, whole.script.render) == shown, step.id
            assert screen.query_one("#next").region.bottom <= 23
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
    assert crowded == []


@sync
async def test_a_step_longer_than_the_screen_scrolls_by_keyboard(tmp_path: Path) -> None:
    body = "\n\n".join(f"      Paragraph {n}, long enough to read." for n in range(1, 16))
    path = tmp_path / "long.yaml"
    path.write_text(
        with_steps(f"- id: long\n  type: info\n  title: Long\n  body: |\n{body}\n"),
        encoding="utf-8",
    )
    library = load_library((tmp_path,), locations())
    app = create_app(library, MemoryStore, locations())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, "T")
        area = pilot.app.screen.query_one("#step-area")
        assert area.max_scroll_y > 0 and area.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert area.scroll_y == 1
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        assert area.scroll_y == area.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert area.scroll_y < area.max_scroll_y
