"""The timing rules of a course, worked out from the infusions in the journal and the scripts.

- An infusion **ends** when the patient says they are back, or else at its start plus its
  planned length (its own ``minutes``, or the course's typical length).
- An **after-script** counts its ``offer_after`` from the end of the most recent infusion that
  has ended. It is *ready* once that time has come and until the patient finishes it for that
  infusion; the next infusion's end takes its place.
- A **before-script** prepares for the coming infusion (the first one that has not ended): the
  first-infusion script (``for_infusion: first``) before the first, the returning one before the
  others. With ``offer_before`` it is *ready* from that long ahead until the infusion ends, and
  until the patient finishes it for that infusion.
- A **run** belongs to the coming infusion (a before-script) or the last ended one (an after).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from companion.journal.model import Infusion, RunInfo, Store, numbered
from companion.script.timing import Timed

if TYPE_CHECKING:
    from companion.script.model import Script

TYPICAL_LENGTH = timedelta(hours=2)
"""How long an infusion usually takes, when neither its own length nor its end is known."""


class CourseSettings(NamedTuple):
    """The settings of a course. A clinic's profile may change them; everything timed from an
    infusion reads them from here."""

    typical_length: timedelta = TYPICAL_LENGTH
    """An infusion's length when it has none of its own and its end was not recorded."""
    reminder_evening: time = time(19, 0)
    """The local time of the calendar's reminder on the evening before an infusion."""
    back_within: timedelta = timedelta(hours=12)
    """How long after an infusion starts "I'm back from my infusion" still records its end."""


def later(moment: datetime, delay: timedelta) -> datetime:
    """``moment`` plus ``delay``. Whole days count on the local calendar, so "a week on" keeps
    its clock time when the clocks change in between; hours and minutes are elapsed time."""
    if delay % timedelta(days=1):
        return moment + delay
    wall = moment.astimezone().replace(tzinfo=None) + delay
    shifted = wall.astimezone()
    if shifted.replace(tzinfo=None) != wall:  # a time the clocks skip: elapsed time instead
        return moment + delay
    return shifted.astimezone(moment.tzinfo)


class Offer(NamedTuple):
    """An after-script offered for one infusion, from ``at`` (until ``until``, when the next
    infusion ends and takes its place; ``None`` while there is no next one)."""

    script: Script
    infusion: Infusion
    number: int
    at: datetime
    until: datetime | None


class Course(NamedTuple):
    """The infusions of the course, in order, with the settings that time them."""

    infusions: tuple[Infusion, ...]
    settings: CourseSettings = CourseSettings()

    @classmethod
    def of(cls, store: Store, settings: CourseSettings | None = None) -> Course:
        return cls.from_infusions(store.infusions(), settings)

    @classmethod
    def from_infusions(
        cls, infusions: Iterable[Infusion], settings: CourseSettings | None = None
    ) -> Course:
        ordered = tuple(infusion for _, infusion in numbered(infusions))
        return cls(ordered, settings or CourseSettings())

    def number(self, infusion: Infusion) -> int:
        """Its place in the course: the first infusion is 1."""
        return next(i for i, x in enumerate(self.infusions, start=1) if x.id == infusion.id)

    def by_id(self, infusion_id: int | None) -> Infusion | None:
        return next((x for x in self.infusions if x.id == infusion_id), None)

    def by_number(self, number: int) -> Infusion | None:
        return self.infusions[number - 1] if 1 <= number <= len(self.infusions) else None

    def length(self, infusion: Infusion) -> timedelta:
        """Its planned length."""
        if infusion.minutes is not None:
            return timedelta(minutes=infusion.minutes)
        return self.settings.typical_length

    def end(self, infusion: Infusion) -> datetime:
        """When it ended (as recorded) or is expected to end."""
        return infusion.ended_at or infusion.starts_at + self.length(infusion)

    def last_ended(self, now: datetime) -> Infusion | None:
        """The most recent infusion that has ended by ``now``."""
        ended = [(self.end(x), i, x) for i, x in enumerate(self.infusions) if self.end(x) <= now]
        return max(ended, key=lambda e: (e[0], e[1]))[2] if ended else None

    def coming(self, now: datetime) -> Infusion | None:
        """The infusion a before-script prepares for: the first that has not ended."""
        return next((x for x in self.infusions if self.end(x) > now), None)

    def next_start(self, now: datetime) -> Infusion | None:
        """The next infusion to begin after ``now``."""
        return next((x for x in self.infusions if x.starts_at > now), None)

    def in_progress(self, now: datetime) -> Infusion | None:
        """The infusion the patient may be coming back from: begun within
        ``back_within`` before ``now``, with no end recorded (the latest such)."""
        since = now - self.settings.back_within
        found = [x for x in self.infusions if since <= x.starts_at <= now and x.ended_at is None]
        return found[-1] if found else None

    def after_next(self, infusion: Infusion) -> Infusion | None:
        """The infusion that follows this one in the course."""
        number = self.number(infusion)
        return self.by_number(number + 1)

    def offers(self, scripts: Iterable[Script]) -> list[Offer]:
        """Every after-script's offer for every infusion, in order of time."""
        after = [s for s in scripts if s.phase == "after" and s.offer_delay is not None]
        found: list[Offer] = []
        for number, infusion in enumerate(self.infusions, start=1):
            following = self.by_number(number + 1)
            until = None if following is None else self.end(following)
            for script in after:
                assert script.offer_delay is not None
                at = later(self.end(infusion), script.offer_delay)
                if until is None or at < until:
                    found.append(Offer(script, infusion, number, at, until))
        return sorted(found, key=lambda o: (o.at, o.number, o.script.id))

    def infusion_for(self, script: Timed, now: datetime) -> Infusion | None:
        """The infusion a run of this script, begun ``now``, is done for."""
        if script.phase == "before":
            return self.coming(now)
        return self.last_ended(now)


def done(script_id: str, infusion: Infusion, runs: Iterable[RunInfo]) -> bool:
    """Whether the patient finished this script for that infusion."""
    return any(
        r.finished and r.script_id == script_id and r.infusion_id == infusion.id for r in runs
    )


def ready_after(
    course: Course, scripts: Iterable[Timed], runs: Sequence[RunInfo], now: datetime
) -> list[str]:
    """The after-scripts whose time has come for the last ended infusion and that the patient
    has not finished for it; the most recently due first."""
    last = course.last_ended(now)
    if last is None:
        return []
    end = course.end(last)
    due = [
        (later(end, s.offer_delay), s.id)
        for s in scripts
        if s.phase == "after"
        and s.offer_delay is not None
        and later(end, s.offer_delay) <= now
        and not done(s.id, last, runs)
    ]
    return [script_id for _, script_id in sorted(due, reverse=True)]


def suggested_before(course: Course, scripts: Iterable[Timed], now: datetime) -> list[str]:
    """The before-scripts meant for the coming infusion (all of them when none is known)."""
    coming = course.coming(now)
    before = [s for s in scripts if s.phase == "before"]
    if coming is None:
        return [s.id for s in before]
    number = course.number(coming)
    return [s.id for s in before if s.prepares_for(number)]


def ready_before(
    course: Course, scripts: Iterable[Timed], runs: Sequence[RunInfo], now: datetime
) -> list[str]:
    """The before-scripts meant for the coming infusion whose ``offer_before`` time has come,
    and that the patient has not finished for it."""
    coming = course.coming(now)
    if coming is None:
        return []
    number = course.number(coming)
    return [
        s.id
        for s in scripts
        if s.phase == "before"
        and s.prepares_for(number)
        and s.offer_ahead is not None
        and later(coming.starts_at, -s.offer_ahead) <= now
        and not done(s.id, coming, runs)
    ]
