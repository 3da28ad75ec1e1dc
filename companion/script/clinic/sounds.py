"""Checks for a pack's own sound files: the same format, length, level and size rules the
bundled sounds are held to, in words a clinic can act on."""

from __future__ import annotations

import array
import math
import sys
import wave
from pathlib import Path

RATES = (8000, 48000)
"""Lowest and highest frame rate accepted."""
MIN_SECONDS = 0.2
MAX_SECONDS = 30 * 60
MAX_BYTES = 20 * 1024 * 1024
PEAK_DBFS = -0.5
"""A peak above this is taken for clipping."""
LOUDNESS_DBFS = (-45.0, -12.0)
"""The bundled tracks sit near -22 dBFS RMS; quieter than the low end is near silence, louder than
the high end would startle a resting patient."""
_SAMPLE_LIMIT = 2_000_000


def _dbfs(value: float) -> float:
    return 20 * math.log10(max(value, 1e-9) / 32768)


def check_wav(path: Path) -> list[str]:
    """What is wrong with one sound file, one sentence per problem; empty when it is fine."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [f"cannot be read: {exc.strerror or exc}"]
    if size > MAX_BYTES:
        return [f"is {size:,} bytes; a sound may be at most {MAX_BYTES:,} bytes (20 MiB)"]
    try:
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            frames, compression = wav.getnframes(), wav.getcomptype()
            if width != 2 or channels not in (1, 2) or compression != "NONE":
                return [
                    "is not a 16-bit PCM WAV in mono or stereo; export it again as "
                    "'WAV, signed 16-bit PCM'"
                ]
            step = max(1, (frames * channels) // _SAMPLE_LIMIT)
            data = wav.readframes(frames)
    except (OSError, EOFError, wave.Error) as exc:
        return [f"is not a WAV file that can be read ({exc}); export it again as 16-bit PCM WAV"]
    problems = []
    if not RATES[0] <= rate <= RATES[1]:
        problems.append(f"plays at {rate:,} frames a second; use 22,050, 44,100 or 48,000")
        return problems
    seconds = frames / rate
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        problems.append(
            f"lasts {seconds:.1f} seconds; a sound may last {MIN_SECONDS} seconds to "
            f"{MAX_SECONDS // 60} minutes"
        )
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        return [*problems, "holds no sound"]
    picked = samples[::step]
    peak = max(abs(s) for s in picked)
    rms = math.sqrt(sum(s * s for s in picked) / len(picked))
    if _dbfs(peak) > PEAK_DBFS:
        problems.append("clips (its loudest moments reach full scale); lower its level a little")
    low, high = LOUDNESS_DBFS
    if _dbfs(rms) < low:
        problems.append(
            f"is nearly silent ({_dbfs(rms):.0f} dBFS on average); raise it to about -22 dBFS"
        )
    elif _dbfs(rms) > high:
        problems.append(
            f"is very loud ({_dbfs(rms):.0f} dBFS on average); lower it to about -22 dBFS, "
            "like the bundled sounds"
        )
    return problems
