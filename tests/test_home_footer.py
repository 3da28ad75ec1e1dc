"""Home's footer: its keys come a frame after home's first frame (which is on the terminal sooner
without them, docs/performance.md), then are shown whole and work as every footer's keys do."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from companion.app.app import CompanionApp
from companion.app.messages import OpenJournal
from companion.app.screens.home import HomeScreen
from companion.app.screens.infusions import InfusionsScreen
from companion.app.screens.journal import JournalScreen
from companion.app.screens.too_small import TooSmallScreen
from companion.app.widgets.footer import Footer
from tests.helpers.apps import make_app, settled, sync
from tests.helpers.terminal import ANSI

HOME_KEYS = {"journal": "My journal", "app.next_theme": "Theme", "infusions": "Infusions"}
"""Home's own keys in its footer (the app's F1 Support, ^q Quit and ^p palette are there too)."""


def keys_on(screen: object, width: int = 80) -> dict[str, str]:
    """The footer keys drawn whole on the screen: action -> description."""
    return {
        key.action: key.description
        for key in screen.query(FooterKey)  # type: ignore[attr-defined]
        if key.region.width > 0 and key.region.right <= width
    }


@sync
async def test_homes_footer_shows_its_keys_and_they_work() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        shown = keys_on(app.screen)
        assert HOME_KEYS.items() <= shown.items()
        assert {"support", "quit", "command_palette"} <= shown.keys()
        assert not app.screen.query_one(Footer).held
        # Clicked, a key does what its key does.
        await pilot.click(next(k for k in app.screen.query(FooterKey) if k.action == "infusions"))
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


@sync
async def test_a_home_shown_after_the_first_frame_has_its_keys_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        app.action_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one(Footer).held
        assert HOME_KEYS.items() <= keys_on(app.screen).items()


@sync
async def test_a_home_first_shown_under_too_small_gets_its_keys() -> None:
    app = make_app()
    async with app.run_test(size=(50, 14)) as pilot:
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert HOME_KEYS.items() <= keys_on(app.screen).items()


class _Terminal(HeadlessDriver):
    """A terminal that keeps every write (Textual's headless driver draws nothing at all)."""

    writes: list[str]

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        self.writes.append(data)


@sync
async def test_homes_first_frame_is_drawn_before_its_footer_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What reaches the terminal, write by write (Textual writes each frame in one): the first
    frame with home in it has the footer's bar (empty) but not its keys; they follow."""
    monkeypatch.setattr("companion.shutdown.install", lambda app: False)  # the test's own signals
    writes: list[str] = []
    terminal = type("Terminal", (_Terminal,), {"writes": writes})
    app: CompanionApp = make_app()
    app.driver_class = terminal

    async def until_settled(pilot: Pilot[object]) -> None:
        await settled(pilot)
        app.exit()

    await app.run_async(headless=False, size=(80, 24), auto_pilot=until_settled)
    drawn = [ANSI.sub(b"", write.encode()).decode() for write in writes]
    home = next(i for i, text in enumerate(drawn) if "Before my session" in text)
    assert "palette" not in drawn[home] and "Theme" not in drawn[home]
    assert "Welcome" in drawn[home]
    assert "FooterBar" not in drawn[home]  # the bar in the footer's place draws nothing
    # Home is the first frame: no empty screen is drawn before it (the writes before are the
    # terminal's set-up, a few bytes each; a frame of 80x24 is thousands).
    assert all(len(write) < 100 for write in writes[:home])
    assert any("palette" in text and "Theme" in text for text in drawn[home + 1 :])


@sync
async def test_home_left_before_its_footer_keys_come_still_settles_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The patient may leave home in the moment between its first frame and its footer's keys:
    the footer's message goes with home, and the app settles all the same (it builds the library
    and, started by the command, has its collector back on)."""
    show = Footer._show_keys

    async def late(self: Footer) -> None:
        self.app.post_message(OpenJournal())  # as if "j" came first
        await asyncio.sleep(0.2)
        await show(self)

    monkeypatch.setattr(Footer, "_show_keys", late)
    app = make_app()
    async with App.run_test(app, size=(80, 24)) as pilot:  # Textual's: it does not wait to settle
        await asyncio.wait_for(app.settled.wait(), timeout=5)
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert app.index.built


@sync
async def test_a_footer_that_comes_once_home_is_gone_is_not_put_in() -> None:
    """Quit just after the first frame, the app takes its screens down while home's footer is
    still on its way: it is not put in (putting it in failed, and the patient saw the apology
    for a crash, about one quit in seventy at that moment under load)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        gone = HomeScreen(home.data, first=True)  # never shown, as home is once taken down
        gone.show_footer_keys()
        await gone._footer_in()  # what that call leads to, run as the app would run it
        await pilot.pause()
        assert not gone.query(Footer)
        assert app.return_code is None  # no crash
