"""The patient's journey through the real app, driven by Pilot."""

from __future__ import annotations

from textual.widgets import OptionList, Static, TextArea

from companion.app.screens.home import HomeScreen
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.app.screens.support import SupportScreen
from companion.app.screens.too_small import TooSmallScreen
from companion.app.widgets.scale import Scale
from companion.journal.model import MemoryStore
from companion.script.cards import LibraryIndex
from companion.script.library import Library
from tests.helpers.apps import (
    NOW,
    fixture_library,
    make_app,
    open_first,
    step_id,
    sync,
    text_of,
)

SIZE = (80, 24)


@sync
async def test_walk_a_before_script_end_to_end() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        assert step_id(pilot) == "welcome"
        assert "Step 1 of about 8" in text_of(pilot, "#progress-label")
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "bring"
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "bring"
        assert "tick" in text_of(pilot, "#note")
        await pilot.press("space")  # driver, the needed item
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "anxiety"
        run_id = store.runs()[0].id
        assert store.answers(run_id)["bring"].display == "Someone to drive you home"
        await pilot.press("9")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)  # offered gently, by itself
        assert app.screen.offered
        await pilot.press("escape")
        await pilot.press("left")  # 8: still over the line, but no second offer this visit
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert (
            store.answers(run_id)["anxiety"].display == "8, between Calm (0) and Very anxious (10)"
        )
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "calming"  # at_least 6
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "hopes"
        await pilot.press("space", "down", "space")  # relief, clarity
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "clarity-note"  # includes clarity
        await pilot.press(*"seeing")
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "intention"
        await pilot.press("ctrl+n")
        assert "few words" in text_of(pilot, "#note")
        await pilot.press(*"be curious")
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "breathe"  # music-note hidden: music not ticked
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "mood"
        await pilot.press("enter")  # the first option: Hopeful
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # no-answer hidden: intention answered
        shown = [str(w.content) for w in app.screen.query("#answers Static")]
        assert shown[0] == "To talk over with my care team"
        assert "anxious" in shown[1] and "8" in shown[1]
        assert "Which word" in shown[2] and "Hopeful" in shown[2]
        assert shown[3] == "My answers"
        assert any("be curious" in s for s in shown[4:])
        assert store.runs()[0].finished
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_walk_an_after_script_with_audio_and_low_scale() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Week reflection")
        assert step_id(pilot) == "intro"
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "listen"
        assert "sound of rain" in str(app.screen.query_one(".step-prompt", Static).content)
        await pilot.press("ctrl+n")
        assert step_id(pilot) == "sleep"
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)  # at_most 1
        await pilot.press("enter")
        await pilot.press("right")
        assert "Your answer: 2" in text_of(pilot, "#scale-value")
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+s")  # skip the optional text
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        answers = store.answers(store.runs()[0].id)
        assert answers["words"].value is None and answers["words"].display == "Skipped"


@sync
async def test_back_and_changing_an_answer_reevaluates() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("ctrl+n", "space", "ctrl+n", "2", "ctrl+n")
        assert step_id(pilot) == "feeling-ok"  # at_most 3
        await pilot.press("ctrl+b")
        assert step_id(pilot) == "anxiety"
        assert app.screen.query_one(Scale).value == 2
        await pilot.press("7", "ctrl+n")
        assert step_id(pilot) == "calming"
        await pilot.press("ctrl+b", "ctrl+b", "ctrl+b")
        assert step_id(pilot) == "welcome"
        await pilot.press("ctrl+b")
        assert step_id(pilot) == "welcome"


@sync
async def test_skip_only_where_optional() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("ctrl+s")
        assert step_id(pilot) == "welcome"
        await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s")
        assert step_id(pilot) == "hopes"
        await pilot.press("ctrl+s")
        assert step_id(pilot) == "intention"
        await pilot.press("ctrl+s")
        assert step_id(pilot) == "intention"


@sync
async def test_quit_keeps_everything_and_the_next_start_continues() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("ctrl+n", "space", "ctrl+n", "5", "ctrl+n", "ctrl+s")
        assert step_id(pilot) == "intention"
        await pilot.press(*"half a thought")
        await pilot.press("q")  # typed into the text, not quitting
        assert app.is_running
        await pilot.press("ctrl+q")
    run = store.runs()[0]
    assert not run.finished and run.position == "intention"
    assert store.drafts(run.id)["intention"] == "half a thoughtq"

    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        from textual.widgets import OptionList

        home = again.screen
        assert isinstance(home, HomeScreen)
        first = home.query_one(OptionList).get_option_at_index(1)
        assert first.id == f"continue:{run.id}"
        assert "step 5 of about 8" in str(first.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(pilot) == "intention"
        assert again.screen.query_one(TextArea).text == "half a thoughtq"
        await pilot.press("ctrl+b")
        assert step_id(pilot) == "hopes"


@sync
async def test_text_drafts_saved_after_a_pause() -> None:
    store = MemoryStore()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s")
        await pilot.press(*"slow words")
        run_id = store.runs()[0].id
        assert store.drafts(run_id) == {}
        await pilot.pause(1.2)
        assert store.drafts(run_id)["intention"] == "slow words"


@sync
async def test_support_key_anywhere_and_question_mark_outside_text() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, SupportScreen)
        assert "not an emergency service" in str(
            app.screen.query_one("#support-note", Static).content
        )
        await pilot.press("escape")
        await open_first(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, SupportScreen) and not app.screen.offered
        entries = [str(w.content) for w in app.screen.query(".entry").results(Static)]
        assert any("555 0100" in e for e in entries)  # the variable is filled in
        await pilot.press("escape")
        await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s")
        await pilot.press("question_mark")
        assert isinstance(app.screen, RunScreen)
        assert app.screen.query_one(TextArea).text == "?"
        await pilot.press("f1")
        assert isinstance(app.screen, SupportScreen)


@sync
async def test_home_lists_broken_scripts_and_ready_after_script() -> None:
    from datetime import timedelta

    from textual.widgets import OptionList

    store = MemoryStore()
    store.add_infusion(NOW - timedelta(days=8))
    app = make_app(store)
    async with app.run_test(size=SIZE):
        prompts = [
            str(o.prompt) for o in app.screen.query_one(OptionList)._options if o is not None
        ]
        text = "\n".join(prompts)
        # Neither was done for that infusion: both are ready, the most recently due first.
        week = text.index("Week reflection is ready for you")
        assert week < text.index("Evening check-in is ready for you")
        assert "Broken one: not available just now. Please tell your care team." in text
        assert "scael" not in text  # the therapist's reason is for validate, not the patient


@sync
async def test_journal_lists_runs() -> None:
    store = MemoryStore()
    store.start_run("test-before", "Getting ready", "", "before")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "My journal")
        entries = app.screen.query_one("#entries", OptionList)
        runs = [str(o.prompt) for o in entries._options if o is not None]
        assert len(runs) == 1 and "Getting ready" in runs[0] and "not finished" in runs[0]


@sync
async def test_too_small_window_then_larger() -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_home_is_drawn_from_the_index_and_the_library_follows() -> None:
    """Home shows the index's cards before the library is built; the app builds it once home is
    painted, and choosing a script walks the library's own script."""
    library = fixture_library()
    made = LibraryIndex.of(library)
    built: list[bool] = []

    def build() -> Library:
        built.append(True)
        return library

    index = LibraryIndex(made.cards, made.unavailable, build)
    app = make_app(library=index)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert built == [True] and index.built
        await open_first(pilot)
        assert step_id(pilot) == "welcome"


@sync
async def test_a_script_gone_when_chosen_shows_home_as_it_is_now() -> None:
    """Home was drawn from the cache's index; if the library then built lacks a script (its file
    changed meanwhile), choosing it shows home again, from the library: no crash, no stale
    script."""
    shown = LibraryIndex.of(fixture_library())
    later = fixture_library()
    gone = next(c for c in shown.cards if c.title == "Getting ready")
    del later.scripts[gone.id]
    app = make_app(library=LibraryIndex(shown.cards, shown.unavailable, lambda: later))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_first(pilot, "Getting ready")
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("Getting ready" in p for p in prompts)
        assert any("Week reflection" in p for p in prompts)
