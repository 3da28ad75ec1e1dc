"""How long the app waits on typing before it acts, in one place.

A draft is saved after a pause in typing (and at least once a second while typing goes on, see
:mod:`companion.drafting`); a search in the journal runs once typing in its box pauses. The app
is built with :class:`Timings` (``create_app(timings=...)``), so tests that are not about these
waits can make them short instead of sleeping through them.
"""

from __future__ import annotations

from typing import NamedTuple

from companion.drafting import LONGEST_WAIT, PAUSE, DraftPace

SEARCH_PAUSE = 0.25
"""Seconds of quiet in the search box before the journal is searched."""


class Timings(NamedTuple):
    draft_pause: float = PAUSE
    """Seconds of quiet after which the words being typed are saved as a draft."""
    draft_longest_wait: float = LONGEST_WAIT
    """Seconds an unsaved change may wait while typing goes on."""
    search_pause: float = SEARCH_PAUSE
    """Seconds of quiet in the journal's search box before it searches."""

    def draft_pace(self) -> DraftPace:
        """A fresh steady-typing rule with these waits, for one text box."""
        return DraftPace(pause=self.draft_pause, longest_wait=self.draft_longest_wait)
