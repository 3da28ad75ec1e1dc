"""The steady-typing rule: saved after a pause, and at least every LONGEST_WAIT while typing."""

from __future__ import annotations

from companion.drafting import LONGEST_WAIT, PAUSE, DraftPace


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def saves_while_typing(every: float, for_seconds: float) -> list[float]:
    """Type one key every ``every`` seconds; save whenever the rule says so. Return save times."""
    clock = Clock()
    pace = DraftPace(clock=clock)
    saves: list[float] = []
    start, next_key = clock.now, clock.now
    while clock.now - start < for_seconds:
        if clock.now >= next_key:
            pace.typed()
            next_key += every
        if pace.due():
            pace.saved()
            saves.append(clock.now - start)
        clock.now = round(clock.now + 0.01, 2)
    return saves


def test_nothing_is_due_before_anything_is_typed() -> None:
    pace = DraftPace(clock=Clock())
    assert not pace.pending and pace.wait() is None and not pace.due()


def test_a_pause_saves() -> None:
    clock = Clock()
    pace = DraftPace(clock=clock)
    assert pace.typed() == PAUSE
    clock.now += PAUSE - 0.01
    assert not pace.due()
    clock.now += 0.01
    assert pace.due()
    pace.saved()
    assert not pace.pending


def test_steady_typing_is_saved_at_least_once_a_second() -> None:
    saves = saves_while_typing(every=0.2, for_seconds=10)
    gaps = [b - a for a, b in zip([0.0, *saves], saves, strict=False)]
    assert len(saves) >= 9
    assert max(gaps) <= 1.0


def test_typing_faster_than_the_pause_never_waits_longer_than_the_longest_wait() -> None:
    clock = Clock()
    pace = DraftPace(clock=clock)
    pace.typed()
    for _ in range(20):
        clock.now += PAUSE / 2
        wait = pace.typed()
        if wait == 0:
            break
        assert clock.now + wait <= 100.0 + LONGEST_WAIT + 1e-9
    assert pace.due()


def test_with_only_the_pause_rule_steady_typing_would_never_save() -> None:
    """The old rule, for contrast: the same typing with an endless longest wait saves nothing."""
    clock = Clock()
    pace = DraftPace(longest_wait=float("inf"), clock=clock)
    for _ in range(50):
        pace.typed()
        clock.now += 0.2
        assert not pace.due()
