"""16-bit sample helpers in pure Python (the ``array`` module): reading WAVs, gain and ramps.

The app itself must not need numpy, so the player's child process uses only these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.settings import Settings

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

MAX_VOLUME = 10
"""Volume steps run from 0 (silent) to this (the file as it is)."""
DEFAULT_VOLUME = 7
"""The volume before the patient has chosen one."""
STEP_DB = 3.0
"""Each volume step is this many decibels."""


def gain_for_volume(volume: int) -> float:
    """The amplitude factor for a volume step: 1.0 at the top, 3 dB less per step, 0 at 0."""
    volume = max(0, min(MAX_VOLUME, volume))
    if volume == 0:
        return 0.0
    return float(10 ** ((volume - MAX_VOLUME) * STEP_DB / 20))


@dataclass(frozen=True)
class Sound:
    """A decoded 16-bit WAV."""

    samples: array.array[int]
    """Interleaved samples in the machine's byte order."""
    rate: int
    """Frames per second."""
    channels: int
    """1 (mono) or 2 (stereo)."""

    @property
    def frames(self) -> int:
        """Frames in the sound (one sample per channel each)."""
        return len(self.samples) // self.channels


class SoundFileError(Exception):
    """The file is not a sound the player can play."""


def read_wav(path: Path) -> Sound:
    """Read a 16-bit PCM WAV (mono or stereo)."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() not in (1, 2):
                raise SoundFileError(f"{path.name} is not 16-bit mono or stereo")
            data = wav.readframes(wav.getnframes())
            rate, channels = wav.getframerate(), wav.getnchannels()
    except (OSError, EOFError, wave.Error) as exc:
        raise SoundFileError(f"{path.name} cannot be read: {exc}") from exc
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % (2 * channels)])
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        raise SoundFileError(f"{path.name} holds no sound")
    return Sound(samples, rate, channels)


def duration_of(path: Path) -> float | None:
    """Seconds of sound in a WAV, from its header alone; None if it cannot be read."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / wav.getframerate()
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None


def _clamp(value: int) -> int:
    return -32768 if value < -32768 else 32767 if value > 32767 else value


def scaled(samples: array.array[int], gain: float) -> array.array[int]:
    """Every sample times ``gain``, rounded down and kept within 16 bits."""
    if gain == 1.0:
        return array.array("h", samples)
    floor = math.floor
    # Generators, not lists: a list of a track's samples as Python ints is some 36 bytes a
    # sample, about twenty times the track itself.
    if 0.0 <= gain <= 1.0:
        return array.array("h", (floor(s * gain) for s in samples))
    return array.array("h", (_clamp(floor(s * gain)) for s in samples))


def ramped(samples: array.array[int], start: float, end: float, channels: int) -> array.array[int]:
    """Samples with a gain moving in a straight line from ``start`` to ``end`` across them."""
    frames = max(1, len(samples) // channels)
    floor = math.floor
    out = array.array("h", samples)
    for i in range(len(out)):
        gain = start + (end - start) * ((i // channels) / frames)
        out[i] = _clamp(floor(out[i] * gain))
    return out


def to_bytes(samples: array.array[int]) -> bytes:
    """Little-endian bytes, as ALSA is given them."""
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def remembered_sound(settings: Settings) -> tuple[int, bool]:
    """The volume and mute the patient chose last time (the defaults before they chose)."""
    volume = DEFAULT_VOLUME if settings.volume is None else settings.volume
    return max(0, min(MAX_VOLUME, volume)), bool(settings.muted)
