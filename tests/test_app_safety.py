"""Ways the patient's words could have been lost, found in review, each pinned by a test."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from companion.app.app import create_app
from companion.app.screens.home import HomeScreen
from companion.app.screens.too_small import TooSmallScreen
from companion.app.widgets.steps.text import TextView
from companion.journal.model import Answer, MemoryStore, now
from companion.paths import locations
from companion.script.model import TextStep
from tests.helpers.apps import NOW, fixture_library, make_app, open_first, step_id, sync


async def walk_to_words(pilot: Pilot[int]) -> None:
    """Open the "Week reflection" fixture and go on to its text step."""
    await open_first(pilot, "Week reflection")
    while step_id(pilot) != "words":
        await pilot.press("ctrl+n")
        await pilot.pause()


@sync
async def test_a_settings_file_that_cannot_be_written_does_not_end_the_app(
    isolated_home: Path,
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config").write_text("not a folder")  # settings cannot be saved
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.return_code is None, "still running"


@sync
async def test_skip_never_throws_typed_words_away() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to_words(pilot)
        await pilot.press(*"important words")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert step_id(pilot) == "words", "skip refused while there are words"
        assert "clear the text" in str(app.screen.query_one("#note", Static).content)
        view = app.screen.query_one(TextView)
        assert view.text() == "important words"


@sync
async def test_going_home_saves_the_draft_first() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to_words(pilot)
        await pilot.press(*"my words")
        run_id = app.screen.run.run_id  # type: ignore[attr-defined]
        app.action_home()
        await pilot.pause()
        assert store.drafts(run_id).get("words") == "my words"


@sync
async def test_an_answer_survives_a_step_that_changed_type() -> None:
    """A therapist turned a scale into a text step; continuing must not erase the old 7."""
    store = MemoryStore()
    run_id = store.start_run("test-before", "Getting ready", "x", "before")
    store.record_answer(run_id, Answer("bring", "checklist", "Bring", ["driver"], "driver", now()))
    store.record_answer(run_id, Answer("anxiety", "scale", "How anxious?", 7, "7", now()))
    store.set_position(run_id, "anxiety")
    library = fixture_library()
    loaded = library.scripts["test-before"]
    steps = tuple(
        TextStep(id="anxiety", type="text", prompt="In a few words, how do you feel?")
        if step.id == "anxiety"
        else step
        for step in loaded.script.steps
    )
    script = dataclasses.replace(loaded.script, steps=steps)
    library.scripts["test-before"] = dataclasses.replace(loaded, script=script)
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        app.continue_run(run_id)
        await pilot.pause()
        assert step_id(pilot) == "anxiety"
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert store.answers(run_id)["anxiety"].value == 7


@sync
async def test_the_too_small_screen_goes_when_the_window_grew_behind_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
