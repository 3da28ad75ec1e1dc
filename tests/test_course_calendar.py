"""The calendar file, parsed back with icalendar: an event and an evening-before alarm for every
coming infusion, an event and an alarm at every time a reflection will be offered, UIDs that stay
the same from one export to the next, the local zone with its daylight-saving rules, and nothing
the patient wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import pytest

from companion.course.calendar import calendar_file, course_calendar, local_zone
from companion.course.rules import Course, CourseSettings
from companion.journal.model import Answer, MemoryStore, now
from companion.script.model import Script
from tests.helpers.course import at, bundled

# Each zone's course crosses its daylight-saving change.
COURSES = {
    "Europe/London": ["2026-10-19 10:00", "2026-10-22 10:00", "2026-10-27 10:00"],
    "America/New_York": ["2026-10-26 10:00", "2026-10-29 10:00", "2026-11-03 10:00"],
    "Australia/Sydney": ["2026-09-28 10:00", "2026-10-01 10:00", "2026-10-06 10:00"],
}
HOUR = timedelta(hours=1)
PRIVATE_NOTE = "my sister Ruth drives, bring the blue blanket"


def _course(name: str) -> tuple[MemoryStore, list[Script]]:
    store = MemoryStore()
    for when in COURSES[name]:
        store.add_infusion(at(when), note=PRIVATE_NOTE)
    return store, bundled()


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _events(calendar: icalendar.Calendar) -> list[icalendar.Component]:
    return list(calendar.walk("VEVENT"))


def _dt(component: icalendar.Component, name: str) -> Any:
    """A date-time or duration property's value (icalendar types them as a wide union)."""
    return cast(Any, component[name]).dt


def _start(event: icalendar.Component) -> datetime:
    start = _dt(event, "DTSTART")
    assert isinstance(start, datetime)
    return start


def _end(event: icalendar.Component) -> datetime:
    end = _dt(event, "DTEND")
    assert isinstance(end, datetime)
    return end


def _trigger(event: icalendar.Component) -> timedelta:
    (alarm,) = event.walk("VALARM")
    trigger = _dt(alarm, "TRIGGER")
    assert isinstance(trigger, timedelta)
    return trigger


def test_the_local_zone_is_read_from_tz(local: str) -> None:
    assert local_zone() == ZoneInfo(local)
    assert local_zone({"TZ": ":" + local}) == ZoneInfo(local)
    assert local_zone({"TZ": "Not/AZone"}) is None


def test_events_and_alarms_in_the_local_zone(local: str) -> None:
    store, scripts = _course(local)
    now = at(COURSES[local][0]) - timedelta(days=2)
    calendar = _parse(course_calendar(store, scripts, now, local_zone()))
    assert calendar["VERSION"] == "2.0"
    events = _events(calendar)
    infusions = [e for e in events if str(e["SUMMARY"]).endswith("infusion")]
    assert [str(e["SUMMARY"]) for e in infusions] == [
        "Your 1st infusion",
        "Your 2nd infusion",
        "Your 3rd infusion",
    ]
    zone_info = ZoneInfo(local)
    for event, typed in zip(infusions, COURSES[local], strict=True):
        start = _start(event)
        assert start.tzinfo is not None and str(event["DTSTART"].params["TZID"]) == local
        # Local 10:00 on both sides of the change, and the instant is right.
        assert start.strftime("%Y-%m-%d %H:%M") == typed
        assert start.astimezone(UTC) == at(typed)
        assert _end(event) - _start(event) == timedelta(hours=2)
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        reminder = (start.astimezone(UTC) + _trigger(event)).astimezone(zone_info)
        assert reminder.date() == start.date() - timedelta(days=1)
        assert reminder.time() == time(19, 0)
    # The zone's rules travel with the file: both offsets of the change are in the VTIMEZONE.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == local
    assert {c.name for c in vtimezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_a_reflection_at_each_offer_time(local: str) -> None:
    store, scripts = _course(local)
    now = at(COURSES[local][0]) - timedelta(days=2)
    events = _events(_parse(course_calendar(store, scripts, now, local_zone())))
    reflections = [e for e in events if str(e["SUMMARY"]).startswith("Reflection: ")]
    found = sorted((_start(e).astimezone(UTC), str(e["SUMMARY"])) for e in reflections)
    ends = [at(when) + timedelta(hours=2) for when in COURSES[local]]
    expected = sorted(
        [(end + timedelta(hours=2), "Reflection: After your session") for end in ends]
        # "A week on" only after the last: the others are followed within the week.
        + [(_week_on(ends[-1], local), "Reflection: A week on")]
    )
    assert found == expected
    for event in reflections:
        assert _trigger(event) == timedelta(0)


def _week_on(end: datetime, name: str) -> datetime:
    local_end = end.astimezone(ZoneInfo(name))
    return (
        (local_end.replace(tzinfo=None) + timedelta(days=7))
        .replace(tzinfo=ZoneInfo(name))
        .astimezone(UTC)
    )


def test_uids_stay_the_same_from_one_export_to_the_next(local: str) -> None:
    store, scripts = _course(local)
    first_now = at(COURSES[local][0]) - timedelta(days=3)
    first = _events(_parse(course_calendar(store, scripts, first_now, local_zone())))
    # Later, the first infusion moved by an hour and a reflection done: same UIDs for the rest.
    course = Course.of(store)
    moved = course.infusions[0]
    store.change_infusion(moved._replace(starts_at=moved.starts_at + timedelta(hours=1)))
    later = _events(_parse(course_calendar(store, scripts, first_now + HOUR, local_zone())))
    uids_first = [str(e["UID"]) for e in first]
    uids_later = [str(e["UID"]) for e in later]
    assert len(set(uids_first)) == len(uids_first)
    assert uids_first == uids_later
    by_uid = {str(e["UID"]): e for e in later}
    assert _start(by_uid[uids_first[0]]).astimezone(UTC) == moved.starts_at + HOUR
    assert int(str(later[0]["SEQUENCE"])) > int(str(first[0]["SEQUENCE"]))


@pytest.mark.usefixtures("london")
def test_past_and_done_things_are_left_out() -> None:
    store, scripts = _course("Europe/London")
    course = Course.of(store)
    second = course.infusions[1]
    run_id = store.start_run("integration", "After your session", "", "after", second.id)
    store.finish_run(run_id)
    now = at("2026-10-22 13:00")  # the second has ended, its reflection is at 14:00
    events = _events(_parse(course_calendar(store, scripts, now, local_zone())))
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [
        "Reflection: A week on",
        "Reflection: After your session",
        "Your 3rd infusion",
    ]


@pytest.mark.usefixtures("london")
def test_no_journal_text_in_the_file() -> None:
    store, scripts = _course("Europe/London")
    run_id = store.start_run("integration", "After your session", "", "after", 1)
    store.record_answer(
        run_id, Answer("feel", "text", "How?", "violet waves", "violet waves", now())
    )
    data = course_calendar(store, scripts, at("2026-10-01 09:00"), local_zone())
    text = data.decode("utf-8")
    assert "Ruth" not in text and "blanket" not in text and "violet" not in text
    assert "DESCRIPTION:Your 1st infusion is tomorrow" in text


def test_without_a_named_zone_times_are_utc() -> None:
    store = MemoryStore()
    store.add_infusion(datetime(2026, 6, 10, 9, tzinfo=UTC))
    data = calendar_file(Course.of(store), bundled(), datetime(2026, 6, 1, tzinfo=UTC), None)
    calendar = _parse(data)
    assert not calendar.walk("VTIMEZONE")
    event = _events(calendar)[0]
    assert _start(event) == datetime(2026, 6, 10, 9, tzinfo=UTC)
    # The evening reminder is at 19:00 in the zone the file is written in.
    assert _start(event) + _trigger(event) == datetime(2026, 6, 9, 19, tzinfo=UTC)


def test_an_empty_course_is_a_valid_empty_calendar() -> None:
    calendar = _parse(
        course_calendar(MemoryStore(), bundled(), datetime(2026, 6, 1, tzinfo=UTC), None)
    )
    assert calendar["PRODID"] and _events(calendar) == []


def test_the_evening_reminder_is_a_setting(zone: Callable[[str], None]) -> None:
    zone("America/New_York")
    store = MemoryStore()
    store.add_infusion(at("2026-06-10 08:00"))
    settings = CourseSettings(reminder_evening=time(20, 30))
    data = course_calendar(store, [], at("2026-06-01 09:00"), local_zone(), settings)
    event = _events(_parse(data))[0]
    reminder = _start(event) + _trigger(event)
    assert reminder.strftime("%Y-%m-%d %H:%M") == "2026-06-09 20:30"


def test_without_tz_the_zone_is_where_etc_localtime_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.path.realpath", lambda _: "/usr/share/zoneinfo/Europe/Paris")
    assert local_zone({}) == ZoneInfo("Europe/Paris")
    monkeypatch.setattr("os.path.realpath", lambda _: "/etc/localtime")
    assert local_zone({}) is None
