"""The project's own sound synthesiser: ``python -m companion.audio.synth sounds``.

Seeded and reproducible, so the bundled sounds are ours to license and anyone can rebuild them
(``make sounds``). Needs numpy (a development dependency); the app itself never imports this.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from companion.audio import dsp
from companion.audio.dsp import RATE, Signal

SEED = 20260524
TRACK_RMS_DBFS = -21.0
CEILING_DBFS = -1.5
CUE_PEAK_DBFS = -6.0
CREDIT = "Made by the companion project's own synthesiser (licence: the project's)."


def rain(rng: np.random.Generator, n: int) -> Signal:
    """Sparse droplets (small bubbles that ring and rise in pitch) over soft, warm noise."""
    bed = dsp.shaped_noise(
        rng, n, lambda f: dsp.lowpass(1800.0)(f) * dsp.highpass(120.0)(f) / np.sqrt(f / 100.0)
    )
    hiss = dsp.shaped_noise(rng, n, lambda f: dsp.highpass(2500.0)(f) * dsp.lowpass(6000.0)(f))
    swell = 1.0 + 0.12 * dsp.loop_lfo(n, 2, rng.uniform(0, 6.28))
    swell += 0.06 * dsp.loop_lfo(n, 5, rng.uniform(0, 6.28))
    out = (bed * 0.8 + hiss * 0.12) * swell
    drops = np.zeros(n)
    count = int(n / RATE * 7)
    for start in rng.integers(0, n, count):
        near = rng.random() < 0.15
        f0 = float(np.exp(rng.uniform(np.log(1300), np.log(3400)))) * (0.7 if near else 1.0)
        tau = rng.uniform(0.006, 0.014) * (1.8 if near else 1.0)
        t = dsp.seconds(int(tau * 6 * RATE))
        chirp = 2 * np.pi * f0 * (t + 0.5 * t**2 / (tau * 4))
        attack = np.minimum(1.0, t / 0.0015)
        gain = float(rng.lognormal(-0.6, 0.5)) * (1.6 if near else 1.0)
        dsp.add_wrapped(drops, int(start), gain * attack * np.exp(-t / tau) * np.sin(chirp))
    return out + 0.55 * drops


def surf(rng: np.random.Generator, n: int) -> Signal:
    """Waves: a low roar that swells and ebbs, brightening with spray at each crest."""
    rumble = dsp.shaped_noise(rng, n, lambda f: dsp.lowpass(450.0)(f) * dsp.highpass(40.0)(f))
    spray = dsp.shaped_noise(rng, n, lambda f: dsp.highpass(700.0, 1)(f) * dsp.lowpass(3500.0)(f))
    envelope = np.zeros(n)
    at = 0.0
    loop = n / RATE
    while at < loop:
        rise = rng.uniform(2.5, 4.0)
        t = dsp.seconds(int((rise + 10.0) * RATE))
        up = np.sin(np.pi / 2 * np.minimum(t / rise, 1.0)) ** 2
        down = np.where(t < rise, 1.0, np.exp(-(t - rise) / rng.uniform(2.0, 3.0)))
        dsp.add_wrapped(envelope, int(at * RATE), rng.uniform(0.6, 1.0) * up * down)
        at += rng.uniform(7.5, 11.0)
    envelope /= float(envelope.max())
    return rumble * (0.35 + 0.65 * envelope) + spray * (0.03 + 0.4 * envelope**2)


def drone(rng: np.random.Generator, n: int) -> Signal:
    """Warm low partials, each a few detuned voices that beat slowly against each other."""
    t = dsp.seconds(n)
    root = 73.42  # D2
    partials = [(1.0, 1.0), (2.0, 0.7), (3.0, 0.42), (4.0, 0.22), (5.0, 0.1), (6.0, 0.08)]
    partials.append((1.5, 0.22))  # a soft fifth for warmth
    out = np.zeros(n)
    for ratio, amp in partials:
        beat = rng.uniform(0.12, 0.4)
        sway = 1.0 + 0.2 * dsp.loop_lfo(n, int(rng.integers(1, 4)), rng.uniform(0, 6.28))
        for offset, share in ((-beat / 2, 0.25), (0.0, 0.5), (beat / 2, 0.25)):
            freq = dsp.loop_frequency(root * ratio + offset, n)
            out += amp * share * sway * np.sin(2 * np.pi * freq * t + rng.uniform(0, 6.28))
    air = dsp.shaped_noise(rng, n, dsp.lowpass(300.0))
    return out + 0.05 * air * (1.0 + 0.5 * dsp.loop_lfo(n, 3, 0.0))


BOWL_MODES = [(1.0, 1.0, 24.0), (2.76, 0.4, 12.0), (5.40, 0.16, 6.0), (8.93, 0.06, 3.5)]
"""A singing bowl's inharmonic modes: (frequency ratio, amplitude, seconds to fall 60 dB)."""


def _strike(rng: np.random.Generator, f0: float, strength: float) -> Signal:
    longest = max(mode[2] for mode in BOWL_MODES)
    t = dsp.seconds(int(longest * RATE))
    out = np.zeros(t.size)
    for ratio, amp, t60 in BOWL_MODES:
        split = rng.uniform(0.5, 1.5) * ratio**0.5  # each mode is a doublet that beats
        decay = np.exp(-6.91 * t / t60)
        for freq in (f0 * ratio, f0 * ratio + split):
            out += amp / 2 * decay * np.sin(2 * np.pi * freq * t + rng.uniform(0, 6.28))
    out *= np.minimum(1.0, t / 0.006)  # a soft mallet, no click
    out[-RATE:] *= np.linspace(1.0, 0.0, RATE)
    return strength * out


def bowl(rng: np.random.Generator, n: int) -> Signal:
    """Two singing bowls struck now and then, each ringing long with slow beating."""
    out = np.zeros(n)
    bowls = [185.0, 277.2]  # F#3 and C#4, a fifth apart
    loop = n / RATE
    at = min(rng.uniform(1.5, 2.5), loop / 4)
    which = 0
    while True:  # at least one strike, however short the loop
        dsp.add_wrapped(out, int(at * RATE), _strike(rng, bowls[which], rng.uniform(0.6, 1.0)))
        which = 1 - which if rng.random() < 0.8 else which
        at += rng.uniform(6.5, 10.5)
        if at >= loop - 1.5:
            break
    return out


def _chime(notes: list[tuple[float, float]], length: float) -> Signal:
    t = dsp.seconds(int(length * RATE))
    out = np.zeros(t.size)
    for start, freq in notes:
        u = np.maximum(t - start, 0.0)
        on = (t >= start) * np.minimum(1.0, u / 0.02)
        tone = np.sin(2 * np.pi * freq * u) + 0.12 * np.sin(2 * np.pi * freq * 2.76 * u)
        out += on * np.exp(-u / 0.35) * tone
    fade = int(0.15 * RATE)
    out[-fade:] *= np.linspace(1.0, 0.0, fade)
    return out


def cue_inhale(rng: np.random.Generator, n: int) -> Signal:
    """A soft rising chime: A4 then E5."""
    return _chime([(0.0, 440.0), (0.22, 659.26)], n / RATE)


def cue_exhale(rng: np.random.Generator, n: int) -> Signal:
    """A soft falling chime: E5 then A4."""
    return _chime([(0.0, 659.26), (0.22, 440.0)], n / RATE)


@dataclass(frozen=True)
class Recipe:
    """How one catalog entry is made."""

    id: str
    title: str
    description: str
    seconds: float
    make: Callable[[np.random.Generator, int], Signal]
    loop: bool = True


RECIPES = [
    Recipe("rain", "Soft rain", "Gentle rain falling close by.", 40.0, rain),
    Recipe("surf", "Ocean surf", "Slow waves rolling in and out.", 48.0, surf),
    Recipe("drone", "Warm drone", "A low, warm hum that slowly shimmers.", 40.0, drone),
    Recipe("bowl", "Singing bowls", "Two singing bowls, struck now and then.", 45.0, bowl),
    Recipe("cue-inhale", "Breathe in", "A soft rising chime.", 1.3, cue_inhale, loop=False),
    Recipe("cue-exhale", "Breathe out", "A soft falling chime.", 1.3, cue_exhale, loop=False),
]


def render(track_id: str, seed: int = SEED, seconds: float | None = None) -> bytes:
    """The track's 16-bit samples; the same seed always gives the same bytes."""
    recipe = next(r for r in RECIPES if r.id == track_id)
    index = RECIPES.index(recipe)
    rng = np.random.default_rng([seed, index])
    n = round((recipe.seconds if seconds is None else seconds) * RATE)
    signal = recipe.make(rng, n)
    if recipe.loop:
        signal = dsp.level(signal, TRACK_RMS_DBFS, CEILING_DBFS)
    else:
        signal = dsp.peak_level(signal, CUE_PEAK_DBFS)
    return dsp.to_pcm16(signal)


def catalog_text() -> str:
    """``catalog.yaml`` for the recipes."""
    lines = [
        "# Written by `python -m companion.audio.synth sounds` (make sounds); edit the recipes,",
        "# not this file.",
        "tracks:",
    ]
    for recipe in RECIPES:
        lines += [
            f"  - id: {recipe.id}",
            f"    title: {recipe.title}",
            f"    file: {recipe.id}.wav",
            f"    loop: {'true' if recipe.loop else 'false'}",
            f"    description: {recipe.description}",
            f'    credit: "{CREDIT}"',
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every track and ``catalog.yaml`` into the folder given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    for recipe in RECIPES:
        began = time.perf_counter()
        pcm = render(recipe.id, args.seed)
        dsp.write_wav(folder / f"{recipe.id}.wav", pcm)
        print(f"{recipe.id}.wav  {len(pcm) / 1e6:.2f} MB  {time.perf_counter() - began:.2f} s")
    (folder / "catalog.yaml").write_text(catalog_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
