"""Signal helpers for the synthesiser (numpy; used at build time only, never by the app).

Every track is built to be periodic: noise is shaped in the frequency domain over exactly one loop
(so it wraps round by itself), slow modulations complete whole cycles per loop, and sound events
that ring past the end are folded back onto the start (their tail overlaps the head, as it would
if the loop had been playing before). The last sample therefore flows into the first exactly as
any sample flows into the next.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

Signal = npt.NDArray[np.float64]
RATE = 22050
"""Samples per second of every file the synthesiser writes."""


def seconds(n: int) -> Signal:
    """The time of each of ``n`` samples, in seconds."""
    return np.arange(n, dtype=np.float64) / RATE


def shaped_noise(rng: np.random.Generator, n: int, magnitude: Callable[[Signal], Signal]) -> Signal:
    """Periodic noise of ``n`` samples whose spectrum follows ``magnitude(frequency_hz)``; RMS 1."""
    freqs = np.fft.rfftfreq(n, 1.0 / RATE)
    spectrum = rng.standard_normal(freqs.size) + 1j * rng.standard_normal(freqs.size)
    shaped = spectrum * magnitude(np.maximum(freqs, 1e-3))
    shaped[0] = 0.0
    out = np.fft.irfft(shaped, n)
    return out / float(np.sqrt(np.mean(out**2)))


def lowpass(cutoff: float, order: int = 2) -> Callable[[Signal], Signal]:
    """A gentle Butterworth-like low-pass magnitude response."""
    return lambda f: 1.0 / np.sqrt(1.0 + (f / cutoff) ** (2 * order))


def highpass(cutoff: float, order: int = 2) -> Callable[[Signal], Signal]:
    """A gentle Butterworth-like high-pass magnitude response."""
    return lambda f: 1.0 / np.sqrt(1.0 + (cutoff / f) ** (2 * order))


def add_wrapped(out: Signal, start: int, event: Signal) -> None:
    """Mix ``event`` into the loop ``out`` from ``start``, folding what rings past the end round."""
    n = out.size
    position = start % n
    remaining = event
    while remaining.size:
        take = min(n - position, remaining.size)
        out[position : position + take] += remaining[:take]
        remaining = remaining[take:]
        position = 0


def loop_lfo(n: int, cycles: int, phase: float) -> Signal:
    """A sine that completes exactly ``cycles`` turns over the loop (so it wraps seamlessly)."""
    return np.sin(2 * np.pi * cycles * np.arange(n) / n + phase)


def loop_frequency(freq: float, n: int) -> float:
    """The nearest frequency that completes a whole number of cycles in the loop."""
    loop_seconds = n / RATE
    return round(freq * loop_seconds) / loop_seconds


def db(value: float) -> float:
    """Amplitude ratio to decibels."""
    return 20.0 * float(np.log10(max(value, 1e-12)))


def level(signal: Signal, rms_dbfs: float, ceiling_dbfs: float) -> Signal:
    """Scale to ``rms_dbfs``; round off any peak above ``ceiling_dbfs`` with a soft knee."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    knee = ceiling * 0.7
    out = signal
    for _ in range(4):
        rms = float(np.sqrt(np.mean(out**2)))
        if rms == 0.0:
            return out
        out = out * (10 ** (rms_dbfs / 20) / rms)
        over = np.abs(out) > knee
        if not over.any():
            break
        span = ceiling - knee
        soft = knee + span * np.tanh((np.abs(out[over]) - knee) / span)
        out[over] = np.sign(out[over]) * soft
    return out


def peak_level(signal: Signal, peak_dbfs: float) -> Signal:
    """Scale so that the highest peak sits at ``peak_dbfs`` (for short cues)."""
    return signal * (10 ** (peak_dbfs / 20) / float(np.max(np.abs(signal))))


def to_pcm16(signal: Signal) -> bytes:
    """Full scale 1.0 to little-endian 16-bit samples, rounded and clamped."""
    samples = np.clip(np.round(signal * 32767.0), -32768, 32767).astype("<i2")
    return samples.tobytes()


def write_wav(path: Path, pcm: bytes) -> None:
    """Write mono 16-bit samples at :data:`RATE`."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
