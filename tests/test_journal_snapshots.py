"""What My journal looks like: the list, a run, search results with highlights, and the check-in
chart at 80x24 in the soft dark theme, and the list at 120x40."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from companion.journal import SqliteStore
from tests.helpers.journals import journal_app

pytestmark = pytest.mark.usefixtures("utc")

SMALL = (80, 24)
LARGE = (120, 40)


def in_journal(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.open_journal()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_journal_list(filled_journal: SqliteStore, snap_compare: Any) -> None:
    assert snap_compare(journal_app(filled_journal), terminal_size=SMALL, run_before=in_journal())


def test_journal_run(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=in_journal("enter"))


def test_journal_search(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)
    keys = ("ctrl+f", *"gently sea", "enter")
    assert snap_compare(app, terminal_size=SMALL, run_before=in_journal(*keys))


def test_journal_search_several(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)
    keys = ("ctrl+f", *"sea", "enter")
    assert snap_compare(app, terminal_size=SMALL, run_before=in_journal(*keys))


def test_journal_trends(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=in_journal("ctrl+t"))


def test_journal_list_large(filled_journal: SqliteStore, snap_compare: Any) -> None:
    assert snap_compare(journal_app(filled_journal), terminal_size=LARGE, run_before=in_journal())


def test_journal_trends_large(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)
    assert snap_compare(app, terminal_size=LARGE, run_before=in_journal("ctrl+t"))


def test_journal_search_light(filled_journal: SqliteStore, snap_compare: Any) -> None:
    app = journal_app(filled_journal)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "companion-light"
        await in_journal("ctrl+f", *"sea", "enter")(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
