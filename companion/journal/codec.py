"""How answers and times are written as SQLite text, and read back exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

# json (~1 ms to import) is imported where a value is written or read back: a Markdown export
# of a journal of scales and written answers reads none through it.

if TYPE_CHECKING:
    # The script model is imported when a score is read back (score_of), not to open a journal.
    from companion.script.model import AnswerValue, Score


def time_text(when: datetime) -> str:
    """ISO-8601 in UTC with microseconds, so that stored times sort as text."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def time_value(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    # Stored times are written in UTC (time_text): then there is nothing to convert.
    return when if when.tzinfo is UTC else when.astimezone(UTC)


def maybe_time(text: str | None) -> datetime | None:
    return None if text is None else time_value(text)


def value_text(value: AnswerValue) -> str:
    """An answer value as JSON text: a string, an integer, a list of ids, an object of item
    ids to integers (a questionnaire), or null."""
    import json

    return json.dumps(value, ensure_ascii=False)


_raw_decode: Callable[[str], tuple[Any, int]] | None = None
"""``json.loads`` without its whitespace handling (made when first needed): values written by
:func:`value_text` have none, and reading thousands of them this way takes a quarter of the
time."""


def _decoder() -> Callable[[str], tuple[Any, int]]:
    global _raw_decode
    import json

    _raw_decode = json.JSONDecoder().raw_decode
    return _raw_decode


def value_of(text: str) -> AnswerValue:
    try:
        value, end = (_raw_decode or _decoder())(text)
    except ValueError:  # json.JSONDecodeError
        end = -1
    if end != len(text):  # not exactly one JSON value: the full decoder accepts or explains it
        import json

        value = json.loads(text)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [str(item) for item in value]
    if isinstance(value, dict) and value and all(_whole(item) for item in value.values()):
        return {str(key): int(item) for key, item in value.items()}
    raise ValueError(f"unexpected stored answer value: {text[:40]}")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def score_json(score: Score) -> dict[str, Any]:
    """A scored questionnaire answer as JSON-ready data (the journal's ``score`` column and the
    JSON export)."""
    return {
        "title": score.title,
        "total": score.total,
        "lowest": score.lowest,
        "highest": score.highest,
        "band": score.band,
        "instrument": score.instrument,
        "definition": score.definition,
        "multiply": score.multiply,
        "items": [
            {"id": i.id, "text": i.text, "value": i.value, "answer": i.answer} for i in score.items
        ],
        "choices": [{"value": value, "text": text} for value, text in score.choices],
        "bands": [{"up_to": up_to, "label": label} for up_to, label in score.bands],
    }


def score_text(score: Score | None) -> str | None:
    import json

    return None if score is None else json.dumps(score_json(score), ensure_ascii=False)


def score_of(text: str) -> Score:
    """A stored score back."""
    import json

    from companion.script.model import Score, ScoredItem

    data = json.loads(text)
    return Score(
        title=str(data["title"]),
        total=None if data["total"] is None else int(data["total"]),
        lowest=int(data["lowest"]),
        highest=int(data["highest"]),
        band=None if data["band"] is None else str(data["band"]),
        instrument=None if data["instrument"] is None else str(data["instrument"]),
        definition=str(data["definition"]),
        items=tuple(
            ScoredItem(
                str(i["id"]),
                str(i["text"]),
                None if i["value"] is None else int(i["value"]),
                None if i["answer"] is None else str(i["answer"]),
            )
            for i in data["items"]
        ),
        choices=tuple((int(c["value"]), str(c["text"])) for c in data["choices"]),
        bands=tuple((int(b["up_to"]), str(b["label"])) for b in data["bands"]),
        multiply=int(data.get("multiply", 1)),
    )
