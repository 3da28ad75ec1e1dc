"""The player through the real sound stack: simpleaudio -> ALSA -> the `file` plugin.

A test-only ``~/.asoundrc`` points ALSA's default device at its ``file`` plugin, which writes the
exact bytes it is given. With ``truncate false`` each opening of the device (one per buffer that
simpleaudio plays) writes a new file ``out.raw``, ``out.raw.0001``, ...; read in order they are
everything that reached ALSA. The null device does not keep time, so the tests look at bytes, not
at durations.
"""

from __future__ import annotations

import array
import math
import os
import random
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from companion.audio.catalog import Track
from companion.audio.player import REASONS, Player
from tests.helpers.sound import captured, gone, needs_sound, wait_for

pytestmark = pytest.mark.sound
RATE = 22050


@pytest.fixture
def tone(tmp_path: Path) -> tuple[Track, array.array[int]]:
    """0.25 s of noise that touches both ends of the 16-bit range."""
    rnd = random.Random(5)
    samples = array.array("h", [rnd.randint(-32768, 32767) for _ in range(RATE // 4)])
    samples[10], samples[11] = -32768, 32767
    path = tmp_path / "tone.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())
    return Track("tone", "Tone", path, False, "", ""), samples


@needs_sound
def test_exact_samples_reach_alsa_at_full_volume(
    alsa_out: Path, tone: tuple[Track, array.array[int]]
) -> None:
    track, samples = tone
    with Player() as player:
        player.play(track, volume=10, fade_in=0)
        wait_for(lambda: player.status().state == "stopped")
        assert player.available
    assert captured(alsa_out) == samples.tobytes()


@needs_sound
def test_lower_volume_scales_the_samples(
    alsa_out: Path, tone: tuple[Track, array.array[int]]
) -> None:
    track, samples = tone
    with Player() as player:
        player.play(track, volume=6, fade_in=0)
        wait_for(lambda: player.status().state == "stopped")
    gain = 10 ** (-12 / 20)  # four 3 dB steps below the top
    expected = array.array("h", [math.floor(s * gain) for s in samples])
    assert captured(alsa_out) == expected.tobytes()


@needs_sound
def test_fade_in_rises_to_the_samples(alsa_out: Path, tone: tuple[Track, array.array[int]]) -> None:
    track, samples = tone
    with Player(volume=10) as player:
        player.play(track, fade_in=0.1)
        wait_for(lambda: player.status().state == "stopped")
    got = array.array("h", captured(alsa_out))
    ramp = int(0.1 * RATE)
    assert got[ramp:] == samples[ramp:]
    assert got[0] == 0 and all(abs(g) <= abs(s) for g, s in zip(got, samples, strict=True))
    assert abs(got[ramp // 4]) <= abs(samples[ramp // 4]) * 0.3


@needs_sound
def test_muted_sends_silence(alsa_out: Path, tone: tuple[Track, array.array[int]]) -> None:
    track, samples = tone
    with Player(volume=10, muted=True) as player:
        player.play(track, fade_in=0)
        wait_for(lambda: player.status().state == "stopped")
    assert captured(alsa_out) == bytes(2 * len(samples))


@needs_sound
def test_loop_repeats_the_track_until_stopped(
    alsa_out: Path, tone: tuple[Track, array.array[int]]
) -> None:
    track, samples = tone
    one = samples.tobytes()
    with Player() as player:
        player.play(track, loop=True, volume=10, fade_in=0)
        wait_for(lambda: len(captured(alsa_out)) > 3 * len(one))
        player.stop(fade_out=0.05)
        data = captured(alsa_out)
        assert data[: len(one)] == one
        assert data[len(one) : 2 * len(one)] == one
        assert data[2 * len(one) : 3 * len(one)] == one
        time.sleep(0.3)  # the fade-out tail is written
        settled = len(captured(alsa_out))
        time.sleep(0.5)
        assert len(captured(alsa_out)) == settled
        assert player.status().state == "stopped"


@needs_sound
def test_no_sound_device_gives_one_calm_reason_and_no_alsa_text(
    capfd: pytest.CaptureFixture[str], tone: tuple[Track, array.array[int]]
) -> None:
    track, _ = tone
    with Player() as player:
        player.play(track)
        wait_for(lambda: not player.available)
        assert player.unavailable_reason == REASONS["no-device"]
        assert player.unavailable_reason.startswith("Sound is not available on this computer: ")
        player.play(track)  # everything is now a quiet no-op
        player.volume_up()
        player.toggle_mute()
        player.pause()
        player.resume()
        player.stop()
        assert player.status().state == "stopped"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@needs_sound
def test_killed_child_makes_sound_unavailable_and_is_reaped(
    alsa_out: Path, tone: tuple[Track, array.array[int]]
) -> None:
    track, _ = tone
    with Player() as player:
        player.play(track, loop=True)
        wait_for(lambda: len(captured(alsa_out)) > 0)
        pid = player.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not player.available)
        assert player.unavailable_reason == REASONS["stopped"]
        wait_for(lambda: gone(pid), timeout=5)
        player.play(track)
        assert player.pid is None


@needs_sound
def test_stuck_child_is_given_up_and_killed(
    alsa_out: Path, tone: tuple[Track, array.array[int]]
) -> None:
    track, _ = tone
    with Player(hang_after=0.3) as player:
        player.play(track, loop=True)
        wait_for(lambda: len(captured(alsa_out)) > 0)
        pid = player.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        player.volume_down()
        time.sleep(0.4)
        began = time.monotonic()
        assert player.unavailable_reason == REASONS["hung"]
        assert time.monotonic() - began < 0.05
        wait_for(lambda: gone(pid), timeout=5)


def test_missing_simpleaudio_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tone: tuple[Track, array.array[int]]
) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "simpleaudio.py").write_text("raise ImportError('hidden for a test')\n")
    monkeypatch.setenv("PYTHONPATH", str(shim))
    with Player() as player:
        player.play(tone[0])
        wait_for(lambda: not player.available)
        assert player.unavailable_reason == REASONS["not-installed"]


@needs_sound
def test_child_exits_when_its_stdin_closes(alsa_out: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "companion.audio._child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline() == b'{"event": "ready"}\n'
    child.stdin.close()
    assert child.wait(timeout=5) == 0


@needs_sound
def test_close_ends_the_child(alsa_out: Path, tone: tuple[Track, array.array[int]]) -> None:
    player = Player()
    player.play(tone[0], loop=True)
    wait_for(lambda: len(captured(alsa_out)) > 0)
    pid = player.pid
    assert pid is not None
    player.close()
    assert gone(pid)
    player.play(tone[0])  # a closed player stays quiet
    assert player.pid is None


@needs_sound
def test_unknown_track_is_a_problem_not_an_exception(alsa_out: Path) -> None:
    with Player() as player:
        player.play("no-such-sound")
        assert player.status().problem == "There is no sound called 'no-such-sound'."
        assert player.pid is None


def test_answered_tells_when_the_child_has_replied_to_play() -> None:
    """What the plain mode waits on after Play, to say at once that there is no sound."""
    from companion.audio.catalog import load_catalog
    from tests.helpers.apps import fake_player

    for no_device, available in ((False, True), (True, False)):
        player = fake_player(load_catalog(), no_device=no_device)
        try:
            assert player.answered  # nothing asked yet
            player.play("rain")
            wait_for(lambda p=player: p.answered)  # type: ignore[misc]
            assert player.available is available
            assert (player.unavailable_reason == REASONS["no-device"]) is not available
        finally:
            player.close()
