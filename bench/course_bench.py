"""The calendar file of a two-year course: twice a week for two years (208 infusions, each with
its reflections), read from a real journal and written with its time zone, against icalendar
reading the same file back (the floor: the library alone, on the same bytes)."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row, median_time, ms

ZONE = "Europe/London"
INFUSIONS = 208
"""Twice a week for two years."""


def _measure(folder: Path) -> tuple[float, float, int, int]:
    os.environ["COMPANION_HOME"] = str(folder)
    os.environ["TZ"] = ZONE
    time.tzset()
    import icalendar

    from companion.course.calendar import course_calendar, local_zone
    from companion.journal.opening import open_journal
    from companion.script.library import load_library

    scripts = [loaded.script for loaded in load_library([]).scripts.values()]
    now = datetime(2026, 1, 4, 9, tzinfo=UTC)
    with open_journal() as store:
        for week in range(INFUSIONS // 2):
            for day in (1, 4):
                store.add_infusion(now + timedelta(days=7 * week + day, hours=1))
        zone = local_zone()
        data = course_calendar(store, scripts, now, zone)
        ours = median_time(lambda: course_calendar(store, scripts, now, zone), repeat=5)
    floor = median_time(lambda: icalendar.Calendar.from_ical(data), repeat=5)
    events = len(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    return ours, floor, events, len(data)


def run() -> list[Row]:
    saved = {k: os.environ.get(k) for k in ("COMPANION_HOME", "TZ")}
    try:
        with tempfile.TemporaryDirectory(prefix="course-bench-") as temp:
            ours, floor, events, size = _measure(Path(temp))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()
    ratio = ours / floor
    return [
        Row(
            f"calendar file of a 2-year course ({INFUSIONS} infusions, {events} events, "
            f"{size // 1024} KiB, with VTIMEZONE)",
            ms(ours),
            f"icalendar parsing the same file back {ms(floor)} ({ratio:.1f}x)",
            "under 1 s (written off the UI thread)",
            "met" if ours < 1.0 else "missed",
        )
    ]
