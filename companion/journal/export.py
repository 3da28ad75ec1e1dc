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
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from companion import platform
from companion.journal.codec import score_json, time_text
from companion.journal.files import FILE_MODE
from companion.journal.model import Answer, Infusion, RunInfo, Store, now, numbered, ordinal
from companion.paths import HOME_ENV
from companion.script.model import BULLET

FORMAT_NAME = "companion-journal"
FORMAT_VERSION = 1
CARE_TEAM_HEADING = "To talk over with my care team"

PHASES = {"before": "Before the session", "after": "After the session"}


@dataclass(frozen=True)
class RunRecord:
    """A run with everything written in it."""

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


def _paragraphs(text: str) -> str:
    """Multi-line text with its line breaks kept (hard breaks) and blank lines as paragraphs."""
    lines = [_escape(line.rstrip()) for line in text.strip("\n").splitlines()]
    if len(lines) <= 1:
        return lines[0] if lines else "*(empty)*"
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


def _answer_md(answer: Answer) -> list[str]:
    shown = "*(skipped)*" if answer.value is None else _paragraphs(answer.display)
    lines = answer.display.splitlines()
    if (
        isinstance(answer.value, list)
        and len(lines) > 1
        and all(line.startswith(BULLET) for line in lines)
    ):
        shown = "\n".join(f"- {_escape(line[len(BULLET) :].strip())}" for line in lines)
    return [f"**{_cell(answer.prompt)}**", "", shown, ""]


def _run_md(record: RunRecord) -> list[str]:
    run = record.run
    began = run.started_at.astimezone()
    heading = f"## {_day_text(began.date())}, {_clock_text(began)} · {_cell(run.script_title)}"
    lines = [heading, ""]
    phase = PHASES.get(run.phase, run.phase.capitalize())
    ended = f"Finished at {_clock(run.ended_at)}." if run.ended_at else "Not finished."
    if record.infusion is not None:
        number, infusion = record.infusion
        phase += f" · {ordinal(number)} infusion, {_day(infusion.starts_at)}"
    lines += [f"*{phase}. {ended}*", ""]
    care = [a for a in record.answers if a.care_team]
    rest = [a for a in record.answers if not a.care_team]
    if care:
        lines += [f"### {CARE_TEAM_HEADING}", ""]
        for answer in care:
            lines += _answer_md(answer)
    if rest:
        if care:
            lines += ["### Everything else", ""]
        for answer in rest:
            lines += _answer_md(answer)
    if not record.answers:
        lines += ["*Nothing was answered.*", ""]
    return lines


def _total(answer: Answer) -> str | None:
    """``7 of 27 · Mild`` for a questionnaire answered in full; ``None`` otherwise."""
    score = answer.score
    if score is None or score.total is None:
        return None
    band = f" · {score.band}" if score.band else ""
    return f"{score.total} of {score.highest}{band}"


def _checkins_md(records: list[RunRecord]) -> list[str]:
    series: dict[tuple[str, str], list[tuple[RunInfo, Answer]]] = {}
    for record in records:
        for answer in record.answers:
            if isinstance(answer.value, int) or _total(answer) is not None:
                key = (record.run.script_id, answer.step_id)
                series.setdefault(key, []).append((record.run, answer))
    if not series:
        return []
    lines = ["## Check-ins over time", ""]
    for points in series.values():
        run, last = points[-1]
        scored = last.score is not None
        heading = f"{last.score.title} (the total)" if last.score is not None else last.prompt
        lines += [f"### {_cell(heading)}", "", f"*{_cell(run.script_title)}*", ""]
        column = "Total" if scored else "Answer"
        lines += [f"| Date | Time | {column} |", "| --- | --- | --- |"]
        for _, answer in sorted(points, key=lambda p: p[1].answered_at):
            total = _total(answer)
            shown = _cell(total) if total else _cell(answer.display) or str(answer.value)
            local = answer.answered_at.astimezone()
            lines.append(f"| {_short_day_text(local.date())} | {_clock_text(local)} | {shown} |")
        lines.append("")
    return lines


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
def export_markdown(store: Store, since: date | None = None) -> str:
    """The journal as Markdown: one section per run (care-team answers first), then the
    check-ins over time."""
    _weekday.cache_clear()
    _month.cache_clear()
    records = collect(store, since, drafts=False)
    generated = now()
    lines = ["# My journal", "", f"Generated on {_day(generated)} at {_clock(generated)}."]
    if records:
        first, last = records[0].run.started_at, records[-1].run.started_at
        count = "1 session" if len(records) == 1 else f"{len(records)} sessions"
        span = _day(first) if _day(first) == _day(last) else f"{_day(first)} to {_day(last)}"
        lines.append(f"{count}, {span}.")
    else:
        lines.append("There is nothing in the journal yet.")
    if since is not None:
        lines.append(f"Only sessions from {since.day} {since:%B %Y} on are included.")
    lines.append("")
    for record in records:
        lines += _run_md(record)
    lines += _checkins_md(records)
    return "\n".join(lines).rstrip("\n") + "\n"


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
