"""What the course looks like: home with the next infusion, My infusions, its form and the
question before removing one, at 80x24 and 120x40, in the soft dark and soft light themes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from companion.app.app import CompanionApp
from companion.journal.model import MemoryStore
from tests.helpers.apps import NOW, make_app

SMALL = (80, 24)
LARGE = (120, 40)
SIZES = {"80x24": SMALL, "120x40": LARGE}
THEMES = {"dark": "companion-dark", "light": "companion-light"}


@pytest.fixture(autouse=True)
def journal_clock(london: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs are stamped with the journal's clock: frozen too, so the journal list is stable."""
    monkeypatch.setattr("companion.journal.model.now", lambda: NOW - timedelta(hours=20))


def course_app() -> CompanionApp:
    """Three infusions: one ended yesterday (its reflection ready), two to come, one with a note."""
    store = MemoryStore()
    store.start_run("test-before", "Getting ready", "", "before")
    first = store.add_infusion(NOW - timedelta(days=1))
    store.add_infusion(NOW + timedelta(days=2), minutes=90, note="Sam drives me home")
    store.add_infusion(NOW + timedelta(days=6))
    store.finish_run(store.start_run("test-before", "Getting ready", "", "before", first))
    return make_app(store, with_broken=False)


def keys(*pressed: str, theme: str = "companion-dark") -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        if pressed == ("journal",):
            pilot.app.open_journal()  # type: ignore[attr-defined]
        else:
            await pilot.press(*pressed)
        await pilot.pause()

    return run_before


SCREENS = {
    "home": (),
    "infusions": ("i",),
    "form": ("i", "e"),
    "remove": ("i", "delete"),
    "journal": ("journal",),
}


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_course_screens(snap_compare: Any, screen: str, size: str, theme: str) -> None:
    run_before = keys(*SCREENS[screen], theme=THEMES[theme])
    assert snap_compare(course_app(), terminal_size=SIZES[size], run_before=run_before)


def test_no_infusions_yet(snap_compare: Any) -> None:
    app = make_app(MemoryStore(), with_broken=False)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("i"))


def test_a_mistake_in_the_form(snap_compare: Any) -> None:
    app = make_app(MemoryStore(), with_broken=False)
    run_before = keys("i", "a", *"2026-02-30 10:00", "enter")
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
