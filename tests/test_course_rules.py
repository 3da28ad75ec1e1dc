"""The course's timing rules, with the clock frozen and the computer in three time zones: when an
after-script is ready and until when, which before-script fits which infusion, the next
infusion, which infusion a run belongs to, and a course that crosses a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.course import edit
from companion.course.rules import (
    Course,
    CourseSettings,
    ready_after,
    ready_before,
    suggested_before,
)
from companion.course.when import WhenError, parse_when, typed
from companion.course.words import journal_groups, next_line
from companion.journal.model import Infusion, MemoryStore, ordinal
from companion.script.model import Script
from tests.helpers.course import at, bundled

HOUR = timedelta(hours=1)


@pytest.fixture
def scripts() -> list[Script]:
    return bundled()


def _script(scripts: list[Script], script_id: str) -> Script:
    return next(s for s in scripts if s.id == script_id)


def _finish(store: MemoryStore, script: Script, infusion_id: int | None) -> int:
    run_id = store.start_run(script.id, script.title, "", script.phase, infusion_id)
    store.finish_run(run_id)
    return run_id


def test_ordinals() -> None:
    words = [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)]
    assert words == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
        "111th", "112th",
    ]  # fmt: skip


def test_an_after_script_waits_for_the_infusion_not_the_before_script(
    local: str, scripts: list[Script]
) -> None:
    # The bug: the first-infusion script done days ahead made "After your session"
    # ready before the infusion had happened.
    store = MemoryStore()
    infusion = store.add_infusion(at("2026-06-10 10:00"))
    _finish(store, _script(scripts, "first-infusion"), infusion)
    course = Course.of(store)
    runs = store.runs()
    for now in (at("2026-06-07 12:00"), at("2026-06-10 11:00"), at("2026-06-10 13:59")):
        assert ready_after(course, scripts, runs, now) == []
    # The infusion ends at 12:00 (two hours, the typical length); integration is 2h after.
    assert course.end(course.infusions[0]) == at("2026-06-10 12:00")
    assert ready_after(course, scripts, runs, at("2026-06-10 14:00")) == ["integration"]


def test_ready_until_done_for_that_infusion_then_the_next_offer(
    local: str, scripts: list[Script]
) -> None:
    store = MemoryStore()
    infusion = store.add_infusion(at("2026-06-10 10:00"))
    course = Course.of(store)
    evening = at("2026-06-10 18:00")
    assert ready_after(course, scripts, store.runs(), evening) == ["integration"]
    # A run done for no infusion (an old one) does not count as done for this one.
    _finish(store, _script(scripts, "integration"), None)
    assert ready_after(course, scripts, store.runs(), evening) == ["integration"]
    _finish(store, _script(scripts, "integration"), infusion)
    assert ready_after(course, scripts, store.runs(), evening) == []
    week = at("2026-06-17 12:00")
    assert ready_after(course, scripts, store.runs(), week - timedelta(minutes=1)) == []
    assert ready_after(course, scripts, store.runs(), week) == ["week-after"]


def test_both_ready_the_most_recently_due_first(local: str, scripts: list[Script]) -> None:
    store = MemoryStore()
    store.add_infusion(at("2026-06-10 10:00"))
    course = Course.of(store)
    assert ready_after(course, scripts, [], at("2026-06-18 09:00")) == [
        "week-after",
        "integration",
    ]


def test_back_early_times_the_reflections_from_the_recorded_end(
    local: str, scripts: list[Script]
) -> None:
    store = MemoryStore()
    infusion_id = store.add_infusion(at("2026-06-10 10:00"), minutes=180)
    course = Course.of(store)
    infusion = course.infusions[0]
    assert course.in_progress(at("2026-06-10 11:00")) == infusion
    assert course.end(infusion) == at("2026-06-10 13:00")
    edit.back_now(store, infusion, at("2026-06-10 11:15"))
    course = Course.of(store)
    assert course.infusions[0].id == infusion_id
    assert course.end(course.infusions[0]) == at("2026-06-10 11:15")
    assert course.in_progress(at("2026-06-10 11:20")) is None
    assert ready_after(course, scripts, [], at("2026-06-10 13:14")) == []
    assert ready_after(course, scripts, [], at("2026-06-10 13:15")) == ["integration"]


def test_back_is_offered_only_while_it_makes_sense() -> None:
    store = MemoryStore()
    store.add_infusion(datetime(2026, 6, 10, 10, tzinfo=UTC))
    course = Course.of(store)
    assert course.in_progress(datetime(2026, 6, 10, 9, 59, tzinfo=UTC)) is None
    assert course.in_progress(datetime(2026, 6, 10, 21, 59, tzinfo=UTC)) is not None
    assert course.in_progress(datetime(2026, 6, 10, 22, 1, tzinfo=UTC)) is None
    with pytest.raises(WhenError, match="not begun"):
        edit.back_now(store, course.infusions[0], datetime(2026, 6, 10, 9, tzinfo=UTC))


def test_the_next_infusion_supersedes_the_last_ones_offers(
    local: str, scripts: list[Script]
) -> None:
    store = MemoryStore()
    store.add_infusion(at("2026-06-08 10:00"))
    second = store.add_infusion(at("2026-06-11 10:00"))
    course = Course.of(store)
    runs = store.runs()
    # Between them, the first one's reflection; after the second ends, the second's.
    assert course.last_ended(at("2026-06-10 09:00")) == course.infusions[0]
    assert course.last_ended(at("2026-06-11 12:00")) == course.infusions[1]
    assert ready_after(course, scripts, runs, at("2026-06-11 13:00")) == []
    assert ready_after(course, scripts, runs, at("2026-06-11 14:00")) == ["integration"]
    # The first infusion's "week on" is never offered: the second came within the week.
    offers = [(o.script.id, o.infusion.id) for o in course.offers(scripts)]
    assert ("week-after", course.infusions[0].id) not in offers
    assert ("week-after", second) in offers
    assert ("integration", course.infusions[0].id) in offers


def test_the_first_infusion_script_before_the_first_the_returning_one_after(
    local: str, scripts: list[Script]
) -> None:
    store = MemoryStore()
    # Nothing recorded: every before-script is suggested, none is marked ready.
    assert Course.of(store).coming(at("2026-06-01 09:00")) is None
    assert suggested_before(Course.of(store), scripts, at("2026-06-01 09:00")) == [
        "first-infusion",
        "returning-infusion",
    ]
    assert ready_before(Course.of(store), scripts, [], at("2026-06-01 09:00")) == []
    first = store.add_infusion(at("2026-06-10 10:00"))
    store.add_infusion(at("2026-06-13 10:00"))
    course = Course.of(store)
    assert suggested_before(course, scripts, at("2026-06-01 09:00")) == ["first-infusion"]
    # offer_before: 3d for the first-infusion script.
    assert ready_before(course, scripts, [], at("2026-06-07 09:59")) == []
    assert ready_before(course, scripts, [], at("2026-06-07 10:00")) == ["first-infusion"]
    assert ready_before(course, scripts, [], at("2026-06-10 11:00")) == ["first-infusion"]
    _finish(store, _script(scripts, "first-infusion"), first)
    assert ready_before(course, scripts, store.runs(), at("2026-06-08 10:00")) == []
    # Once the first has ended, the returning script is the one for the second (1d ahead).
    after_first = at("2026-06-10 12:30")
    assert suggested_before(course, scripts, after_first) == ["returning-infusion"]
    assert ready_before(course, scripts, store.runs(), after_first) == []
    day_before = at("2026-06-12 10:00")
    assert ready_before(course, scripts, store.runs(), day_before) == ["returning-infusion"]


def test_two_infusions_on_one_day(local: str, scripts: list[Script]) -> None:
    store = MemoryStore()
    late = store.add_infusion(at("2026-06-10 15:00"), minutes=60)
    early = store.add_infusion(at("2026-06-10 09:00"), minutes=60)
    course = Course.of(store)
    assert [x.id for x in course.infusions] == [early, late]
    assert course.next_start(at("2026-06-10 08:00")) == course.infusions[0]
    assert course.next_start(at("2026-06-10 09:30")) == course.infusions[1]
    assert course.coming(at("2026-06-10 09:30")) == course.infusions[0]
    assert course.coming(at("2026-06-10 10:30")) == course.infusions[1]
    assert ready_after(course, scripts, [], at("2026-06-10 12:00")) == ["integration"]
    assert course.last_ended(at("2026-06-10 16:00")) == course.infusions[1]
    assert ready_after(course, scripts, [], at("2026-06-10 17:00")) == []
    assert ready_after(course, scripts, [], at("2026-06-10 18:00")) == ["integration"]


def test_a_run_belongs_to_the_coming_or_the_last_ended_infusion(
    local: str, scripts: list[Script]
) -> None:
    store = MemoryStore()
    first = store.add_infusion(at("2026-06-10 10:00"))
    second = store.add_infusion(at("2026-06-13 10:00"))
    course = Course.of(store)
    before = _script(scripts, "returning-infusion")
    after = _script(scripts, "integration")
    assert course.infusion_for(after, at("2026-06-09 10:00")) is None
    assert course.by_id(first) == course.infusion_for(before, at("2026-06-09 10:00"))
    assert course.by_id(first) == course.infusion_for(after, at("2026-06-11 10:00"))
    assert course.by_id(second) == course.infusion_for(before, at("2026-06-11 10:00"))


def test_the_home_line(local: str) -> None:
    store = MemoryStore()
    assert next_line(Course.of(store), at("2026-12-01 09:00")).startswith("When is your next")
    store.add_infusion(at("2026-12-03 10:00"))
    store.add_infusion(at("2026-12-06 10:00"))
    store.add_infusion(at("2026-12-10 10:00"))
    course = Course.of(store)
    assert next_line(course, at("2026-12-08 09:00")) == (
        "Thursday 10 December at 10:00 — your 3rd infusion"
    )
    assert next_line(course, at("2026-12-09 09:00")) == "Tomorrow at 10:00 — your 3rd infusion"
    assert next_line(course, at("2026-12-10 08:00")) == "Today at 10:00 — your 3rd infusion"
    assert "3rd infusion began at 10:00" in next_line(course, at("2026-12-10 11:00"))
    assert next_line(course, at("2026-12-10 23:00")).startswith("When is your next")


def test_a_course_across_a_daylight_saving_change_keeps_its_local_times(
    local: str, scripts: list[Script]
) -> None:
    # Each zone's change: London 25 Oct, New York 1 Nov, Sydney 4 Oct (clocks go forward).
    days = {
        "Europe/London": ("2026-10-22", "2026-10-27"),
        "America/New_York": ("2026-10-29", "2026-11-03"),
        "Australia/Sydney": ("2026-10-01", "2026-10-06"),
    }[local]
    store = MemoryStore()
    for day in days:
        store.add_infusion(at(f"{day} 10:00"))
    course = Course.of(store)
    first, second = course.infusions
    # The same clock time on both sides of the change, so a different gap in hours.
    assert typed(first.starts_at) == f"{days[0]} 10:00"
    assert typed(second.starts_at) == f"{days[1]} 10:00"
    assert second.starts_at - first.starts_at != timedelta(days=5)
    # "A week on" keeps the clock time too: 12:00 (the end) a week after the second.
    week = next(o for o in course.offers(scripts) if o.script.id == "week-after")
    assert week.infusion == second
    assert typed(week.at)[-5:] == "12:00"
    assert typed(course.end(second)) == f"{days[1]} 12:00"


def test_typed_times_are_local_and_checked(local: str) -> None:
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert typed(parse_when("2026-12-10 10:00", now)) == "2026-12-10 10:00"
    assert parse_when("2026-12-10T10:00", now) == parse_when("2026-12-10  10:00", now)
    assert parse_when("now", now) == now
    for wrong, says in [
        ("2026-02-30 10:00", "not a day of the calendar"),
        ("2026-12-10 25:00", "not a time of day"),
        ("tomorrow", "not a date and time"),
        ("10/12/2026 10:00", "YYYY-MM-DD HH:MM"),
    ]:
        with pytest.raises(WhenError, match=says):
            parse_when(wrong, now)
    gap = {
        "Europe/London": "2026-03-29 01:30",
        "America/New_York": "2026-03-08 02:30",
        "Australia/Sydney": "2026-10-04 02:30",
    }[local]
    with pytest.raises(WhenError, match="clocks go forward"):
        parse_when(gap, now)


def test_an_end_before_the_start_and_bad_lengths_are_sentences() -> None:
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)
    with pytest.raises(WhenError, match="not after the start"):
        edit.read_fields("2026-06-10 10:00", "", "", now, back_at="2026-06-10 09:00")
    for minutes in ("0", "abc", "100000"):
        with pytest.raises(WhenError, match="length in minutes"):
            edit.read_fields("2026-06-10 10:00", minutes, "", now)
    fields = edit.read_fields("2026-06-10 10:00", " 90 ", " Sam\x1b[31m drives\n", now)
    assert fields.minutes == 90
    assert fields.note == "Sam [31m drives"


def test_removing_an_infusion_keeps_its_runs_unlinked(scripts: list[Script]) -> None:
    store = MemoryStore()
    first = store.add_infusion(datetime(2026, 6, 10, 10, tzinfo=UTC))
    run_id = _finish(store, _script(scripts, "integration"), first)
    course = Course.of(store)
    unlinked = store.remove_infusion(first)
    assert unlinked == 1
    assert store.run(run_id).infusion_id is None
    assert "stays in your journal" in edit.removed_words(course, course.infusions[0], unlinked)
    with pytest.raises(KeyError):
        store.remove_infusion(first)
    with pytest.raises(KeyError):
        store.change_infusion(course.infusions[0]._replace(note="x"))


def test_the_typical_length_is_a_setting() -> None:
    store = MemoryStore()
    store.add_infusion(datetime(2026, 6, 10, 10, tzinfo=UTC))
    store.add_infusion(datetime(2026, 6, 12, 10, tzinfo=UTC), minutes=45)
    clinic = Course.of(store, CourseSettings(typical_length=timedelta(minutes=90)))
    assert clinic.end(clinic.infusions[0]) == datetime(2026, 6, 10, 11, 30, tzinfo=UTC)
    assert clinic.end(clinic.infusions[1]) == datetime(2026, 6, 12, 10, 45, tzinfo=UTC)
    assert Course.of(store).end(Course.of(store).infusions[0]) - HOUR * 10 == datetime(
        2026, 6, 10, 2, tzinfo=UTC
    )


@pytest.mark.usefixtures("london")
def test_my_journal_by_infusion(scripts: list[Script]) -> None:
    store = MemoryStore()
    old = store.start_run("integration", "After your session", "", "after")
    store.finish_run(old)
    first = store.add_infusion(at("2026-12-03 10:00"))
    third = store.add_infusion(at("2026-12-10 10:00"))
    store.add_infusion(at("2026-12-07 10:00"))
    _finish(store, _script(scripts, "returning-infusion"), third)
    _finish(store, _script(scripts, "integration"), third)
    _finish(store, _script(scripts, "first-infusion"), first)
    groups = journal_groups(Course.of(store), scripts, store.runs(), at("2026-12-11 09:00"))
    headings = [g.heading for g in groups]
    assert headings[0] == (
        "3rd infusion, Thursday 10 December: Before your next infusion ✓, "
        "After your session ✓, A week on — due Thursday 17 December"
    )
    # Nothing was done for the 2nd, and its reflection's time has passed: just the day.
    assert headings[1] == "2nd infusion, Monday 7 December"
    assert headings[2].startswith("1st infusion, Thursday 3 December: Preparing")
    assert headings[-1] == "Not linked to an infusion"
    assert [r.id for r in groups[-1].runs] == [old]


def test_infusion_is_frozen_data() -> None:
    infusion = Infusion(1, "u", datetime(2026, 6, 10, 10, tzinfo=UTC))
    with pytest.raises(AttributeError):
        infusion.note = "x"  # type: ignore[misc]
