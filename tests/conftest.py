"""Fixtures for every test file (docs/architecture.md, "Tests", says where the rest lives).

Always on: each test has its own COMPANION_HOME and HOME (``isolated_home``: nothing touches the
real home folder), still screens (``still_screen``), key files and encrypted exports sealed with
a light scrypt work factor (``light_kdf``, unless a test is marked ``real_kdf``), and no network
for the whole run.
Asked for by name: ``alsa_out`` (what reaches ALSA, in a file), the local time zone (``zone``,
``utc``, ``london``, ``local``), and a journal on the real SQLite store (``journal``, empty, and
``filled_journal``, with weeks of check-ins), each a copy of one made once per test process.
"""

from __future__ import annotations

import inspect
import os
import shutil
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from companion.journal import SqliteStore, open_journal
from companion.paths import locations
from tests.helpers.apps import settled
from tests.helpers.course import ZONES
from tests.helpers.journals import add_weeks
from tests.helpers.sound import write_asoundrc

LIGHT_KDF = Path(__file__).with_name("light_kdf")
LIGHT_WORK = 10
"""log2 of scrypt's N for keys and exports made in tests (the companion's own: 17 and 18)."""


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COMPANION_HOME", str(home / "companion"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    # No region from the machine's locale unless a test sets one (crisis lines depend on it).
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home / "companion"


class NetworkUsed(AssertionError):
    """The package promised never to touch the network, and something tried."""


_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg"}


def _no_network(event: str, args: tuple[object, ...]) -> None:
    if event in _NETWORK_EVENTS:
        family = getattr(args[0], "family", None) if args else None
        if family is not None and int(family) == 1:  # AF_UNIX: a local pipe, not the network
            return
        raise NetworkUsed(f"network access attempted: {event} {args[1:]!r}")


# Installed once for the whole run of every test process; audit hooks cannot be removed.
sys.addaudithook(_no_network)


@pytest.fixture(autouse=True)
def still_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations and no blinking cursor: screens are still and snapshots stable.

    Textual reads TEXTUAL_ANIMATIONS into ``textual.constants`` when it is first imported (the
    snapshot plugin imports it before any conftest), and each App copies it from there; so the
    constant itself is set for in-process apps, and the variable for subprocesses.
    """
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """The snapshot plugin's ``snap_compare``, starting once the companion has settled (home's
    footer keys come a frame after home, see ``CompanionApp.settled``), as Pilot tests do."""

    def compare(
        app: App[Any],
        *args: Any,
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
        **kwargs: Any,
    ) -> bool:
        async def settled_first(pilot: Pilot[Any]) -> None:
            await settled(pilot)
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result

        return snap_compare(app, *args, run_before=settled_first, **kwargs)

    return compare


@pytest.fixture
def alsa_out(isolated_home: Path) -> Path:
    """Sound works (ALSA's default device is its ``file`` plugin, in the test's HOME, which a
    player's child inherits), and what reaches ALSA is kept in this file (see
    :func:`tests.helpers.sound.captured`)."""
    return write_asoundrc(Path(os.environ["HOME"]))


@pytest.fixture
def zone() -> Iterator[Callable[[str], None]]:
    """Call it with a zone name (``zone("Europe/London")``): the computer's local time is in that
    zone until the test ends; then the zone the run started with is back."""
    with pytest.MonkeyPatch.context() as patch:

        def set_zone(name: str) -> None:
            patch.setenv("TZ", name)
            time.tzset()

        try:
            yield set_zone
        finally:
            patch.undo()
            time.tzset()


@pytest.fixture
def utc(zone: Callable[[str], None]) -> None:
    """Local time is UTC, so dates on screen and in files do not depend on the machine."""
    zone("UTC")


@pytest.fixture
def london(zone: Callable[[str], None]) -> None:
    """Local time is London's (a zone with daylight saving)."""
    zone("Europe/London")


@pytest.fixture(params=ZONES)
def local(request: pytest.FixtureRequest, zone: Callable[[str], None]) -> str:
    """The test runs once in each of :data:`tests.helpers.course.ZONES`; the zone's name."""
    name: str = request.param
    zone(name)
    return name


def _made_once(factory: pytest.TempPathFactory, fill: Callable[[SqliteStore], None]) -> Path:
    """A journal's folder, made once per test process and never opened again: starting a journal
    (its schema, written safely) costs some 60-100 ms here, opening a copy of one a few."""
    where = locations({"COMPANION_HOME": str(factory.mktemp("prepared") / "companion")})
    with open_journal(where) as store:
        fill(store)
    return where.data


def _copy_of(folder: Path) -> SqliteStore:
    shutil.copytree(folder, locations().data)
    return open_journal()


@pytest.fixture(scope="session")
def new_journal_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A just-started journal's folder; never opened by a test (see :func:`journal`)."""
    return _made_once(tmp_path_factory, lambda store: None)


@pytest.fixture(scope="session")
def weeks_journal_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a journal with :func:`tests.helpers.journals.add_weeks` in it; never opened
    by a test (see :func:`filled_journal`)."""
    return _made_once(tmp_path_factory, add_weeks)


@pytest.fixture
def journal(isolated_home: Path, new_journal_folder: Path) -> Iterator[SqliteStore]:
    """An empty journal on the real SQLite store in the test's home, closed after the test.

    A test file that needs words in it fills it in a fixture of the same name that asks for this
    one (``def journal(journal: SqliteStore) -> SqliteStore``)."""
    with _copy_of(new_journal_folder) as store:
        yield store


@pytest.fixture
def filled_journal(isolated_home: Path, weeks_journal_folder: Path) -> Iterator[SqliteStore]:
    """The journal in the test's home holds six weekly check-ins (the last unfinished) and an
    evening reflection (:func:`tests.helpers.journals.add_weeks`); closed after the test."""
    with _copy_of(weeks_journal_folder) as store:
        yield store


@pytest.fixture(autouse=True)
def light_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key files and encrypted exports sealed with scrypt at N = 2**10, here and in the
    companion's subprocesses (see tests/light_kdf/sitecustomize.py): the same age files, read
    with the work factor they name, at a thousandth of the cost (0.6 s each at 2**17). Tests
    of the real work factor carry ``@pytest.mark.real_kdf``."""
    if request.node.get_closest_marker("real_kdf"):
        return
    monkeypatch.setattr("companion.journal.keys.KEY_WORK", LIGHT_WORK)
    monkeypatch.setattr("companion.journal.age.EXPORT_WORK", LIGHT_WORK)
    paths = [str(LIGHT_KDF), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
