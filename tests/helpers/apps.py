"""Building the app for tests: the fixture scripts as a library, the real player on a silent child
(tests/fake_sound_child.py), a fixed clock; running async tests; walking to a step."""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from companion.app.app import CompanionApp, create_app
from companion.app.screens.home import HomeScreen
from companion.app.screens.run import RunScreen
from companion.app.sound import PlayerFactory
from companion.audio.player import Player
from companion.journal.model import MemoryStore, Store
from companion.paths import locations
from companion.script.cards import LibraryIndex
from companion.script.library import Library
from companion.script.loader import LoadResult, load_script
from companion.script.model import LoadedScript
from companion.timings import Timings
from tests.helpers.scripts import FIXTURES, SCRIPTS

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
QUICK = Timings(draft_pause=0.05, draft_longest_wait=0.1, search_pause=0.05)
"""Short waits on typing, for tests that are not about those waits (the app's own: 0.5 s,
0.8 s and 0.25 s, see companion/timings.py)."""


@functools.cache
def _fixture_scripts() -> tuple[tuple[LoadedScript, ...], LoadResult]:
    """The fixture scripts and the broken one, read once per test process: scripts are frozen,
    so every test may share them (each gets its own :class:`Library` around them)."""
    loaded = []
    for path in sorted(SCRIPTS.glob("*.yaml")):
        result = load_script(path, tracks=None)
        assert result.script is not None
        loaded.append(LoadedScript(result.script, path, result.sha256, "extra"))
    assert loaded, SCRIPTS
    return tuple(loaded), load_script(FIXTURES / "broken" / "broken.yaml", tracks=None)


def fixture_library(with_broken: bool = True) -> Library:
    """A new library of the scripts in tests/fixtures/scripts (and the broken one, unless not
    ``with_broken``), as if from a ``--scripts`` folder."""
    scripts, broken = _fixture_scripts()
    library = Library()
    for loaded in scripts:
        library.scripts[loaded.script.id] = loaded
    if with_broken:
        library.failed.append(broken)
    return library


FAKE_CHILD = Path(__file__).resolve().parent.parent / "fake_sound_child.py"


def fake_player(*args: Any, no_device: bool = False, **kwargs: Any) -> Player:
    """The app's real player, talking to a child that plays into nothing (no library or card)."""
    command = [sys.executable, str(FAKE_CHILD), *(["--no-device"] if no_device else [])]
    return Player(*args, command=command, **kwargs)


def make_app(
    store: Store | None = None,
    with_broken: bool = True,
    player_factory: PlayerFactory = fake_player,
    library: Library | LibraryIndex | None = None,
    timings: Timings | None = None,
) -> CompanionApp:
    """The app as the command line builds it, on ``library`` (the fixture scripts unless given),
    over one store (a new MemoryStore unless given), at :data:`NOW`, with the fake player."""
    shared = store or MemoryStore()
    return create_app(
        fixture_library(with_broken) if library is None else library,
        lambda: shared,
        locations(),
        clock=lambda: NOW,
        player_factory=player_factory,
        timings=timings,
    )


def preview_app(path: Path) -> CompanionApp:
    return create_app(
        None, MemoryStore, locations(), preview=path, clock=lambda: NOW, player_factory=fake_player
    )


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test without an async pytest plugin."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until the companion has settled (:attr:`CompanionApp.settled`: home's footer keys
    come a frame after home) and that is drawn; at once for any other app. Pilot tests start
    there already (``CompanionApp.run_test``); snapshots through ``snap_compare`` too."""
    if isinstance(pilot.app, CompanionApp):
        await pilot.app.settled.wait()
        await pilot.pause()


async def open_first(pilot: Pilot[int], script_title: str = "Getting ready") -> None:
    """Start a script from home by moving to its option and pressing enter."""
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    options = home.query_one(OptionList)
    for index in range(options.option_count):
        if script_title in str(options.get_option_at_index(index).prompt):
            options.highlighted = index
            break
    else:
        raise AssertionError(f"{script_title} is not on the home screen")
    await pilot.press("enter")
    await pilot.pause()


def step_id(pilot: Pilot[int]) -> str:
    """The id of the step the run screen shows."""
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen), screen
    return screen.run.flow.current.id


def text_of(pilot: Pilot[int], selector: str) -> str:
    """The text of the one Static the selector finds on the current screen."""
    return str(pilot.app.screen.query_one(selector, Static).content)
