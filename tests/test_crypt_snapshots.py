"""The unlock screen at 80x24 and 120x40, soft dark and soft light, and after a wrong try."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers.crypt import OTHER, locked_app


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
