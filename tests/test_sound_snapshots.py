"""What the audio and breathing steps look like at 80x24 (the pacer's clock frozen mid-breath)."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from companion.app.app import CompanionApp
from companion.app.widgets.steps.breathing import BreathingView
from tests.helpers.apps import fake_player, make_app

SMALL = (80, 24)
TO_BREATHING = ["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "x", "ctrl+n"]


async def open_script(pilot: Pilot[Any], title: str) -> None:
    options = pilot.app.screen.query_one(OptionList)
    for index in range(options.option_count):
        if title in str(options.get_option_at_index(index).prompt):
            options.highlighted = index
    await pilot.press("enter")


def test_audio_step_ready(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_script(pilot, "Week reflection")
        await pilot.press("ctrl+n")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_audio_step_without_a_sound_card(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_script(pilot, "Week reflection")
        await pilot.press("ctrl+n", "space")
        for _ in range(500):
            assert isinstance(pilot.app, CompanionApp)
            if not pilot.app.sound.status().available:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()

    app = make_app(player_factory=functools.partial(fake_player, no_device=True))
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("motion", ["full", "none"])
def test_breathing_mid_breath(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, motion: str
) -> None:
    monkeypatch.setattr(BreathingView, "clock", lambda self: 102.0)  # frozen: 2 s after Begin
    app = make_app()
    app.animation_level = motion  # type: ignore[assignment]

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press(*TO_BREATHING)
        view = pilot.app.screen.query_one(BreathingView)
        monkeypatch.setattr(BreathingView, "clock", lambda self: 100.0)
        await pilot.press("space")  # Begin at 100.0
        monkeypatch.setattr(BreathingView, "clock", lambda self: 102.0)
        view.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
