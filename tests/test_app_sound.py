"""Sound in the app, driven by Pilot: the audio step, the breathing pacer, mute, and the player's life.

Most tests use the real player with a child that plays into nothing (tests/fake_sound_child.py),
so they run with or without the sound library. The few that check what reaches the sound card
(``needs_sound``) use the real simpleaudio in the real child, with ALSA's ``file`` plugin
(tests/helpers/sound.py) catching what is played; they skip, saying why, where simpleaudio is missing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Static, TextArea

from companion.app.app import CompanionApp, create_app
from companion.app.sound import PlayerFactory
from companion.app.widgets.pacer import MAX_BOX, MIN_BOX, Pacer
from companion.app.widgets.steps.audio import AudioView
from companion.app.widgets.steps.breathing import BreathingView
from companion.audio import pcm
from companion.audio.catalog import load_catalog
from companion.audio.pcm import gain_for_volume
from companion.audio.player import END_OF_TRACK, REASONS, Player
from companion.breathing import DONE
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.script.model import BreathingPattern, BreathingStep
from companion.settings import settings_path
from tests.helpers.apps import (
    NOW,
    fake_player,
    fixture_library,
    make_app,
    open_first,
    step_id,
    sync,
    text_of,
)
from tests.helpers.sound import (
    captured,
    captured_size,
    gone,
    needs_sound,
    wait_for,
)

SIZE = (80, 24)


async def to_audio(pilot: Pilot[int]) -> AudioView:
    await open_first(pilot, "Week reflection")
    await pilot.press("ctrl+n")
    assert step_id(pilot) == "listen"
    return pilot.app.screen.query_one(AudioView)


async def until(pilot: Pilot[int], condition: object, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.02)


def app_sound(pilot: Pilot[int]) -> CompanionApp:
    app = pilot.app
    assert isinstance(app, CompanionApp)
    return app


@sync
async def test_no_player_until_a_step_needs_sound() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Week reflection")
        assert not app.sound.started  # the info step needs no sound: no child process
        await pilot.press("ctrl+n")
        assert app.sound.started and app.sound.player.pid is not None  # started, ready for Play


@sync
async def test_play_pause_and_volume_on_the_audio_step() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        assert str(app.screen.query_one("#play", Button).label) == "Play"
        assert text_of(pilot, "#track-title") == "Soft rain"
        assert "7 of 10" in text_of(pilot, "#volume")
        await pilot.press("space")
        assert app.sound.status().state == "playing"
        assert str(app.screen.query_one("#play", Button).label) == "Pause"
        await pilot.pause(1.1)
        assert text_of(pilot, "#elapsed").startswith("Playing · 0:01")
        await pilot.press("space")
        assert app.sound.status().state == "paused"
        assert text_of(pilot, "#elapsed").startswith("Paused · 0:01")
        await pilot.press("plus")
        assert app.sound.status().volume == 8 and "8 of 10" in text_of(pilot, "#volume")
        await pilot.press("minus", "left_square_bracket")
        assert app.sound.status().volume == 6 and "6 of 10" in text_of(pilot, "#volume")
        await pilot.click("#play")
        assert app.sound.status().state == "playing"
        assert text_of(pilot, "#sound-note") == ""


@sync
async def test_the_track_stops_after_its_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AudioView, "limit", property(lambda self: 0.4))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await to_audio(pilot)
        await pilot.press("space")
        await until(pilot, lambda: view.ended)
        assert app.sound.status().state == "stopped"
        assert text_of(pilot, "#sound-note") == END_OF_TRACK
        assert str(app.screen.query_one("#play", Button).label) == "Play again"
        await pilot.press("space")
        assert app.sound.status().state == "playing" and not view.ended


@pytest.mark.parametrize("leave", ["ctrl+n", "ctrl+b", "home"])
@sync
async def test_sound_stops_when_the_patient_leaves_the_step(leave: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("space")
        assert app.sound.status().state == "playing"
        if leave == "home":
            app.action_home()
        else:
            await pilot.press(leave)
        await pilot.pause()
        assert app.sound.status().state == "stopped"


@needs_sound
@sync
async def test_the_player_is_closed_on_quit(alsa_out: Path) -> None:
    app = make_app(player_factory=Player)
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("space")
        await until(pilot, lambda: captured_size(alsa_out) > 0)
        pid = app.sound.player.pid
        assert pid is not None
        await pilot.press("ctrl+q")
    wait_for(functools.partial(gone, pid), timeout=5)


@sync
async def test_the_player_is_closed_when_the_app_crashes() -> None:
    app = make_app()
    with pytest.raises(RuntimeError, match="something broke"):
        async with app.run_test(size=SIZE) as pilot:
            await to_audio(pilot)
            await pilot.press("space")
            pid = app.sound.player.pid
            assert pid is not None
            app._handle_exception(RuntimeError("something broke"))
            await pilot.pause()
    assert pid is not None
    wait_for(functools.partial(gone, pid), timeout=5)


@sync
async def test_mute_and_volume_are_remembered_across_starts() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("m", "plus")
        assert app.sound.status().muted
        assert text_of(pilot, "#volume").startswith("Volume: muted")
    saved = json.loads(settings_path(locations()).read_text())
    assert saved["muted"] == "true" and saved["volume"] == "8"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        assert not again.sound.started
        await to_audio(pilot)
        status = again.sound.status()
        assert status.muted and status.volume == 8
        await pilot.press("m")
        assert not again.sound.status().muted
        assert "8 of 10" in text_of(pilot, "#volume")


@sync
async def test_m_in_a_text_field_is_a_letter_not_mute() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Evening check-in")
        await pilot.press("m")
        assert app.screen.query_one(TextArea).text == "m"
        assert not app.sound.started


@sync
async def test_no_sound_device_gives_one_calm_line_and_the_step_still_works() -> None:
    app = make_app(player_factory=functools.partial(fake_player, no_device=True))
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("space")
        await until(pilot, lambda: text_of(pilot, "#sound-note") != "")
        assert text_of(pilot, "#sound-note") == REASONS["no-device"]
        said = [w for w in app.screen.query(Static) if REASONS["no-device"] in str(w.content)]
        assert len(said) == 1 and not app._notifications  # one line, no pop-up
        assert not app.screen.query_one("#volume").display
        await pilot.press("space", "plus", "m", "ctrl+n")
        assert step_id(pilot) == "sleep"


def breathing_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(BreathingView, "clock", lambda self: now[0])
    return now


async def to_breathing(pilot: Pilot[int]) -> BreathingView:
    await pilot.press("enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "x", "ctrl+n")
    assert step_id(pilot) == "breathe"
    return pilot.app.screen.query_one(BreathingView)


@sync
async def test_the_pacer_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    now = breathing_clock(monkeypatch)
    app = make_app()
    app.animation_level = "full"
    async with app.run_test(size=SIZE) as pilot:
        view = await to_breathing(pilot)
        pacer = app.screen.query_one(Pacer)
        assert pacer.display and text_of(pilot, "#phase") == "Press Begin when you are ready."
        assert text_of(pilot, "#breaths") == "3 breaths"
        await pilot.press("enter")  # Begin
        expected = [
            (0.0, "Breathe in · 4", "3 breaths left", MIN_BOX),
            (1.2, "Breathe in · 3", "3 breaths left", None),
            (4.5, "Hold · 4", "3 breaths left", MAX_BOX),
            (8.1, "Breathe out · 4", "3 breaths left", MAX_BOX),
            (12.5, "Rest · 4", "3 breaths left", MIN_BOX),
            (16.0, "Breathe in · 4", "2 breaths left", MIN_BOX),
            (32.5, "Breathe in · 4", "Last breath", None),
        ]
        for at, phase, left, box in expected:
            now[0] = 100.0 + at
            view.tick()
            await pilot.pause()
            assert (text_of(pilot, "#phase"), text_of(pilot, "#breaths")) == (phase, left), at
            if box is not None:
                assert pacer.box == box, at
        now[0] = 100.0 + 2.0
        view.tick()
        assert MIN_BOX < pacer.box < MAX_BOX  # half-way in, half grown
        now[0] = 100.0 + 48.0
        view.tick()
        await pilot.pause()
        assert text_of(pilot, "#phase") == DONE
        assert str(app.screen.query_one("#begin", Button).label) == "Begin again"


@sync
async def test_reduced_motion_is_a_still_screen_of_words(monkeypatch: pytest.MonkeyPatch) -> None:
    now = breathing_clock(monkeypatch)
    app = make_app()
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        view = await to_breathing(pilot)
        await pilot.press("space")
        assert not app.screen.query_one(Pacer).display
        assert view._timer is not None and view._timer._interval == 1.0
        now[0] = 100.0 + 5.5
        view.tick()
        await pilot.pause()
        assert text_of(pilot, "#phase") == "Hold · 3"
        await pilot.press("space")  # Stop
        assert text_of(pilot, "#phase") == "Press Begin when you are ready."


def one_step_app(step: BreathingStep, player_factory: PlayerFactory = fake_player) -> CompanionApp:
    """The "Getting ready" fixture script with only ``step``."""
    library = fixture_library()
    loaded = library.scripts["test-before"]
    script = dataclasses.replace(loaded.script, steps=(step,))
    library.scripts["test-before"] = dataclasses.replace(loaded, script=script)
    return create_app(
        library, MemoryStore, locations(), clock=lambda: NOW, player_factory=player_factory
    )


def breathing_step(**kwargs: Any) -> BreathingStep:
    return BreathingStep(
        id="breathe",
        type="breathing",
        prompt="Slowly.",
        pattern=BreathingPattern(inhale=3, exhale=5),
        cycles=2,
        **kwargs,
    )


@sync
async def test_breathing_with_a_track(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step's own pattern, its background track, and its volume line."""
    now = breathing_clock(monkeypatch)
    app = one_step_app(breathing_step(sound="drone", cues=True))
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Getting ready")
        view = app.screen.query_one(BreathingView)
        assert text_of(pilot, "#pattern") == "Your breathing: in 3, out 5 (seconds)"
        assert "7 of 10" in text_of(pilot, "#volume")
        await pilot.press("space")
        track = app.sound.status().track
        assert track is not None and track.id == "drone"
        cue = app.sound.cue_player.status().track
        assert cue is not None and cue.id == "cue-inhale"
        now[0] = 103.5
        view.tick()
        track = app.sound.status().track
        assert track is not None and track.id == "drone", "a cue never cuts the track off"
        cue = app.sound.cue_player.status().track
        assert cue is not None and cue.id == "cue-exhale", "and the cue rings over it"
        assert text_of(pilot, "#phase") == "Breathe out · 5"
        await pilot.press("plus")
        assert "8 of 10" in text_of(pilot, "#volume")
        now[0] = 117.0
        view.tick()
        await pilot.pause()
        assert text_of(pilot, "#phase") == DONE
        assert app.sound.status().state == "stopped"


@needs_sound
@sync
async def test_cue_tones_at_the_turn_of_the_breath(
    alsa_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = breathing_clock(monkeypatch)
    app = one_step_app(breathing_step(cues=True), player_factory=Player)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Getting ready")
        view = app.screen.query_one(BreathingView)
        await pilot.press("space")
        track = app.sound.cue_player.status().track
        assert track is not None and track.id == "cue-inhale"
        now[0] = 101.0
        view.tick()
        assert app.sound.cue_player.status().track == track  # no new cue within the phase
        now[0] = 103.2
        view.tick()
        track = app.sound.cue_player.status().track
        assert track is not None and track.id == "cue-exhale"
        await until(pilot, lambda: captured_size(alsa_out) > 0)


@sync
async def test_a_breathing_track_plays_on_under_support_and_stops_on_leaving() -> None:
    """Breathing and audio steps cannot be skipped (Next always goes on); Next stops the track."""
    app = one_step_app(breathing_step(sound="rain"))
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Getting ready")
        await pilot.press("space")
        assert app.sound.status().state == "playing"
        await pilot.press("f1", "escape")  # support, and back: the sound carries on
        assert app.sound.status().state == "playing"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.sound.status().state == "stopped"


def test_mute_is_in_the_command_palette() -> None:
    app = make_app()
    titles = [c.title for c in app.get_system_commands(Screen())]
    assert "Mute or unmute" in titles


@pytest.mark.sound
@needs_sound
@sync
async def test_play_reaches_alsa_at_the_remembered_volume(alsa_out: Path) -> None:
    """Through the real stack: the app's Play puts the track's samples, volume-scaled, into ALSA."""
    app = make_app(player_factory=Player)
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("minus", "minus", "minus")  # 7 -> 4, remembered
    again = make_app(player_factory=Player)
    async with again.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        assert again.sound.status().volume == 4
        await pilot.press("space")
        rain = pcm.read_wav(load_catalog().tracks["rain"].file)
        second = rain.rate * rain.channels * 2
        await until(pilot, lambda: captured_size(alsa_out) >= 3 * second)
        await pilot.press("space")
    data = captured(alsa_out)
    expected = pcm.scaled(rain.samples, gain_for_volume(4)).tobytes()
    # After the one-second fade-in, ALSA got exactly the track's samples at volume 4.
    assert data[second : 2 * second] == expected[second : 2 * second]
    assert data[:second] != expected[:second]  # the fade-in
    assert max(abs(s) for s in memoryview(data[second : 2 * second]).cast("h")) < max(
        abs(s) for s in rain.samples[: rain.rate * rain.channels * 2]
    )


@pytest.mark.parametrize("how", ["killed", "stuck"])
@sync
async def test_a_dead_or_stuck_player_gives_one_calm_line(how: str) -> None:
    app = make_app()
    app.sound.factory = functools.partial(fake_player, hang_after=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await to_audio(pilot)
        await pilot.press("space")
        pid = app.sound.player.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL if how == "killed" else signal.SIGSTOP)
        if how == "stuck":
            await pilot.press("plus")  # a command the child will never answer
            await pilot.pause(0.5)
        reason = REASONS["stopped" if how == "killed" else "hung"]
        await until(pilot, lambda: text_of(pilot, "#sound-note") == reason)
        assert str(app.screen.query_one("#play", Button).label) == "Play"
        await pilot.press("space", "ctrl+n")  # Play is a quiet no-op; the walk goes on
        assert step_id(pilot) == "sleep"
    wait_for(functools.partial(gone, pid), timeout=5)
