"""The course as an iCalendar file (RFC 5545) that a phone's calendar imports: the reminders a
terminal app cannot give.

An event for every infusion still to come (with an alarm on the evening before) and one for
each time an after-script will be offered (with an alarm then). Times are written in the local
time zone, with a VTIMEZONE holding its daylight-saving rules, so an infusion after the clocks
change keeps its time. Every entry has a UID that never changes, so importing the file again
updates the entries instead of adding copies. Nothing the patient wrote goes in it: only the
infusion's number and the scripts' titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from companion.course import CALENDAR_NAME as CALENDAR_NAME  # where it was first, still named here
from companion.course.rules import Course, CourseSettings
from companion.journal.model import Store, ordinal
from companion.platform import local_zone_name
from companion.script.model import Script

PRODUCT = "-//Infusion Companion//Course reminders//EN"
UID_DOMAIN = "infusion-companion"
REFLECTION_MINUTES = 15
"""How long a reflection's calendar entry is when its script does not say."""
SEQUENCE_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def local_zone(environ: Mapping[str, str] | None = None) -> tzinfo | None:
    """The computer's time zone with its rules (a ``ZoneInfo``), or ``None`` when it has no
    name that the zone database knows (then the calendar is written in UTC)."""
    name = local_zone_name(environ)
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # not imported to start the app

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def calendar_file(
    course: Course,
    scripts: Iterable[Script],
    now: datetime,
    zone: tzinfo | None,
    done: Iterable[tuple[str, int]] = (),
) -> bytes:
    """The iCalendar file of what is still to come after ``now``. ``done`` holds the
    (script id, infusion id) pairs already finished: those are not offered again."""
    from icalendar import Alarm, Calendar, Event  # imported here: only this command needs it

    zone = zone or UTC
    finished = set(done)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "My infusions")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - SEQUENCE_FROM).total_seconds() // 60))
    times: list[datetime] = []

    def event(uid: str, summary: str, start: datetime, end: datetime) -> Event:
        entry = Event()
        entry.add("uid", f"{uid}@{UID_DOMAIN}")
        entry.add("dtstamp", stamp)
        entry.add("sequence", sequence)
        entry.add("summary", summary)
        entry.add("dtstart", start.astimezone(zone))
        entry.add("dtend", end.astimezone(zone))
        times.extend([start, end])
        return entry

    def alarm(description: str, trigger: timedelta) -> Alarm:
        found = Alarm()
        found.add("action", "DISPLAY")
        found.add("description", description)
        found.add("trigger", trigger)
        return found

    for number, infusion in enumerate(course.infusions, start=1):
        end = course.end(infusion)
        if end <= now:
            continue
        title = f"Your {ordinal(number)} infusion"
        entry = event(infusion.uid, title, infusion.starts_at, end)
        entry.add("transp", "OPAQUE")
        evening = evening_before(infusion.starts_at, zone, course.settings.reminder_evening)
        entry.add_component(alarm(f"{title} is tomorrow", evening - infusion.starts_at))
        calendar.add_component(entry)

    for offer in course.offers(scripts):
        if offer.at <= now or (offer.script.id, offer.infusion.id) in finished:
            continue
        title = f"Reflection: {offer.script.render(offer.script.title)}"
        minutes = offer.script.minutes or REFLECTION_MINUTES
        entry = event(
            f"{offer.infusion.uid}.{offer.script.id}",
            title,
            offer.at,
            offer.at + timedelta(minutes=minutes),
        )
        entry.add("transp", "TRANSPARENT")
        entry.add_component(alarm(f"{title} is ready for you", timedelta(0)))
        calendar.add_component(entry)

    if times and zone is not UTC:
        first = min(times).astimezone(zone).date() - timedelta(days=1)
        last = max(times).astimezone(zone).date() + timedelta(days=1)
        calendar.add_missing_timezones(
            first_date=first, last_date=max(last, first + timedelta(days=2))
        )
    return bytes(calendar.to_ical())


def evening_before(start: datetime, zone: tzinfo, evening: time) -> datetime:
    """The reminder time on the local day before ``start``, as an aware UTC time."""
    day: date = start.astimezone(zone).date() - timedelta(days=1)
    at = datetime.combine(day, evening, tzinfo=zone)
    return at.astimezone(UTC)


def course_calendar(
    store: Store,
    scripts: Iterable[Script],
    now: datetime,
    zone: tzinfo | None,
    settings: CourseSettings | None = None,
) -> bytes:
    """The calendar of the course in ``store``: after-scripts already finished for an infusion
    are not offered again."""
    course = Course.of(store, settings)
    done = [(r.script_id, r.infusion_id) for r in store.runs() if r.finished and r.infusion_id]
    return calendar_file(course, scripts, now, zone, [(s, i) for s, i in done if i is not None])


def write_calendar(data: bytes, path: Path, *, overwrite: bool = False) -> Path:
    """Write the calendar readable by its owner only (0600); an existing file is replaced only
    with ``overwrite`` (``FileExistsError`` otherwise)."""
    from companion.journal.export import write_export

    return write_export(data.decode("utf-8"), path, overwrite=overwrite)
