"""My journal in the real app over the real SQLite store: the list, reading a run, search with
highlights, check-in trends, the export for the therapist, and the preview's memory store."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from companion.app.screens.journal import HIGHLIGHT, JournalScreen
from companion.app.screens.journal_run import JournalRunScreen
from companion.app.screens.trends import TrendScreen
from companion.app.widgets.trend import TrendChart
from companion.journal import SqliteStore
from companion.journal.model import MemoryStore
from companion.timings import Timings
from tests.helpers.apps import make_app, sync
from tests.helpers.journals import ANXIETY, INTENTIONS, journal_app

pytestmark = pytest.mark.usefixtures("utc")

SIZE = (80, 24)


def prompts(screen: object) -> list[str]:
    assert isinstance(screen, JournalScreen | TrendScreen)
    options = screen.query_one(OptionList)
    return [str(o.prompt) for o in options._options if o is not None]


def static_text(screen: object) -> str:
    assert isinstance(screen, JournalRunScreen)
    return "\n".join(str(w.content) for w in screen.query(Static))


@sync
async def test_runs_are_listed_newest_first_with_local_dates_and_state(
    filled_journal: SqliteStore,
) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        listed = prompts(app.screen)
        assert listed[0] == "Week reflection\nSun 5 April 2026, 18:30 · finished"
        assert listed[1] == "Getting ready\nSun 5 April 2026, 09:30 · not finished yet"
        assert listed[-1] == "Getting ready\nSun 1 March 2026, 09:30 · finished"
        assert len(listed) == 7
        found = str(app.screen.query_one("#found", Static).content)
        assert found == "You have walked through a script 7 times."


@sync
async def test_opening_a_run_shows_every_answer_care_team_first(
    filled_journal: SqliteStore,
) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("down", "enter")  # the unfinished check-in of 5 April
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalRunScreen)
        text = static_text(screen)
        assert text.index("To talk over with my care team") < text.index(ANXIETY)
        assert text.index(ANXIETY) < text.index("Everything else") < text.index(INTENTIONS[5])
        assert "Sun 5 April 2026, 09:30 · not finished yet" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@sync
async def test_the_search_waits_as_long_as_the_app_is_told(filled_journal: SqliteStore) -> None:
    """The pause is the app's to be given (companion.timings): a long one holds the search back
    well past the usual quarter second, and Enter still searches at once."""
    app = journal_app(filled_journal, Timings(search_pause=30))
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+f", *"sea")
        await pilot.pause(0.6)
        assert len(prompts(app.screen)) == 7  # still the runs
        await pilot.press("enter")
        await pilot.pause()
        assert len(prompts(app.screen)) == 3


@sync
async def test_search_waits_for_a_pause_then_highlights_and_opens_the_run(
    filled_journal: SqliteStore,
) -> None:
    store = filled_journal
    app = journal_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+f", *"sea")
        assert isinstance(app.focused, Input)
        assert len(prompts(app.screen)) == 7  # still the runs while typing
        await pilot.pause(0.4)
        listed = prompts(app.screen)
        assert len(listed) == 3  # two intentions and the reflection mention the sea
        assert listed[0].startswith("Week reflection · Sun 5 April 2026, 18:30\nWhat stayed")
        assert "3 places match “sea”" in str(app.screen.query_one("#found", Static).content)
        options = app.screen.query_one(OptionList)
        first = options.get_option_at_index(0).prompt
        assert isinstance(first, Content)
        marked = [first.plain[s.start : s.end] for s in first.spans if s.style == HIGHLIGHT]
        assert marked == ["sea"]
        await pilot.press("enter")  # Enter in the box: search now, move to the results
        await pilot.pause()
        focused: object = app.focused
        assert focused is options
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalRunScreen)
        assert screen.run.started_at.day == 5 and screen.run.script_title == "Getting ready"
        assert INTENTIONS[5] in static_text(screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # first escape clears the search
        await pilot.pause()
        assert len(prompts(app.screen)) == 7
        assert app.screen.query_one(Input).value == ""


@sync
async def test_search_that_finds_nothing_says_so_kindly(filled_journal: SqliteStore) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+f", *"mountains", "enter")
        await pilot.pause()
        assert prompts(app.screen) == []
        found = str(app.screen.query_one("#found", Static).content)
        assert found == "Nothing you have written matches “mountains”."


@sync
async def test_trends_draw_each_scale_with_its_own_ends(filled_journal: SqliteStore) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        assert prompts(screen) == [
            f"Getting ready · {ANXIETY} (6 answers)",
            "Week reflection · How have you slept this week? (1 answer)",
        ]
        chart = str(screen.query_one(TrendChart).content).splitlines()
        assert chart[0].startswith("10 ┤") and chart[7].startswith(" 0 ┤")
        assert chart[-1].split() == ["1", "Mar", "22", "Mar", "5", "Apr"]
        caption = str(screen.query_one("#trend-caption", Static).content)
        assert caption == "Every answer, 2026. 0 is Calm, 10 is Very anxious."
        await pilot.press("down")
        await pilot.pause()
        chart = str(screen.query_one(TrendChart).content).splitlines()
        assert chart[0].startswith("5 ┤") and chart[7].startswith("1 ┤")
        assert chart[-1].strip() == "5 Apr"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


@sync
async def test_export_for_the_therapist_never_overwrites_and_says_where(
    filled_journal: SqliteStore,
    isolated_home: Path,
) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = isolated_home / "companion-journal-2026-05-04.md"
        assert first.is_file()
        assert stat.S_IMODE(first.stat().st_mode) == 0o600
        assert first.read_text().startswith("# My journal")
        assert INTENTIONS[2] in first.read_text()
        notices = [n.message for n in app._notifications]
        assert notices and str(first) in notices[-1] and "not protected" in notices[-1]
        assert str(first) in str(app.screen.query_one("#found", Static).content)
        first.write_text("the patient's own notes")
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        second = isolated_home / "companion-journal-2026-05-04-2.md"
        assert second.is_file()
        assert first.read_text() == "the patient's own notes"
        assert str(second) in [n.message for n in app._notifications][-1]


@sync
async def test_export_into_a_folder_that_cannot_be_written_is_explained(
    filled_journal: SqliteStore, tmp_path: Path
) -> None:
    app = journal_app(filled_journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        screen.access = replace(screen.access, export_folder=lambda: tmp_path / "gone")
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert last.title == "Nothing was exported"
        assert "Your journal itself is safe" in last.message
        assert not app.screen.query_one("#export").disabled


@sync
async def test_memory_store_lists_runs_without_search_or_trends() -> None:
    store = MemoryStore()
    store.start_run("test-before", "Getting ready", "", "before")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        assert not screen.query(Input) and not screen.query("#trends")
        keys = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert "ctrl+f" not in keys and "ctrl+t" not in keys and "ctrl+e" in keys
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is screen


@sync
async def test_empty_journal_says_what_will_appear() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        assert prompts(app.screen) == ["Your walks through the scripts will be listed here."]


@sync
async def test_an_unfinished_run_shows_the_words_being_written(filled_journal: SqliteStore) -> None:
    store = filled_journal
    store.save_draft(6, "hopes-note", "I hope to sleep better and")
    app = journal_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        text = static_text(app.screen)
        assert text.endswith("Words you had started writing\nI hope to sleep better and")
        assert "hopes-note" not in text
