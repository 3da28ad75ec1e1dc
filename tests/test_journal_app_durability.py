"""The app over the real SQLite store: text is saved after a short pause while typing and comes
back exactly; a damaged journal is set aside and the patient is told on the first screen."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual.widgets import TextArea

from companion.app.screens.home import HomeScreen
from companion.app.screens.run import RunScreen
from companion.drafting import LONGEST_WAIT, PAUSE
from companion.journal import journal_files, open_journal
from companion.paths import locations
from tests.helpers.apps import sync
from tests.helpers.journals import journal_app

SIZE = (80, 24)
TO_THE_TEXT_STEP = ["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s"]
"""From home: start "Getting ready", tick the needed item, skip the scale and the hopes."""
PASTED = "\nBy the sea — calm, warm ☀ and   slow.\n\n  Two spaces in, a tab\there."


async def _draft_after(store: object, run_id: int, expected: str, limit: float) -> float:
    """Seconds until the store holds ``expected`` as the intention's draft (``inf`` if never)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if store.drafts(run_id).get("intention") == expected:  # type: ignore[attr-defined]
            return time.monotonic() - start
        await asyncio.sleep(0.02)
    return float("inf")


@sync
async def test_typing_is_saved_within_a_second_of_pause_and_restored_exactly() -> None:
    assert PAUSE <= 1.0 and LONGEST_WAIT <= 1.0
    store = open_journal(locations())
    app = journal_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*TO_THE_TEXT_STEP)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.run.flow.current.id == "intention"
        run_id = screen.run.run_id
        await pilot.press(*"I would like to rest")
        area = screen.query_one(TextArea)
        area.insert(PASTED)  # pasted text: a new line, accents, symbols, spaces and a tab
        expected = "I would like to rest" + PASTED
        assert store.drafts(run_id).get("intention") != expected  # not on every keystroke
        waited = await _draft_after(store, run_id, expected, 2.0)
        assert waited <= 1.0, f"the draft took {waited:.2f} s"
        # Leave without quitting (no flush): only what autosave wrote can come back.
    store.close()

    store = open_journal(locations())
    assert store.drafts(run_id) == {"intention": expected}
    app = journal_app(store)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.data.unfinished and home.data.unfinished[0][0].id == run_id
        await pilot.press("enter")  # the first choice is "Continue where you left off"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.run.flow.current.id == "intention"
        assert screen.query_one(TextArea).text == expected
    store.close()


@sync
async def test_a_damaged_journal_is_set_aside_and_the_home_screen_says_so() -> None:
    files = journal_files(locations())
    files.folder.mkdir(parents=True, mode=0o700)
    garbage = b"this is not a database, only some words " * 200
    files.db.write_bytes(garbage)
    files.db.chmod(0o600)
    store = open_journal(locations())
    assert len(store.notices) == 1
    app = journal_app(store)
    app.notices = list(store.notices)  # as launch.run_app does
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert len(toasts) == 1 and "Your old journal could not be read" in toasts[0]
        assert isinstance(app.screen, HomeScreen)
        shown = [(n.title, n.message) for n in app._notifications]
        assert len(shown) == 1
        title, message = shown[0]
        assert title == "About your journal"
        assert message.startswith("Your old journal could not be read. It was kept safe as ")
        assert message.endswith("a new one was started.")
        kept = message.removeprefix("Your old journal could not be read. It was kept safe as ")
        kept = kept.removesuffix("; a new one was started.")
        assert Path(kept).read_bytes() == garbage
    assert store.integrity() == "ok"
    store.close()
