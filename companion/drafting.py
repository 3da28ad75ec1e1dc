"""When words still being typed are saved as a draft: the steady-typing rule.

A draft is saved once the patient pauses, and, while typing goes on without a pause, no later
than :data:`LONGEST_WAIT` after the first unsaved key, so that a killed process or a power cut
loses at most the last second of words however steadily they were typed. The rule is pure: it
is told the time (``clock``), so tests drive it without waiting and the app drives it with a timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

PAUSE = 0.5
"""Seconds of quiet after which the words are saved."""
LONGEST_WAIT = 0.8
"""Seconds an unsaved change may wait while typing goes on; with the time a save takes this keeps
the promise "at most the last second"."""


class DraftPace:
    """Says when the words being typed are due to be saved (the pause-or-longest-wait rule)."""

    def __init__(
        self,
        pause: float = PAUSE,
        longest_wait: float = LONGEST_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pause = pause
        self.longest_wait = longest_wait
        self.clock = clock
        self._first: float | None = None
        """When the oldest change not yet saved was made."""
        self._last: float | None = None
        """When the newest change was made."""

    def __repr__(self) -> str:
        return f"DraftPace(pause={self.pause}, longest_wait={self.longest_wait})"

    @property
    def pending(self) -> bool:
        """There are changes not yet saved."""
        return self._first is not None

    def typed(self) -> float:
        """A change was made now; return the seconds until a save is due."""
        now = self.clock()
        if self._first is None:
            self._first = now
        self._last = now
        return self._wait(now)

    def wait(self) -> float | None:
        """Seconds until a save is due (0: now); ``None`` when nothing waits to be saved."""
        return None if self._first is None else self._wait(self.clock())

    def due(self) -> bool:
        """A save is due now."""
        return self.wait() == 0.0

    def saved(self) -> None:
        """The words as they stand were saved."""
        self._first = self._last = None

    def _wait(self, now: float) -> float:
        assert self._first is not None and self._last is not None
        deadline = min(self._last + self.pause, self._first + self.longest_wait)
        return max(0.0, deadline - now)
