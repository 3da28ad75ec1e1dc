"""The pacer's phase is a pure function of elapsed time: boundaries, no drift, an end."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.breathing import PRESETS, Pattern, cycles_for_minutes, phase_at

BOX = PRESETS["box"]
FOUR_SEVEN_EIGHT = PRESETS["4-7-8"]
COHERENT = PRESETS["coherent"]


@pytest.mark.parametrize(
    ("elapsed", "phase", "count"),
    [
        (0.0, "inhale", 4),
        (0.5, "inhale", 4),
        (3.999, "inhale", 1),
        (4.0, "hold", 4),
        (7.5, "hold", 1),
        (8.0, "exhale", 4),
        (12.0, "rest", 4),
        (15.99, "rest", 1),
        (16.0, "inhale", 4),
    ],
)
def test_box_boundaries(elapsed: float, phase: str, count: int) -> None:
    state = phase_at(BOX, elapsed)
    assert (state.phase, state.count) == (phase, count)


@pytest.mark.parametrize(
    ("elapsed", "phase", "count"),
    [
        (0.0, "inhale", 4),
        (4.0, "hold", 7),
        (10.9, "hold", 1),
        (11.0, "exhale", 8),
        (18.9, "exhale", 1),
        (19.0, "inhale", 4),  # rest 0 is skipped
    ],
)
def test_four_seven_eight_boundaries(elapsed: float, phase: str, count: int) -> None:
    state = phase_at(FOUR_SEVEN_EIGHT, elapsed)
    assert (state.phase, state.count) == (phase, count)


def test_coherent_is_five_and_a_half_breaths_a_minute() -> None:
    assert COHERENT.period * 5.5 == pytest.approx(60.0)
    assert [p for p, _ in COHERENT.phases] == ["inhale", "exhale"]
    half = 60.0 / 11.0
    assert phase_at(COHERENT, 0.0).count == 6
    assert phase_at(COHERENT, half - 0.01).phase == "inhale"
    assert phase_at(COHERENT, half).phase == "exhale"
    assert phase_at(COHERENT, 2 * half).phase == "inhale"
    assert phase_at(COHERENT, 2 * half).cycle == 1


def test_no_drift_over_ten_minutes() -> None:
    # 600 s is exactly 37.5 box breaths, 55 coherent breaths, 31 breaths + 11 s of 4-7-8.
    box = phase_at(BOX, 600.0)
    assert (box.phase, box.cycle, box.count) == ("exhale", 37, 4)
    coherent = phase_at(COHERENT, 600.0)
    assert (coherent.phase, coherent.cycle, coherent.fraction) == ("inhale", 55, 0.0)
    assert phase_at(FOUR_SEVEN_EIGHT, 600.0).phase == "exhale"
    assert phase_at(FOUR_SEVEN_EIGHT, 600.0).cycle == 31


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_ticking_at_30_fps_matches_direct_evaluation(name: str) -> None:
    """A timer that adds up 1/30 s ticks for ten minutes lands where the clock says."""
    pattern = PRESETS[name]
    summed = 0.0
    mismatches = 0
    for tick in range(1, 30 * 600 + 1):
        summed += 1 / 30
        direct = phase_at(pattern, tick / 30)
        stepped = phase_at(pattern, summed)
        if (direct.phase, direct.count, direct.cycle) != (
            stepped.phase,
            stepped.count,
            stepped.cycle,
        ):
            mismatches += 1
        assert direct.size == pytest.approx(stepped.size, abs=1e-6)
    assert mismatches == 0
    assert abs(summed - 600.0) < 1e-6


def test_done_after_the_last_cycle() -> None:
    assert phase_at(BOX, 16 * 3 - 0.01, cycles=3).phase == "rest"
    assert phase_at(BOX, 16 * 3 - 0.01, cycles=3).cycles_left == 1
    end = phase_at(BOX, 16 * 3, cycles=3)
    assert end.done and end.phase == "done" and end.count == 0 and end.cycles_left == 0
    assert phase_at(BOX, 10_000, cycles=3).done
    assert phase_at(BOX, 0.0, cycles=3).cycles_left == 3
    assert phase_at(BOX, 0.0, cycles=None).cycles_left is None


def test_zero_length_phases_are_skipped() -> None:
    pattern = Pattern(inhale=3, hold=0, exhale=0, rest=2)
    assert [p for p, _ in pattern.phases] == ["inhale", "rest"]
    assert phase_at(pattern, 3.0).phase == "rest"
    assert phase_at(pattern, 5.0).phase == "inhale"


def test_size_grows_holds_shrinks_and_rests() -> None:
    assert phase_at(BOX, 0.0).size == 0.0
    assert phase_at(BOX, 1.0).size < phase_at(BOX, 3.0).size
    assert phase_at(BOX, 5.0).size == 1.0
    assert phase_at(BOX, 9.0).size > phase_at(BOX, 11.0).size
    assert phase_at(BOX, 13.0).size == 0.0


def test_bad_patterns_are_refused() -> None:
    with pytest.raises(ValueError):
        Pattern(inhale=0, hold=0, exhale=0, rest=0)
    with pytest.raises(ValueError):
        Pattern(inhale=-1, exhale=4)
    with pytest.raises(ValueError):
        Pattern(inhale=math.nan, exhale=4)


def test_minutes_to_cycles() -> None:
    assert cycles_for_minutes(BOX, 4) == 15
    assert cycles_for_minutes(COHERENT, 10) == 55
    assert cycles_for_minutes(FOUR_SEVEN_EIGHT, 0) == 1
    assert cycles_for_minutes(BOX, 0.1) == 1


durations = st.floats(min_value=0, max_value=30, allow_nan=False)


@given(
    inhale=durations,
    hold=durations,
    exhale=durations,
    rest=durations,
    elapsed=st.floats(min_value=-5, max_value=5000, allow_nan=False),
    cycles=st.none() | st.integers(min_value=0, max_value=50),
)
def test_properties(
    inhale: float, hold: float, exhale: float, rest: float, elapsed: float, cycles: int | None
) -> None:
    if inhale + hold + exhale + rest < 0.01:
        return
    pattern = Pattern(inhale, hold, exhale, rest)
    state = phase_at(pattern, elapsed, cycles)
    assert 0.0 <= state.size <= 1.0
    assert 0.0 <= state.fraction <= 1.0
    if state.done:
        assert cycles is not None and state.count == 0
    else:
        assert state.count >= 1
        assert state.remaining >= 0
        assert state.phase in {p for p, _ in pattern.phases}
        if cycles is not None:
            assert 1 <= (state.cycles_left or 0) <= cycles
