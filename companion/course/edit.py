"""Adding, changing and removing infusions, for the app's form and the command line alike:
what the patient typed is read here, and every mistake is one calm sentence."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from companion.course.rules import Course
from companion.course.when import WhenError, parse_minutes, parse_when, typed
from companion.journal.model import Infusion, Store, ordinal

NOT_SAVED = "That could not be saved just now (the disk may be full or read-only). Nothing changed."
NOTE_LIMIT = 500
"""A note is a reminder for the patient ("bring headphones"), not a journal entry."""


@dataclass(frozen=True)
class InfusionFields:
    """An infusion as typed: its start, its own length (or none), its recorded end, a note."""

    starts_at: datetime
    minutes: int | None = None
    ended_at: datetime | None = None
    note: str | None = None


def clean_note(text: str) -> str | None:
    """A note on one line, without control characters; ``None`` when empty."""
    kept = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    cleaned = " ".join(kept.split())
    if len(cleaned) > NOTE_LIMIT:
        raise WhenError(f"The note is longer than {NOTE_LIMIT} characters; please shorten it.")
    return cleaned or None


def read_fields(
    when: str, minutes: str, note: str, now: datetime, back_at: str = ""
) -> InfusionFields:
    """The form's or the command line's text as an infusion (``WhenError`` with a sentence)."""
    starts_at = parse_when(when, now)
    length = parse_minutes(minutes) if minutes.strip() else None
    ended_at = parse_when(back_at, now) if back_at.strip() else None
    if ended_at is not None and ended_at <= starts_at:
        raise WhenError(
            f"The end ({typed(ended_at)}) is not after the start ({typed(starts_at)}). "
            "Check both times."
        )
    return InfusionFields(starts_at, length, ended_at, clean_note(note))


def add(store: Store, fields: InfusionFields) -> int:
    infusion_id = store.add_infusion(fields.starts_at, fields.minutes, fields.note)
    if fields.ended_at is not None:
        store.change_infusion(
            _find(store, infusion_id)._replace(ended_at=fields.ended_at),
        )
    return infusion_id


def change(store: Store, infusion: Infusion, fields: InfusionFields) -> None:
    store.change_infusion(
        infusion._replace(
            starts_at=fields.starts_at,
            minutes=fields.minutes,
            ended_at=fields.ended_at,
            note=fields.note,
        )
    )


def back_now(store: Store, infusion: Infusion, now: datetime) -> None:
    """The patient is back: the infusion ended ``now``."""
    if now <= infusion.starts_at:
        raise WhenError("This infusion has not begun yet, so it cannot have ended.")
    store.change_infusion(infusion._replace(ended_at=now))


def removed_words(course: Course, infusion: Infusion, unlinked: int) -> str:
    """What removing an infusion did, in a sentence."""
    said = f"Your {ordinal(course.number(infusion))} infusion was removed."
    if unlinked == 0:
        return said
    runs = "1 walk" if unlinked == 1 else f"{unlinked} walks"
    return f"{said} What you wrote for it ({runs}) stays in your journal, linked to no infusion."


def _find(store: Store, infusion_id: int) -> Infusion:
    for infusion in store.infusions():
        if infusion.id == infusion_id:
            return infusion
    raise KeyError(infusion_id)
