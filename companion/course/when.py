"""Reading and writing an infusion's time as the patient types and reads it: local time, never
UTC. ``2026-12-10 10:00``, ``2026-12-10T10:00`` or ``now``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

WHEN_FORMS = "YYYY-MM-DD HH:MM (such as 2026-12-10 10:00), or now"
_WHEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})")
MAX_MINUTES = 24 * 60


class WhenError(ValueError):
    """A time that cannot be an infusion's, with a sentence saying why and how to write it."""


def parse_when(text: str, now: datetime) -> datetime:
    """The local date and time ``text`` names, as an aware UTC time."""
    cleaned = " ".join(text.split())
    if cleaned.lower() == "now":
        return now.astimezone(UTC).replace(second=0, microsecond=0)
    found = _WHEN.fullmatch(cleaned)
    if found is None:
        raise WhenError(f"“{cleaned}” is not a date and time. Write it as {WHEN_FORMS}.")
    year, month, day, hour, minute = (int(part) for part in found.groups())
    try:
        day_of = date(year, month, day)
    except ValueError:
        raise WhenError(
            f"{year:04d}-{month:02d}-{day:02d} is not a day of the calendar. "
            "Check the month and the day."
        ) from None
    if hour > 23 or minute > 59:
        raise WhenError(f"{hour:02d}:{minute:02d} is not a time of day; use 00:00 to 23:59.")
    local = datetime(day_of.year, day_of.month, day_of.day, hour, minute)
    return from_local(local)


def from_local(local: datetime) -> datetime:
    """A naive local time as aware UTC. A time the clocks skip (when they go forward) is an
    error; a time that happens twice (when they go back) is the first of the two."""
    aware = local.astimezone()
    if aware.replace(tzinfo=None) != local:
        raise WhenError(
            f"{local:%H:%M} does not happen on {local:%Y-%m-%d} here: the clocks go forward "
            "that night. Choose a time after the change."
        )
    return aware.astimezone(UTC)


def parse_minutes(text: str) -> int:
    """An infusion's length in whole minutes, between 1 and a day."""
    cleaned = text.strip()
    if not cleaned.isdecimal() or not 1 <= int(cleaned) <= MAX_MINUTES:
        raise WhenError(
            f"“{cleaned}” is not a length in minutes; write a whole number from 1 to "
            f"{MAX_MINUTES}, such as 120."
        )
    return int(cleaned)


def local(moment: datetime) -> datetime:
    """A stored (UTC) time in the computer's local time."""
    return moment.astimezone()


def typed(moment: datetime) -> str:
    """The local time as the patient types it (``2026-12-10 10:00``)."""
    return f"{local(moment):%Y-%m-%d %H:%M}"
