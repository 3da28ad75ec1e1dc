"""When a script is offered: the durations a script gives (``offer_after: 2h``) and which
infusion of the course a before-script prepares for.

Shared by the script model and the script cards home is drawn from, which time scripts alike.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Protocol

DURATION_PATTERN = r"^[1-9][0-9]*\s*(m|h|d|w)$"
_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """``2h`` -> two hours; units m, h, d, w."""
    match = re.fullmatch(DURATION_PATTERN, text.strip())
    if match is None:
        raise ValueError(text)
    number = int(text.strip()[:-1])
    return timedelta(**{_DURATION_UNITS[match.group(1)]: number})


def prepares_for(for_infusion: str, number: int) -> bool:
    """Whether a before-script with this ``for_infusion`` is meant for the infusion with that
    number in the course."""
    if for_infusion == "first":
        return number == 1
    if for_infusion == "returning":
        return number > 1
    return True


class Timed(Protocol):
    """What the course rules read of a script to know when it is offered: a
    :class:`~companion.script.model.Script`, or its :class:`~companion.script.cards.ScriptCard`."""

    @property
    def id(self) -> str: ...

    @property
    def phase(self) -> str: ...

    @property
    def offer_delay(self) -> timedelta | None:
        """After-scripts: how long after an infusion ends it is suggested."""
        ...

    @property
    def offer_ahead(self) -> timedelta | None:
        """Before-scripts: how long before the coming infusion it is suggested."""
        ...

    def prepares_for(self, number: int) -> bool: ...
