"""The unlock screen at 80x24 and 120x40, soft dark and soft light, and after a wrong try."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from companion.app.app import CompanionApp, create_app
from companion.journal import protect
from companion.paths import locations
from tests.helpers.apps import NOW, fixture_library
from tests.helpers.crypt import OTHER, PASSPHRASE
from tests.test_crypt_app import _opener


def locked_app() -> CompanionApp:
    protect.turn_on(PASSPHRASE)
    return create_app(
        fixture_library(False), where=locations(), clock=lambda: NOW, opener=_opener()
    )


@pytest.mark.parametrize(
    ("size", "theme"), [((80, 24), None), ((120, 40), None), ((80, 24), "companion-light")]
)
def test_unlock(snap_compare: Any, size: tuple[int, int], theme: str | None) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        if theme:
            pilot.app.theme = theme
        await pilot.pause()

    assert snap_compare(locked_app(), terminal_size=size, run_before=run_before)


def test_unlock_after_a_wrong_passphrase(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press(*OTHER, "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(locked_app(), terminal_size=(80, 24), run_before=run_before)
