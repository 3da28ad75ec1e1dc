"""The app with an encrypted journal: the unlock screen, and the idle lock on a fake clock."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from companion.app.app import WRONG_PASSPHRASE, CompanionApp, create_app
from companion.app.screens.home import HomeScreen
from companion.app.screens.run import RunScreen
from companion.app.screens.unlock import LOCKED_IDLE, UnlockScreen
from companion.journal import protect
from companion.journal.opening import open_journal
from companion.paths import locations
from tests.helpers.apps import NOW, fixture_library, open_first, sync
from tests.helpers.crypt import OTHER, PASSPHRASE, files_with_words, home, opener
from tests.helpers.terminal import PtyApp

SIZE = (80, 24)


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def wait(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def _app(clock: Clock, *, turn_on: bool = True) -> CompanionApp:
    if turn_on:
        protect.turn_on(PASSPHRASE)
    return create_app(fixture_library(False), where=locations(), clock=clock, opener=opener())


async def _settle(pilot: Pilot[int]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _unlock(pilot: Pilot[int], passphrase: str = PASSPHRASE) -> None:
    assert isinstance(pilot.app.screen, UnlockScreen)
    await pilot.press(*passphrase, "enter")
    await _settle(pilot)
    await _settle(pilot)


def _drafts() -> dict[str, str]:
    key = protect.unlock(PASSPHRASE)
    with open_journal(key=key) as store:
        key.wipe()
        return store.drafts(store.runs()[0].id)


@sync
async def test_the_app_starts_locked_and_a_wrong_passphrase_is_one_sentence() -> None:
    app = _app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await _unlock(pilot, OTHER)
        assert isinstance(app.screen, UnlockScreen)
        assert str(app.screen.query_one("#unlock-note", Static).render()) == WRONG_PASSPHRASE
        box = app.screen.query_one("#passphrase", Input)
        assert box.value == "" and box.password and not box.disabled
        await _unlock(pilot)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_idle_lock_saves_the_draft_locks_and_unlocking_returns_to_it() -> None:
    clock = Clock()
    app = _app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _unlock(pilot)
        await open_first(pilot)
        await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s")
        await pilot.press(*"unsaved saffronhollow")  # no pause: not saved by the typing timer
        clock.wait(14)
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, RunScreen), "not yet: 14 minutes"
        clock.wait(1)
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert LOCKED_IDLE in str(app.screen.query_one("#unlock-title", Static).render())
        assert app.current_run is None and app.locked
        # The journal is closed (its lock released), the draft is in it, nothing readable.
        assert _drafts()["intention"] == "unsaved saffronhollow"
        assert files_with_words(home()) == {}
        await _unlock(pilot)
        assert isinstance(app.screen, RunScreen)
        assert app.screen.query_one(TextArea).text == "unsaved saffronhollow"


@sync
async def test_a_key_press_keeps_it_open() -> None:
    clock = Clock()
    app = _app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await _unlock(pilot)
        clock.wait(14)
        await pilot.press("down")
        clock.wait(14)
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        clock.wait(1)
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, UnlockScreen)


@sync
async def test_the_idle_time_is_a_setting_and_zero_means_never() -> None:
    config = locations().config
    config.mkdir(parents=True)
    protect.turn_on(PASSPHRASE)
    for minutes, locks_after in ((5, 5), (0, None)):
        (config / "settings.json").write_text(json.dumps({"lock_after_minutes": minutes}))
        clock = Clock()
        app = _app(clock, turn_on=False)
        async with app.run_test(size=SIZE) as pilot:
            await _unlock(pilot)
            clock.wait(4)
            app.lock_if_idle()
            await _settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            clock.wait(60 * 24 if locks_after is None else 1)
            app.lock_if_idle()
            await _settle(pilot)
            assert isinstance(app.screen, UnlockScreen) == (locks_after is not None)


def test_the_real_app_unlocks_in_a_terminal() -> None:
    protect.turn_on(PASSPHRASE)
    term = PtyApp([], dict(os.environ))
    try:
        assert term.wait_for("Your journal is locked")
        term.type(OTHER + "\r")
        assert term.wait_for("does not open your journal")
        term.mark()
        term.type(PASSPHRASE + "\r")
        assert term.wait_for("Welcome")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
        assert PASSPHRASE not in term.text and OTHER not in term.text
        assert "Traceback" not in term.text
    finally:
        term.close()


@sync
async def test_it_never_locks_while_the_disk_is_refusing_words() -> None:
    from companion.journal.errors import WrongPassphraseError
    from tests.helpers.journals import RefusingStore

    disk = RefusingStore()

    def opener(passphrase: str) -> RefusingStore:
        if passphrase != PASSPHRASE:
            raise WrongPassphraseError()
        return disk

    clock = Clock()
    app = create_app(fixture_library(False), where=locations(), clock=clock, opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await _unlock(pilot)
        await open_first(pilot)
        await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s")
        disk.full = True
        await pilot.press(*"held words")
        clock.wait(20)
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, RunScreen), "the words live only in memory: stay open"
        disk.full = False
        app.lock_if_idle()
        await _settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert disk.drafts(disk.runs()[0].id)["intention"] == "held words"


def test_the_idle_setting_survives_the_app_writing_other_settings() -> None:
    from companion.settings import SettingsFile, load_settings, settings_path

    where = locations()
    where.config.mkdir(parents=True)
    settings_path(where).write_text(json.dumps({"lock_after_minutes": 7, "theme": "x"}))
    assert load_settings(where).lock_after_minutes == 7
    assert SettingsFile(where).change(theme="companion-light")
    assert load_settings(where).lock_after_minutes == 7
    for odd in ("soon", -3, True, None):
        settings_path(where).write_text(json.dumps({"lock_after_minutes": odd}))
        assert load_settings(where).lock_after_minutes is None
