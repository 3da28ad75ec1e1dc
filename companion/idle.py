"""When an encrypted journal locks itself: after a chosen time with no key pressed.

No Textual here: the app tells :class:`IdleWatch` about each key or click and asks it, on a
timer, whether the time has come. The clock is passed in, so tests move time by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

DEFAULT_MINUTES = 15
MAX_MINUTES = 24 * 60
CHECK_EVERY = 5.0
"""Seconds between the app's looks at the clock."""


def lock_minutes(value: int | None) -> int | None:
    """The idle time from the setting: whole minutes up to a day (the default when missing or
    out of range); ``0`` turns the idle lock off (``None``)."""
    if value is None or value < 0 or value > MAX_MINUTES:
        return DEFAULT_MINUTES
    return value or None


class IdleWatch:
    """Has the patient been away for ``minutes``? (``None``: never lock.)"""

    def __init__(self, clock: Callable[[], datetime], minutes: int | None) -> None:
        self._clock = clock
        self.limit = None if minutes is None else timedelta(minutes=minutes)
        self._last = clock()

    def touch(self) -> None:
        """The patient did something."""
        self._last = self._clock()

    def due(self) -> bool:
        return self.limit is not None and self._clock() - self._last >= self.limit
