"""The course in the app, through Pilot: the home line, "I'm back", and My infusions (add,
change, remove, a mistake in the form, the calendar file)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from textual.widgets import Input, OptionList, Static

from companion.app.screens.home import HomeScreen
from companion.app.screens.infusion_form import ConfirmRemove, InfusionForm
from companion.app.screens.infusions import InfusionsScreen
from companion.course.edit import NOT_SAVED
from companion.course.when import typed
from companion.journal.model import MemoryStore
from tests.helpers.apps import NOW, make_app, open_first, sync

pytestmark = pytest.mark.usefixtures("london")

SIZE = (80, 24)


def _text(widget: Static) -> str:
    return str(widget.content)


def _options(screen: object) -> list[str]:
    assert isinstance(screen, HomeScreen | InfusionsScreen)
    listing = screen.query(OptionList).first()
    return [str(o.prompt) for o in listing._options if o is not None]


@sync
async def test_home_invites_to_add_then_shows_the_next_infusion() -> None:
    store = MemoryStore()
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        line = app.screen.query_one("#course-line", Static)
        assert _text(line).startswith("When is your next infusion?")
        await pilot.press("i")
        assert isinstance(app.screen, InfusionsScreen)
        await pilot.press("a")
        assert isinstance(app.screen, InfusionForm)
        await pilot.press(*"2026-05-07 10:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
        assert "Added your 1st infusion." in _text(app.screen.query_one("#said", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        line = app.screen.query_one("#course-line", Static)
        assert _text(line) == "Thursday 7 May at 10:00 — your 1st infusion"
        # The first-infusion fixture is suggested; nothing ready three days ahead (no offer_before).
    assert typed(store.infusions()[0].starts_at) == "2026-05-07 10:00"


@sync
async def test_a_mistake_in_the_form_is_one_sentence_and_nothing_is_saved() -> None:
    store = MemoryStore()
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a", *"2026-02-30 10:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        problem = _text(app.screen.query_one("#form-problem", Static))
        assert problem == "2026-02-30 is not a day of the calendar. Check the month and the day."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
    assert store.infusions() == []


@sync
async def test_change_an_infusion_and_an_end_before_its_start() -> None:
    store = MemoryStore()
    store.add_infusion(NOW + timedelta(days=3))
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "e")
        form = app.screen
        assert isinstance(form, InfusionForm)
        assert form.query_one("#when", Input).value == "2026-05-07 11:00"  # London, summer
        form.query_one("#back-at", Input).value = "2026-05-07 10:00"
        await pilot.press("enter")
        await pilot.pause()
        assert "is not after the start" in _text(form.query_one("#form-problem", Static))
        form.query_one("#back-at", Input).value = ""
        form.query_one("#minutes", Input).value = "45"
        form.query_one("#note", Input).value = "Sam drives"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
        (line,) = _options(app.screen)
        assert line == "1st · Thursday 7 May, 11:00, until about 11:45\nSam drives"
    assert store.infusions()[0].minutes == 45


@sync
async def test_remove_asks_first_and_the_runs_stay() -> None:
    store = MemoryStore()
    infusion = store.add_infusion(NOW - timedelta(days=1))
    run_id = store.start_run("test-soon", "Evening check-in", "", "after", infusion)
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "delete")
        assert isinstance(app.screen, ConfirmRemove)
        await pilot.press("enter")  # "Keep it" has the focus
        await pilot.pause()
        assert len(store.infusions()) == 1
        await pilot.press("r")
        assert isinstance(app.screen, ConfirmRemove)
        await pilot.press("tab", "enter")
        await pilot.pause()
        said = _text(app.screen.query_one("#said", Static))
        assert said.startswith("Your 1st infusion was removed. What you wrote for it (1 walk)")
    assert store.infusions() == []
    assert store.run(run_id).infusion_id is None


@sync
async def test_back_from_the_infusion_times_the_reflection_from_now() -> None:
    store = MemoryStore()
    store.add_infusion(NOW - timedelta(minutes=30))
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        assert "I'm back from my infusion" in "\n".join(_options(app.screen))
        assert "began at 10:30" in _text(app.screen.query_one("#course-line", Static))
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "I'm back" not in "\n".join(_options(app.screen))
        assert store.infusions()[0].ended_at == NOW
        app.clock = lambda: NOW + timedelta(hours=2)
        app.action_home()
        await pilot.pause()
        assert "Evening check-in is ready for you" in "\n".join(_options(app.screen))


@sync
async def test_a_run_is_linked_to_its_infusion() -> None:
    store = MemoryStore()
    coming = store.add_infusion(NOW + timedelta(days=1))
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Getting ready")
    (run,) = store.runs()
    assert run.infusion_id == coming


@sync
async def test_save_the_calendar_file(isolated_home: Path) -> None:
    store = MemoryStore()
    store.add_infusion(NOW + timedelta(days=2), note="private words")
    isolated_home.mkdir(parents=True)  # the journal makes it; a memory store does not
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = _text(app.screen.query_one("#said", Static))
        assert said == f"Your calendar file is {isolated_home / 'companion-infusions.ics'}"
    data = (isolated_home / "companion-infusions.ics").read_bytes()
    assert b"private" not in data
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == "Your 1st infusion"


@sync
async def test_my_journal_groups_runs_by_infusion() -> None:
    store = MemoryStore()
    old = store.start_run("test-before", "Getting ready", "", "before")
    first = store.add_infusion(NOW - timedelta(days=1))
    linked = store.start_run("test-soon", "Evening check-in", "", "after", first)
    store.finish_run(linked)
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        app.open_journal()
        await pilot.pause()
        entries = app.screen.query_one("#entries", OptionList)
        shown = [(str(o.prompt), o.disabled) for o in entries._options if o is not None]
        assert shown[0] == (
            "1st infusion, Sunday 3 May: Evening check-in ✓, Week reflection — due Sunday 10 May",
            True,
        )
        assert shown[1][0].startswith("Evening check-in\n")
        assert shown[2] == ("Not linked to an infusion", True)
        assert shown[3][0].startswith("Getting ready\n")
        assert entries.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "JournalRunScreen"
    assert old != linked


class FullDisk(MemoryStore):
    """A journal whose disk refuses every change to the course."""

    def add_infusion(
        self, starts_at: datetime, minutes: int | None = None, note: str | None = None
    ) -> int:
        raise sqlite3.OperationalError("database or disk is full")


@sync
async def test_a_refused_write_is_a_calm_notice() -> None:
    store = FullDisk()
    app = make_app(store, with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a", *"2026-05-07 10:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
        (notice,) = app._notifications
        assert notice.message == NOT_SAVED and notice.severity == "warning"
    assert store.infusions() == []


@sync
async def test_the_form_s_text_boxes_do_not_blink_when_animations_are_off() -> None:
    """TEXTUAL_ANIMATIONS=none (set for every test) stills the cursor, as in a text step: a
    blinking cursor is motion, and a snapshot taken mid-blink would differ from run to run."""
    app = make_app(MemoryStore(), with_broken=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        fields = list(app.screen.query(Input))
        assert fields and not any(field.cursor_blink for field in fields)
