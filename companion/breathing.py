"""The breathing pacer's phase as a pure function of elapsed time, and how a breathing step's
rhythm reads in words.

The screen asks :func:`phase_at` on every timer tick with the time since the exercise began (read
from a monotonic clock, never accumulated from ticks), so the pacer cannot drift however long it
runs, and a frozen screen (reduced motion) shows the same phase word and count as a moving one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from companion.script.model import BreathingStep

Phase = Literal["inhale", "hold", "exhale", "rest"]
PhaseName = Literal["inhale", "hold", "exhale", "rest", "done"]

_EPS = 1e-9
"""Times this close to a boundary count as on it (floating-point sums of tenths are inexact)."""


@dataclass(frozen=True)
class Pattern:
    """How long each part of one breath lasts, in seconds; a part of zero length is skipped."""

    inhale: float
    """Breathing in: the pacer grows."""
    hold: float = 0.0
    """Holding the breath in: the pacer stays large."""
    exhale: float = 0.0
    """Breathing out: the pacer shrinks."""
    rest: float = 0.0
    """Resting with empty lungs: the pacer stays small."""

    def __post_init__(self) -> None:
        for name in ("inhale", "hold", "exhale", "rest"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a number of seconds, zero or more")
        if self.period <= 0:
            raise ValueError("a breath must last some time")

    @property
    def period(self) -> float:
        """Seconds in one whole breath."""
        return self.inhale + self.hold + self.exhale + self.rest

    @property
    def phases(self) -> tuple[tuple[Phase, float], ...]:
        """The parts of one breath that last some time, in order."""
        parts: tuple[tuple[Phase, float], ...] = (
            ("inhale", self.inhale),
            ("hold", self.hold),
            ("exhale", self.exhale),
            ("rest", self.rest),
        )
        return tuple(part for part in parts if part[1] > 0)


_COHERENT_HALF = 60.0 / 5.5 / 2.0

PRESETS: dict[str, Pattern] = {
    "box": Pattern(inhale=4, hold=4, exhale=4, rest=4),
    "4-7-8": Pattern(inhale=4, hold=7, exhale=8, rest=0),
    "coherent": Pattern(inhale=_COHERENT_HALF, hold=0, exhale=_COHERENT_HALF, rest=0),
}
"""The named patterns scripts may ask for."""


@dataclass(frozen=True)
class PhaseState:
    """Where the pacer is at one moment."""

    phase: PhaseName
    """The part of the breath, or ``done`` after the last cycle."""
    remaining: float
    """Seconds left in this part (0 when done)."""
    count: int
    """The whole seconds shown to the patient ("Breathe in · 4"): at least 1 until done."""
    fraction: float
    """How much of this part has passed, 0..1."""
    size: float
    """The pacer's size, 0 (small) .. 1 (full): grows on inhale, shrinks on exhale."""
    cycle: int
    """Which breath this is, counting from 0 (equals the number of cycles when done)."""
    cycles_left: int | None
    """Breaths still to come including this one, or None when the exercise has no end."""

    @property
    def done(self) -> bool:
        """True once the last breath has ended."""
        return self.phase == "done"


def _ease(fraction: float) -> float:
    """Slow at both ends, like a breath: 0 -> 0, 1 -> 1, rising smoothly."""
    return (1.0 - math.cos(math.pi * fraction)) / 2.0


def _size(phase: Phase, fraction: float) -> float:
    if phase == "inhale":
        return _ease(fraction)
    if phase == "hold":
        return 1.0
    if phase == "exhale":
        return 1.0 - _ease(fraction)
    return 0.0


def phase_at(pattern: Pattern, elapsed: float, cycles: int | None = None) -> PhaseState:
    """The pacer's state ``elapsed`` seconds after the start; ``cycles=None`` never ends."""
    elapsed = max(0.0, elapsed)
    period = pattern.period
    cycle = math.floor(elapsed / period)
    if (cycle + 1) * period - elapsed <= _EPS:
        cycle += 1
    if cycles is not None and cycle >= cycles:
        return PhaseState("done", 0.0, 0, 1.0, 0.0, max(cycles, 0), 0)
    within = max(0.0, elapsed - cycle * period)
    parts = pattern.phases
    start = 0.0
    for index, (phase, length) in enumerate(parts):
        end = start + length
        if within < end - _EPS or index == len(parts) - 1:
            remaining = max(0.0, end - within)
            fraction = min(1.0, max(0.0, (within - start) / length))
            count = max(1, math.ceil(remaining - _EPS))
            left = None if cycles is None else cycles - cycle
            return PhaseState(
                phase, remaining, count, fraction, _size(phase, fraction), cycle, left
            )
        start = end
    raise AssertionError("a pattern always has a phase")  # pragma: no cover


def cycles_for_minutes(pattern: Pattern, minutes: float) -> int:
    """How many whole breaths fill about ``minutes`` (at least one)."""
    if not math.isfinite(minutes) or minutes <= 0:
        return 1
    return max(1, round(minutes * 60.0 / pattern.period))


WORDS = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out", "rest": "Rest"}
CUES = {"inhale": "cue-inhale", "exhale": "cue-exhale"}
"""The chime a step with ``cues: true`` plays as each of these phases begins."""
DONE = "Well done. Go on whenever you are ready."
NAMES = {"box": "Box breathing", "4-7-8": "4-7-8 breathing", "coherent": "Slow, even breathing"}


def pattern_of(step: BreathingStep) -> Pattern:
    if step.pattern is not None:
        p = step.pattern
        return Pattern(inhale=p.inhale, hold=p.hold, exhale=p.exhale, rest=p.rest)
    return PRESETS[step.preset or "box"]


def readable_seconds(seconds: float) -> str:
    """Seconds as a person reads them: whole numbers bare, anything else to the nearest half
    ("5.5" for the coherent rhythm's 5.4545...)."""
    halves = math.floor(seconds * 2 + 0.5) / 2
    if halves == 0:
        halves = round(seconds, 1)
    return f"{halves:g}"


def describe(step: BreathingStep, pattern: Pattern) -> str:
    """ "Box breathing: in 4, hold 4, out 4, rest 4"."""
    parts = ", ".join(
        f"{WORDS[phase].replace('Breathe ', '').lower()} {readable_seconds(seconds)}"
        for phase, seconds in pattern.phases
    )
    name = (
        NAMES.get(step.preset or "", "Your breathing") if step.pattern is None else "Your breathing"
    )
    return f"{name}: {parts} (seconds)"


def breaths_left(state: PhaseState) -> str:
    if state.cycles_left is None:
        return f"Breath {state.cycle + 1}"
    if state.cycles_left == 1:
        return "Last breath"
    return f"{state.cycles_left} breaths left"


def cycles_of(step: BreathingStep) -> int | None:
    """How many breaths the step asks for (``None``: until the patient moves on)."""
    if step.cycles is not None:
        return step.cycles
    if step.minutes is not None:
        return cycles_for_minutes(pattern_of(step), step.minutes)
    return None
