"""How answers and times are written as SQLite text, and read back exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from companion.script.model import AnswerValue


def time_text(when: datetime) -> str:
    """ISO-8601 in UTC with microseconds, so that stored times sort as text."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def time_value(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def maybe_time(text: str | None) -> datetime | None:
    return None if text is None else time_value(text)


def value_text(value: AnswerValue) -> str:
    """An answer value as JSON text: a string, an integer, a list of ids, or null."""
    return json.dumps(value, ensure_ascii=False)


_raw_decode = json.JSONDecoder().raw_decode
"""``json.loads`` without its whitespace handling: values written by :func:`value_text` have
none, and reading thousands of them for an export this way takes a quarter of the time."""


def value_of(text: str) -> AnswerValue:
    try:
        value, end = _raw_decode(text)
    except json.JSONDecodeError:
        end = -1
    if end != len(text):  # not exactly one JSON value: the full decoder accepts or explains it
        value = json.loads(text)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [str(item) for item in value]
    raise ValueError(f"unexpected stored answer value: {text[:40]}")
