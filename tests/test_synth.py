"""The committed sound files: format, length, size, level, loudness and seamless loops.

Files are read with the standard library (``wave``, ``array``) so the checks do not share code with
the synthesiser that made them.
"""

from __future__ import annotations

import array
import itertools
import math
import sys
import wave
from pathlib import Path

import pytest

from companion.paths import bundled

SOUNDS = bundled("sounds")
TRACKS = ["rain", "surf", "drone", "bowl"]
CUES = ["cue-inhale", "cue-exhale"]
RATE = 22050
WINDOW = int(0.02 * RATE)


def read(name: str) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(str(SOUNDS / f"{name}.wav"), "rb") as wav:
        params = wav.getparams()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


def dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1e-9) / 32768)


def rms(samples: array.array[int] | list[int]) -> float:
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def diff_rms(samples: list[int]) -> float:
    """RMS of the sample-to-sample differences: a cheap measure of brightness."""
    return math.sqrt(sum((b - a) ** 2 for a, b in itertools.pairwise(samples)) / len(samples))


@pytest.mark.parametrize("name", TRACKS + CUES)
def test_format(name: str) -> None:
    params, samples = read(name)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
    assert params.comptype == "NONE"
    assert len(samples) == params.nframes


@pytest.mark.parametrize("name", TRACKS)
def test_track_length_size_peak_and_loudness(name: str) -> None:
    _, samples = read(name)
    assert 30 <= len(samples) / RATE <= 60
    assert (SOUNDS / f"{name}.wav").stat().st_size < 3_000_000
    assert dbfs(max(abs(s) for s in samples)) <= -1.0
    assert -24.0 <= dbfs(rms(samples)) <= -20.0


def test_tracks_are_equally_loud() -> None:
    levels = [dbfs(rms(read(name)[1])) for name in TRACKS]
    assert max(levels) - min(levels) <= 2.0


@pytest.mark.parametrize("name", CUES)
def test_cues_are_short_soft_and_end_in_silence(name: str) -> None:
    _, samples = read(name)
    assert 0.3 <= len(samples) / RATE < 1.5
    assert dbfs(max(abs(s) for s in samples)) <= -3.0
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200


@pytest.mark.parametrize("name", TRACKS)
def test_loop_seam_is_like_any_other_moment(name: str) -> None:
    _, samples = read(name)
    tail = list(samples[-WINDOW:])
    head = list(samples[:WINDOW])
    across = tail + head
    jumps = sorted(abs(b - a) for a, b in itertools.pairwise(across))
    seam_jump = abs(head[0] - tail[-1])
    assert seam_jump <= jumps[int(len(jumps) * 0.999)]
    inside = [abs(b - a) for a, b in itertools.pairwise(samples)]
    assert seam_jump <= sorted(inside)[int(len(inside) * 0.999)]
    assert abs(dbfs(rms(tail)) - dbfs(rms(head))) <= 3.0
    assert abs(dbfs(diff_rms(tail)) - dbfs(diff_rms(head))) <= 3.0
    # The seam window itself is like the windows beside it.
    straddle = tail[WINDOW // 2 :] + head[: WINDOW // 2]
    assert abs(dbfs(rms(straddle)) - dbfs(rms(tail + head))) <= 2.0


def test_synthesis_is_reproducible() -> None:
    pytest.importorskip("numpy")
    from companion.audio import synth

    for name in TRACKS + CUES:
        first = synth.render(name, seed=7, seconds=1.0)
        assert first == synth.render(name, seed=7, seconds=1.0)
        assert len(first) == 2 * RATE
    assert synth.render("rain", seed=7, seconds=1.0) != synth.render("rain", seed=8, seconds=1.0)


def test_committed_files_are_what_the_synthesiser_makes(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    from companion.audio import synth

    assert synth.main([str(tmp_path)]) == 0
    for name in [*TRACKS, *CUES, "catalog"]:
        suffix = ".yaml" if name == "catalog" else ".wav"
        fresh = (tmp_path / f"{name}{suffix}").read_bytes()
        assert fresh == (SOUNDS / f"{name}{suffix}").read_bytes(), f"run `make sounds` ({name})"
