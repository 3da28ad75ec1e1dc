"""The journal as a document the patient chooses to take elsewhere: Markdown that reads well
printed or sent to a therapist, and JSON with every field for moving the data.

Exports read through the :class:`~companion.journal.model.Store` interface, so they work on any
store. Times are shown in the computer's local time; JSON keeps them as ISO-8601 UTC.

Lines end with ``\n`` (LF) on every platform, so an export is the same bytes wherever it was made:
the text is encoded as UTF-8 and written as bytes (:func:`export_bytes`), never through a text-mode
file, which on Windows would turn each line ending into CRLF. Markdown and JSON readers, and the
text editors of all three systems, read LF.
"""

from __future__ import annotations

import errno
import functools
import gc
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, TypeVar

from companion import platform
from companion.journal.codec import score_json, score_text, time_text, value_of, value_text
from companion.journal.files import FILE_MODE
from companion.paths import HOME_ENV

# The journal's model (its dataclasses) is imported where Answers, RunInfos and Infusions are
# made or numbered: a Markdown export read through a JournalReader makes none.
if TYPE_CHECKING:
    from companion.journal.model import Answer, Infusion, RunInfo, Store
    from companion.journal.reading import JournalReader

FORMAT_NAME = "companion-journal"
FORMAT_VERSION = 1
CARE_TEAM_HEADING = "To talk over with my care team"

PHASES = {"before": "Before the session", "after": "After the session"}


class RunRecord(NamedTuple):
    """A run with everything written in it. (A named tuple, not a dataclass: made ~0.5 ms
    quicker on import, which every export pays.)"""

    run: RunInfo
    answers: list[Answer]
    drafts: dict[str, str]
    infusion: tuple[int, Infusion] | None = None
    """The infusion the run was done for, with its number in the course."""


def collect(store: Store, since: date | None = None, *, drafts: bool = True) -> list[RunRecord]:
    """Runs started on or after ``since`` (local date), oldest first, with their answers and,
    unless ``drafts`` is false, their drafts."""
    runs = [
        run
        for run in reversed(store.runs())
        if since is None or run.started_at.astimezone().date() >= since
    ]
    answers = store.answers_by_run(run.id for run in runs)
    from companion.journal.model import numbered

    course = {infusion.id: (number, infusion) for number, infusion in numbered(store.infusions())}
    return [
        RunRecord(
            run,
            answers[run.id],
            store.drafts(run.id) if drafts else {},
            None if run.infusion_id is None else course.get(run.infusion_id),
        )
        for run in runs
    ]


def _day(when: datetime) -> str:
    return _day_text(when.astimezone().date())


def _clock(when: datetime) -> str:
    return _clock_text(when.astimezone())


def _day_text(day: date) -> str:
    """``Sunday 1 March 2026``: ``%A``, the day of the month, ``%B %Y``."""
    return f"{_weekday(day.weekday(), '%A')} {day.day} {_month(day.year, day.month, '%B %Y')}"


def _short_day_text(day: date) -> str:
    """``Sun 1 Mar 2026``: ``%a``, the day of the month, ``%b %Y``."""
    return f"{_weekday(day.weekday(), '%a')} {day.day} {_month(day.year, day.month, '%b %Y')}"


# strftime is slow and a journal has thousands of days but only seven weekdays and a few dozen
# months: each name is written once per export (names follow the locale, which may change).
@lru_cache(maxsize=64)
def _weekday(weekday: int, pattern: str) -> str:
    return date(2024, 1, 1 + weekday).strftime(pattern)  # 1 January 2024 was a Monday


@lru_cache(maxsize=1024)
def _month(year: int, month: int, pattern: str) -> str:
    return date(year, month, 1).strftime(pattern)


def _clock_text(local: datetime) -> str:
    """``%H:%M`` without going through ``strftime``."""
    return f"{local.hour:02d}:{local.minute:02d}"


_RULE = re.compile(r"^\s*[-=]+\s*$")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+\.)(\s|$)")
_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#"})
_HAS_SPECIAL = re.compile(r"[\\`*_\[\]<>|#]")


def _escape(line: str) -> str:
    """Text as text: Markdown punctuation in the patient's words does not become formatting."""
    escaped = line.translate(_SPECIAL) if _HAS_SPECIAL.search(line) else line
    lead = escaped[:1]
    if lead.isspace():
        lead = escaped.lstrip()[:1]
    if not lead or not (lead in "-+=" or lead.isdecimal()):
        return escaped  # cannot be a rule or start a list: spare the patterns below
    if lead in "-=" and _RULE.match(escaped):
        return "\\" + escaped
    found = _LIST_START.match(escaped)
    if found:
        marker = found.group(2)
        marker = "\\" + marker if marker in "-+" else marker[:-1] + "\\."
        escaped = found.group(1) + marker + escaped[found.end(2) :]
    return escaped


_RISKY_START = re.compile(r"[\s+=\d-]")
"""A start that :func:`_escape` looks at more closely (a rule or a list may begin so)."""


def _paragraphs(text: str) -> str:
    """Multi-line text with its line breaks kept (hard breaks) and blank lines as paragraphs."""
    if text.isprintable():  # one line (no line break is printable): most answers
        if not text:
            return "*(empty)*"
        line = text.rstrip()
        if _HAS_SPECIAL.search(line) is None and _RISKY_START.match(line) is None:
            return line  # as _escape would return it
        return _escape(line)
    parts = text.strip("\n").splitlines()
    if len(parts) <= 1:
        return _escape(parts[0].rstrip()) if parts else "*(empty)*"
    lines = [_escape(line.rstrip()) for line in parts]
    # A line is blank exactly when it is empty: each was stripped on the right before escaping.
    follows = [*lines[1:], ""]
    return "\n".join(
        line + "\\" if line and after else line for line, after in zip(lines, follows, strict=True)
    )


@lru_cache(maxsize=1024)
def _cell(text: str) -> str:
    """Text on one line (for headings and table cells); prompts and titles repeat, so the last
    thousand are kept."""
    return " / ".join(_escape(part.strip()) for part in text.splitlines() if part.strip())


# The Markdown export writes from raw rows, as SQLite gives them (see SqliteStore.export_rows):
# a run is (id, script_id, script_title, phase, started_at, ended_at, infusion_id) and an answer
# (id, run_id, step_id, prompt, value, display, answered_at, care_team, score), times and values
# as the journal stores them (codec; a written answer's value may be its first character only,
# '"': its display is what is shown). Nothing is built per run or per answer: a 2,000-run
# journal has 20,000 answers, and decoding each into an Answer was half of the export's time.
# Any other store gives the same rows through _rows, so every store exports the same bytes.
RunRow = Sequence[Any]
AnswerRow = Sequence[Any]
_RUN_OF_ANSWER = itemgetter(1)


def _rows(records: Iterable[RunRecord]) -> tuple[list[RunRow], list[AnswerRow]]:
    """Runs and answers as the journal stores them (for a store that is not SQLite)."""
    runs: list[RunRow] = []
    answers: list[AnswerRow] = []
    for record in records:
        run = record.run
        ended = None if run.ended_at is None else time_text(run.ended_at)
        started = time_text(run.started_at)
        runs.append(
            (run.id, run.script_id, run.script_title, run.phase, started, ended, run.infusion_id)
        )
        answers += [
            (
                0,
                run.id,
                a.step_id,
                a.prompt,
                value_text(a.value),
                a.display,
                time_text(a.answered_at),
                a.care_team,
                score_text(a.score),
            )
            for a in record.answers
        ]
    return runs, answers


_from_seconds = datetime.fromtimestamp
"""A stored time in local time (naive), to the second, is
``_from_seconds(datetime.fromisoformat(stored).timestamp() // 1)``: the fields ``astimezone()``
gives (both ask the C library for the UTC offset at that second) without building a zone, and
the whole seconds before the time (``// 1``), so that a time just before a minute's end is
never rounded into the next one. The export's loops write it out."""


def _local_day(local: datetime) -> str:
    """``Sunday 1 March 2026``, as :func:`_day_text`."""
    return _days(local.year, local.month, local.day, local.weekday(), "%A", "%B %Y")


def _local_short_day(local: datetime) -> str:
    """``Sun 1 Mar 2026``, as :func:`_short_day_text`."""
    return _days(local.year, local.month, local.day, local.weekday(), "%a", "%b %Y")


@functools.cache  # cleared at each export: a journal's days are bounded by its span
def _days(year: int, month: int, day: int, weekday: int, named: str, month_named: str) -> str:
    return f"{_weekday(weekday, named)} {day} {_month(year, month, month_named)}"


_CLOCKS = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]
"""``%H:%M`` (as :func:`_clock_text`) of each minute of the day: ``_CLOCKS[hour * 60 + minute]``."""


def _bullets(display: str) -> str | None:
    """Chosen options shown one per line (each after a bullet) as a Markdown list."""
    lines = display.splitlines()
    if len(lines) <= 1:
        return None
    from companion.script.model import BULLET  # the script model: only for such an answer

    if not all(line.startswith(BULLET) for line in lines):
        return None
    return "\n".join(f"- {_escape(line[len(BULLET) :].strip())}" for line in lines)


_shown_choice = lru_cache(maxsize=1024)(_paragraphs)
"""A scale's or a choice's words (``7 (Quite)``): they repeat, unlike written words."""


_NUMBERS = {str(number): number for number in range(-100, 101)}
"""A scale's stored numbers (``str(n)``, as value_text writes an int) and their values: most
answers that are not written words are one of these."""


def _shown(stored: str, display: str) -> tuple[str, int | None]:
    """An answer that is not written words: how it is shown, and its number when it is a
    scale's (a check-in)."""
    # A scale's number ("7", as value_text writes it) without the JSON decoder.
    if stored.isdigit() and stored.isascii() and (stored[:1] != "0" or stored == "0"):
        return _shown_choice(display), int(stored)
    if stored[:1] == "[":  # chosen options (a list of their ids): shown by their words
        return _bullets(display) or _shown_choice(display), None
    value = value_of(stored)
    if value is None:
        return "*(skipped)*", None
    if isinstance(value, list):
        return _bullets(display) or _shown_choice(display), None
    return _shown_choice(display), value if type(value) is int else None


_SAFE_LINE = re.compile(r"[^\s+=\d\\`*_\[\]<>|#-][^\\`*_\[\]<>|#]*").fullmatch
"""One line that :func:`_paragraphs` returns as it is (but for spaces at its end): nothing to
escape in it (:data:`_HAS_SPECIAL`), and a start that cannot begin a rule or a list
(:data:`_RISKY_START`)."""

_UNSAFE_ASCII = bytes([*range(0x00, 0x20), 0x7F]) + b"\\`*_[]<>|#"
"""The ASCII characters no plain line holds: the controls, ASCII's only unprintable characters
(line breaks among them), and those Markdown would read (:data:`_HAS_SPECIAL`)."""
_RISKY_ASCII_STARTS = frozenset(" +=-0123456789")
"""The printable ASCII characters a plain line does not start with (:data:`_RISKY_START`; the
other whitespace is controls). Together: ASCII that :data:`_SAFE_LINE` passes and that is
printable, a few times quicker to tell as bytes (tests hold them equal)."""


_Starts = Any
"""An infusion as _markdown reads it: anything with ``starts_at`` (an Infusion, or _Start)."""

_Point = tuple[str, str, str, str | None]
"""A check-in: when it was answered (stored), its display, its stored value and its total."""


class _Series:
    """One check-in over time: its points, and what its heading is made of (the last point's)."""

    __slots__ = ("points", "prompt", "run_title", "score_title")

    def __init__(self) -> None:
        self.points: list[_Point] = []
        self.prompt = ""
        self.run_title = ""
        self.score_title: str | None = None


def _score(stored: str) -> tuple[str, str | None]:
    """A stored score's title and its total in words (``7 of 27 · Mild``, ``None`` when the
    questionnaire was not answered in full), as codec.score_of reads them."""
    import json  # only for a questionnaire's score

    data = json.loads(stored)
    title = str(data["title"])
    if data["total"] is None:
        return title, None
    band = None if data["band"] is None else str(data["band"])
    words = f" · {band}" if band else ""
    return title, f"{int(data['total'])} of {int(data['highest'])}{words}"


def _checkins_pieces(series: dict[tuple[str, str], _Series]) -> list[str]:
    """The check-ins over time: pieces of text, each line ending with its line break."""
    if not series:
        return []
    pieces = ["## Check-ins over time\n\n"]
    days: dict[int, str] = {}  # short day names by the day's ordinal
    from_text, clocks = datetime.fromisoformat, _CLOCKS
    for one in series.values():
        scored = one.score_title is not None
        heading = f"{one.score_title} (the total)" if scored else one.prompt
        column = "Total" if scored else "Answer"
        pieces.append(
            f"### {_cell(heading)}\n\n*{_cell(one.run_title)}*\n\n"
            f"| Date | Time | {column} |\n| --- | --- | --- |\n"
        )
        points = one.points
        # In the order answered; stored times (UTC, to the microsecond) sort as text.
        if all(len(p[0]) == 32 and p[0].endswith("+00:00") for p in points):
            ordered = sorted(points, key=lambda p: p[0])
        else:
            ordered = sorted(points, key=lambda p: datetime.fromisoformat(p[0]))
        for answered, display, stored, total in ordered:
            shown = _cell(total) if total else _cell(display) or str(value_of(stored))
            local = _from_seconds(from_text(answered).timestamp() // 1)
            day = days.get(local.toordinal())
            if day is None:
                day = days[local.toordinal()] = _local_short_day(local)
            pieces.append(f"| {day} | {clocks[local.hour * 60 + local.minute]} | {shown} |\n")
        pieces.append("\n")
    return pieces


def _markdown(
    runs: Iterable[RunRow],
    answers: Iterable[AnswerRow],
    course: Mapping[int, tuple[int, _Starts]],
    since: date | None,
    generated: datetime,
) -> str:
    """The journal as Markdown from its rows: one section per run (care-team answers first),
    then the check-ins over time."""
    # A run's answers mostly follow one another (a run is answered before the next begins):
    # gathered a stretch at a time, in their order within each run.
    by_run: dict[int, list[AnswerRow]] = {}
    for run_id, stretch in groupby(answers, _RUN_OF_ANSWER):
        found = by_run.get(run_id)
        if found is None:
            by_run[run_id] = list(stretch)
        else:
            found += stretch
    first = (since.year, since.month, since.day) if since is not None else None
    body: list[str] = []  # pieces of text, each line ending with its line break
    series: dict[tuple[str, str], _Series] = {}  # in the order first answered
    by_script: dict[str, dict[str, _Series]] = {}  # the same, by script and step
    days: list[str] = []
    # An answer's first lines, its prompt in bold and a blank line: prompts repeat run after run.
    headings: dict[str, str] = {}
    safe, unsafe_bytes, risky_starts = _SAFE_LINE, _UNSAFE_ASCII, _RISKY_ASCII_STARTS
    numbers, shown_choice = _NUMBERS, _shown_choice
    from_text, from_seconds, clocks = datetime.fromisoformat, _from_seconds, _CLOCKS
    day_names: dict[int, str] = {}  # by the day's ordinal
    for run_id, script_id, script_title, phase, started, ended, infusion_id in runs:
        began = from_seconds(from_text(started).timestamp() // 1)  # see _from_seconds
        if first is not None and (began.year, began.month, began.day) < first:
            continue
        day = day_names.get(began.toordinal())
        if day is None:
            day = day_names[began.toordinal()] = _local_day(began)
        days.append(day)
        said = PHASES.get(phase) or phase.capitalize()
        if ended is None:
            finished = "Not finished."
        else:
            end = from_seconds(from_text(ended).timestamp() // 1)
            finished = f"Finished at {clocks[end.hour * 60 + end.minute]}."
        infusion = None if infusion_id is None else course.get(infusion_id)
        if infusion is not None:
            number, when = infusion
            from companion.journal.model import ordinal

            said += f" · {ordinal(number)} infusion, {_day(when.starts_at)}"
        # The run's heading, a blank line, what it was and when it finished, a blank line.
        body.append(
            f"## {day}, {clocks[began.hour * 60 + began.minute]} · {_cell(script_title)}\n\n"
            f"*{said}. {finished}*\n\n"
        )
        rows = by_run.get(run_id)
        if rows is None:
            body.append("*Nothing was answered.*\n\n")
            continue
        care: list[str] | None = None
        rest: list[str] = []
        in_script = by_script.get(script_id)  # this script's check-ins, by step
        if in_script is None:
            in_script = by_script[script_id] = {}
        for _, _, step_id, prompt, stored, display, answered, care_team, stored_score in rows:
            heading = headings.get(prompt)
            if heading is None:
                heading = headings[prompt] = f"**{_cell(prompt)}**\n\n"
            if stored[:1] == '"':  # written words (most answers), shown as _paragraphs shows them
                # One line with nothing to escape is shown as it is. ASCII (known at once) is
                # that when none of its bytes is a control or Markdown's and it does not start
                # as a list or rule could (see _UNSAFE_ASCII: a few times quicker than a pattern);
                # other text is asked whether it is one printable line.
                if display.isascii():
                    data = display.encode("ascii")
                    plain = (
                        len(data.translate(None, unsafe_bytes)) == len(data)
                        and display[:1] not in risky_starts
                        and display != ""
                    )
                else:
                    plain = display.isprintable() and safe(display) is not None
                shown = display.rstrip() if plain else _paragraphs(display)
                value: int | None = None
            else:
                value = numbers.get(stored)  # a scale's number, as value_text wrote it
                if value is not None:
                    shown = shown_choice(display)
                elif stored[:1] == "[" and display.isprintable():  # options chosen, on one line
                    shown = shown_choice(display)  # as _shown: one line is no bullet list
                else:
                    shown, value = _shown(stored, display)
            # The answer's pieces: its prompt in bold and a blank line, the answer, a blank line.
            if care_team:
                if care is None:
                    care = [heading, shown, "\n\n"]
                else:
                    care += (heading, shown, "\n\n")
            else:
                rest += (heading, shown, "\n\n")
            # A check-in is a scale's number or a questionnaire's total.
            if stored_score is None:
                if value is None:
                    continue
                score_title = total = None
            else:
                score_title, total = _score(stored_score)
                if total is None and value is None:
                    continue
            one = in_script.get(step_id)
            if one is None:
                one = in_script[step_id] = series[(script_id, step_id)] = _Series()
            one.points.append((answered, display, stored, total))
            one.prompt, one.run_title, one.score_title = prompt, script_title, score_title
        if care is not None:
            body.append(f"### {CARE_TEAM_HEADING}\n\n")
            body += care
            if rest:
                body.append("### Everything else\n\n")
        body += rest
    head = ["# My journal\n\n", f"Generated on {_day(generated)} at {_clock(generated)}.\n"]
    if days:
        count = "1 session" if len(days) == 1 else f"{len(days)} sessions"
        span = days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"
        head.append(f"{count}, {span}.\n")
    else:
        head.append("There is nothing in the journal yet.\n")
    if since is not None:
        head.append(f"Only sessions from {since.day} {since:%B %Y} on are included.\n")
    head.append("\n")
    pieces = head + body + _checkins_pieces(series)
    # One line break at the end: the pieces' last line breaks are taken off here, before the
    # text is joined, instead of from a copy of the whole joined text.
    while not pieces[-1].strip("\n"):
        pieces.pop()
    pieces[-1] = pieces[-1].rstrip("\n")
    pieces.append("\n")
    return "".join(pieces)


P = ParamSpec("P")
R = TypeVar("R")


def _collector_paused(export: Callable[P, R]) -> Callable[P, R]:
    """Pause the cyclic garbage collector while an export builds its tens of thousands of
    answers and lines: they hold no cycles, and with it running a 2,000-run export spent about
    a sixth of its time in collections that found nothing."""

    @functools.wraps(export)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return export(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_collector_paused
def export_markdown(store: Store | JournalReader, since: date | None = None) -> str:
    """The journal as Markdown: one section per run (care-team answers first), then the
    check-ins over time. A journal on disk (a SqliteStore, or a JournalReader) is written
    straight from its rows."""
    _weekday.cache_clear()
    _month.cache_clear()
    _shown_choice.cache_clear()
    _days.cache_clear()
    course: Mapping[int, tuple[int, _Starts]]
    export_rows = getattr(store, "export_rows", None)
    if export_rows is not None:
        runs, answers = export_rows()
        course = _course(store.infusion_starts())  # type: ignore[union-attr]
    else:
        from companion.journal.model import numbered

        runs, answers = _rows(collect(store, since, drafts=False))  # type: ignore[arg-type]
        infusions = store.infusions()  # type: ignore[union-attr]
        course = {infusion.id: (number, infusion) for number, infusion in numbered(infusions)}
    return _markdown(runs, answers, course, since, now())


class _Start(NamedTuple):
    """An infusion as the export shows it: when it starts."""

    starts_at: datetime


def _course(starts: Iterable[tuple[int, str]]) -> dict[int, tuple[int, _Start]]:
    """Each infusion's number in the course (the first is 1) and start, by its id, from the
    stored starts: numbered as model.numbered numbers them (by start, then id)."""
    ordered = sorted((datetime.fromisoformat(at), infusion_id) for infusion_id, at in starts)
    return {
        infusion_id: (number, _Start(at)) for number, (at, infusion_id) in enumerate(ordered, 1)
    }


def now() -> datetime:
    """The current time, timezone-aware (UTC), as companion.journal.model.now gives it (not
    imported from there: see the note on the model above)."""
    return datetime.now(UTC)


def _answer_json(answer: Answer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "step_id": answer.step_id,
        "step_type": answer.step_type,
        "prompt": answer.prompt,
        "value": answer.value,
        "display": answer.display,
        "answered_at": time_text(answer.answered_at),
        "care_team": answer.care_team,
    }
    if answer.score is not None:
        data["score"] = score_json(answer.score)
    return data


def _run_json(record: RunRecord) -> dict[str, Any]:
    run = record.run
    return {
        "id": run.id,
        "script_id": run.script_id,
        "script_title": run.script_title,
        "script_hash": run.script_hash,
        "phase": run.phase,
        "started_at": time_text(run.started_at),
        "ended_at": None if run.ended_at is None else time_text(run.ended_at),
        "finished": run.finished,
        "position": run.position,
        "infusion": None if record.infusion is None else _infusion_json(*record.infusion),
        "answers": [_answer_json(answer) for answer in record.answers],
        "drafts": record.drafts,
    }


def _infusion_json(number: int, infusion: Infusion) -> dict[str, Any]:
    return {"number": number, "starts_at": time_text(infusion.starts_at)}


@_collector_paused
def export_json(store: Store, since: date | None = None) -> str:
    """Every field of every run (answers and unfinished drafts), oldest first, and the
    infusions of the course (each run names its infusion by number and start)."""
    from companion.journal.model import numbered

    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": time_text(now()),
        "since": None if since is None else since.isoformat(),
        "infusions": [
            {
                **_infusion_json(number, infusion),
                "minutes": infusion.minutes,
                "ended_at": None if infusion.ended_at is None else time_text(infusion.ended_at),
                "note": infusion.note,
            }
            for number, infusion in numbered(store.infusions())
        ],
        "runs": [_run_json(record) for record in collect(store, since)],
    }
    import json

    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_bytes(text: str) -> bytes:
    """An export as it is stored or printed: UTF-8, lines ending in LF on every platform."""
    return text.encode("utf-8")


def write_export(text: str | bytes, path: Path, *, overwrite: bool = False) -> Path:
    """Write an export readable by its owner only (0600).

    The file is created 0600 (``O_EXCL`` or ``mkstemp``, then ``fchmod``) without touching the
    process umask, so this is safe to call from a worker thread. An existing file is never
    replaced unless ``overwrite`` is given (``FileExistsError``); when it is, the new file
    replaces it in one step, so a failure never leaves half an export.
    """
    data = export_bytes(text) if isinstance(text, str) else text
    if not overwrite:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | platform.not_inherited()
        fd = os.open(path, flags, FILE_MODE)
        try:
            _write_all(fd, data)
        except BaseException:
            path.unlink(missing_ok=True)  # a failed write leaves no half export behind
            raise
        return path
    try:
        existing = path.lstat().st_mode
    except FileNotFoundError:
        existing = None
    if existing is not None and not (stat.S_ISREG(existing) or stat.S_ISLNK(existing)):
        raise NotAFileError(path)
    import tempfile  # here, not at the top: it costs every start-up a few milliseconds

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        _write_all(fd, data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


class NotAFileError(OSError):
    """``--force`` never replaces a device, a pipe or a folder with an export."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.EEXIST,
            "it is a device, a pipe or a folder, not a file, so it is never replaced",
            str(path),
        )


def _write_all(fd: int, data: bytes) -> None:
    try:
        platform.set_mode(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def export_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where "Export for my therapist" writes: ``$COMPANION_HOME`` when it is set (tests and
    demos), else the user's documents folder when there is one, else the home folder."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def export_path(folder: Path, today: date) -> Path:
    """``companion-journal-2026-05-04.md``, or ``...-2.md`` and so on when that name is taken."""
    stem = f"companion-journal-{today.isoformat()}"
    path = folder / f"{stem}.md"
    number = 2
    while os.path.lexists(path):  # a dangling link holds a name too
        path = folder / f"{stem}-{number}.md"
        number += 1
    return path
