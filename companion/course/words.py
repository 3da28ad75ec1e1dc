"""The course in the patient's words: the next infusion on the home screen, the list of
infusions, and the journal's line for each infusion. Times are the computer's local time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from companion.course.rules import Course, done
from companion.course.when import local
from companion.journal.model import Infusion, RunInfo, ordinal

if TYPE_CHECKING:
    from companion.script.model import Script

ADD_FIRST = "When is your next infusion? Add it, and the companion will time everything around it."


def day_text(day: date, today: date | None = None) -> str:
    """``Thursday 10 December`` (with the year when it is not this year's)."""
    text = f"{day:%A} {day.day} {day:%B}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def clock(moment: datetime) -> str:
    at = local(moment)
    return f"{at.hour:02d}:{at.minute:02d}"


def when_text(moment: datetime, now: datetime) -> str:
    """``Today at 10:00``, ``Tomorrow at 10:00`` or ``Thursday 10 December at 10:00``."""
    day, today = local(moment).date(), local(now).date()
    if day == today:
        return f"Today at {clock(moment)}"
    if (day - today).days == 1:
        return f"Tomorrow at {clock(moment)}"
    return f"{day_text(day, today)} at {clock(moment)}"


BACK_KEY = "When you are back, tell the companion (b)."


def next_line(course: Course, now: datetime, back: str = BACK_KEY) -> str:
    """The home screen's line about the course; ``back`` says how to tell the companion that
    the patient is back from an infusion under way."""
    going = course.in_progress(now)
    if going is not None:
        number = ordinal(course.number(going))
        return f"Your {number} infusion began at {clock(going.starts_at)}. {back}"
    coming = course.next_start(now)
    if coming is None:
        return ADD_FIRST
    return f"{when_text(coming.starts_at, now)} — your {ordinal(course.number(coming))} infusion"


def infusion_line(course: Course, infusion: Infusion, now: datetime) -> str:
    """One infusion in the list: ``3rd · Thursday 10 December 2026, 10:00 to 12:00``."""
    number = course.number(infusion)
    today = local(now).date()
    start = local(infusion.starts_at)
    end = course.end(infusion)
    if infusion.ended_at is not None:
        until = f"back at {clock(end)}"
    else:
        until = f"until about {clock(end)}"
    if local(end).date() != start.date():
        until += f" on {day_text(local(end).date(), today)}"
    return f"{ordinal(number)} · {day_text(start.date(), today)}, {clock(start)}, {until}"


class InfusionGroup(NamedTuple):
    """An infusion with the runs done for it, and its line in my journal."""

    infusion: Infusion | None
    """``None``: runs that belong to no infusion (from before the course was kept)."""
    number: int
    heading: str
    runs: list[RunInfo]


def _state(
    script: Script, infusion: Infusion, runs: Sequence[RunInfo], due: datetime | None, now: datetime
) -> str:
    name = script.render(script.title)
    if done(script.id, infusion, runs):
        return f"{name} ✓"
    if due is None:
        return f"{name} — not done"
    if due > now:
        return f"{name} — due {day_text(local(due).date(), local(now).date())}"
    return f"{name} — ready"


def journal_groups(
    course: Course, scripts: Iterable[Script], runs: Sequence[RunInfo], now: datetime
) -> list[InfusionGroup]:
    """My journal by infusion, the latest first: ``3rd infusion, 10 December: Before your next
    infusion ✓, After your session ✓, A week on — due 17 December``. Runs linked to no infusion
    come last, as they were."""
    all_scripts = list(scripts)
    offers = course.offers(all_scripts)
    after = sorted(
        (s for s in all_scripts if s.phase == "after"),
        key=lambda s: (s.offer_delay is None, s.offer_delay or timedelta(0)),
    )
    today = local(now).date()
    groups = []
    for number, infusion in enumerate(course.infusions, start=1):
        mine = [r for r in runs if r.infusion_id == infusion.id]
        begun = infusion.starts_at <= now
        if not mine and not begun:
            continue
        parts = []
        for script in all_scripts:
            if script.phase == "before" and (
                done(script.id, infusion, mine)
                or (script.prepares_for(number) and script.offer_ahead is not None and not begun)
            ):
                parts.append(_state(script, infusion, mine, None, now))
        for script in after:
            offer = next(
                (o for o in offers if o.infusion.id == infusion.id and o.script.id == script.id),
                None,
            )
            live = offer is not None and (offer.until is None or offer.until > now)
            if live or done(script.id, infusion, mine):
                parts.append(_state(script, infusion, mine, offer.at if offer else None, now))
        day = day_text(local(infusion.starts_at).date(), today)
        heading = f"{ordinal(number)} infusion, {day}"
        if parts:
            heading += ": " + ", ".join(parts)
        groups.append(InfusionGroup(infusion, number, heading, mine))
    groups.reverse()
    loose = [r for r in runs if course.by_id(r.infusion_id) is None]
    if loose:
        groups.append(InfusionGroup(None, 0, "Not linked to an infusion", loose))
    return groups
