"""What the journal keeps, and the small interface the app writes through.

The app never talks to SQLite directly: it writes through :class:`Store`. The journal's SQLite
store implements it for real use; :class:`MemoryStore` implements it for ``companion preview``,
where a therapist tries a script out and nothing may be saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

if TYPE_CHECKING:
    # Annotations only: the journal opens, lists and exports without the script model.
    from companion.journal.search import SearchHit
    from companion.script.model import AnswerValue, Score


def new_uid() -> str:
    """A random name for something that must keep its name (an infusion's calendar entry)."""
    import uuid  # uuid imports the platform module: not for every opening of the journal

    return str(uuid.uuid4())


def now() -> datetime:
    """The current time, timezone-aware (UTC). Stored times are always aware."""
    return datetime.now(UTC)


class Answer(NamedTuple):
    """One answered step, kept with the words the patient saw so that later edits of the script
    never change what was written."""

    step_id: str
    step_type: str
    prompt: str
    """The prompt (or title) as the patient saw it, variables filled in."""
    value: AnswerValue
    display: str
    """The answer in plain words: the text, "7 (Quite anxious)", the chosen options' texts."""
    answered_at: datetime
    """When it was given (:func:`now`, as the run records it)."""
    care_team: bool = False
    """The script marks this step as something to talk over with the care team."""
    score: Score | None = None
    """A questionnaire's total and band, with its items and answers as the patient saw them."""


class RunInfo(NamedTuple):
    """One run: one time through a script, as the journal keeps it."""

    id: int
    script_id: str
    script_title: str
    script_hash: str
    """SHA-256 of the script file as it was when the run started."""
    phase: str
    """``before`` or ``after``."""
    started_at: datetime
    ended_at: datetime | None = None
    position: str | None = None
    """The step the patient was on, so that an unfinished run can be continued."""
    infusion_id: int | None = None
    """The infusion the run was done for (the coming one for a before-script, the last ended
    one for an after-script); ``None`` for runs from before the course was kept, or whose
    infusion was removed."""

    @property
    def finished(self) -> bool:
        return self.ended_at is not None


class Infusion(NamedTuple):
    """One infusion of the course, as the journal keeps it. Its number in the course is its
    place among all infusions in order of start (see :func:`numbered`)."""

    id: int
    uid: str
    """A random name that never changes, so a calendar entry made from it is updated, not
    duplicated, when the calendar is imported again."""
    starts_at: datetime
    minutes: int | None = None
    """How long this one is planned to take; ``None``: the course's typical length."""
    ended_at: datetime | None = None
    """When the patient said they were back; ``None`` until then."""
    note: str | None = None


def numbered(infusions: Iterable[Infusion]) -> list[tuple[int, Infusion]]:
    """Infusions in the order of the course, each with its number (the first is 1)."""
    ordered = sorted(infusions, key=lambda i: (i.starts_at, i.id))
    return list(enumerate(ordered, start=1))


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{'th' if 10 <= number % 100 <= 20 else suffix}"


class Store(Protocol):
    """Where answers go the moment they are given."""

    def start_run(
        self,
        script_id: str,
        script_title: str,
        script_hash: str,
        phase: str,
        infusion_id: int | None = None,
    ) -> int:
        """Begin a run (done for that infusion, if any) and return its id."""
        ...

    def record_answer(self, run_id: int, answer: Answer) -> None:
        """Store (or replace) the answer to one step and drop that step's draft."""
        ...

    def forget_answer(self, run_id: int, step_id: str) -> None:
        """Remove the answer to one step (its text was cleared, say)."""
        ...

    def save_draft(self, run_id: int, step_id: str, text: str) -> None:
        """Keep text that is still being typed."""
        ...

    def drafts(self, run_id: int) -> dict[str, str]:
        """Drafts of a run, by step id."""
        ...

    def set_position(self, run_id: int, step_id: str) -> None:
        """Remember which step the patient is on."""
        ...

    def finish_run(self, run_id: int) -> None:
        """Mark a run as completed now."""
        ...

    def answers(self, run_id: int) -> dict[str, Answer]:
        """A run's answers, by step id, in the order they were first given."""
        ...

    def answers_by_run(self, run_ids: Iterable[int]) -> dict[int, list[Answer]]:
        """The answers of many runs at once (for exports), each run's in the order they were
        first given. Every id asked for is a key; a run with no answers, or no such run, maps
        to an empty list."""
        ...

    def run(self, run_id: int) -> RunInfo:
        """One run (``KeyError`` if there is none)."""
        ...

    def runs(self) -> list[RunInfo]:
        """All runs, newest first."""
        ...

    def unfinished(self) -> list[RunInfo]:
        """Runs that were started and not finished, newest first."""
        ...

    def last_finished(self, phase: str) -> datetime | None:
        """When the most recent completed run of that phase ended."""
        ...

    def infusions(self) -> list[Infusion]:
        """Every infusion of the course, in order of start."""
        ...

    def add_infusion(
        self, starts_at: datetime, minutes: int | None = None, note: str | None = None
    ) -> int:
        """Add an infusion and return its id."""
        ...

    def change_infusion(self, infusion: Infusion) -> None:
        """Store an infusion's start, length, end and note as given (``KeyError`` if there is
        no infusion with its id)."""
        ...

    def remove_infusion(self, infusion_id: int) -> int:
        """Remove an infusion (``KeyError`` if there is none); its runs stay, linked to no
        infusion. Returns how many runs were unlinked."""
        ...

    def close(self) -> None:
        """Write everything out and release the store."""
        ...


@runtime_checkable
class Searchable(Protocol):
    """A store that can search everything written (the SQLite journal; not a preview's)."""

    def search(self, query: str, limit: int | None = 200) -> list[SearchHit]: ...


@runtime_checkable
class Trending(Protocol):
    """A store that can give a scale step's answers (or a questionnaire's totals) over time."""

    def trend(self, script_id: str, step_id: str) -> list[tuple[datetime, int]]: ...

    def trend_points(
        self, script_id: str, step_id: str
    ) -> list[tuple[datetime, int, int | None]]: ...


class MemoryStore:
    """A :class:`Store` that keeps everything in memory and writes nothing (for previews)."""

    def __init__(self) -> None:
        self._runs: dict[int, RunInfo] = {}
        self._answers: dict[int, dict[str, Answer]] = {}
        self._drafts: dict[int, dict[str, str]] = {}
        self._infusions: dict[int, Infusion] = {}
        self._last_infusion = 0

    def start_run(
        self,
        script_id: str,
        script_title: str,
        script_hash: str,
        phase: str,
        infusion_id: int | None = None,
    ) -> int:
        run_id = len(self._runs) + 1
        self._runs[run_id] = RunInfo(
            run_id, script_id, script_title, script_hash, phase, now(), infusion_id=infusion_id
        )
        self._answers[run_id] = {}
        self._drafts[run_id] = {}
        return run_id

    def record_answer(self, run_id: int, answer: Answer) -> None:
        self._answers[run_id][answer.step_id] = answer
        self._drafts[run_id].pop(answer.step_id, None)

    def forget_answer(self, run_id: int, step_id: str) -> None:
        self._answers[run_id].pop(step_id, None)

    def save_draft(self, run_id: int, step_id: str, text: str) -> None:
        self._drafts[run_id][step_id] = text

    def drafts(self, run_id: int) -> dict[str, str]:
        return dict(self._drafts[run_id])

    def set_position(self, run_id: int, step_id: str) -> None:
        self._runs[run_id] = self._runs[run_id]._replace(position=step_id)

    def finish_run(self, run_id: int) -> None:
        self._runs[run_id] = self._runs[run_id]._replace(ended_at=now())

    def answers(self, run_id: int) -> dict[str, Answer]:
        return dict(self._answers[run_id])

    def answers_by_run(self, run_ids: Iterable[int]) -> dict[int, list[Answer]]:
        return {run_id: list(self._answers.get(run_id, {}).values()) for run_id in run_ids}

    def run(self, run_id: int) -> RunInfo:
        return self._runs[run_id]

    def runs(self) -> list[RunInfo]:
        return sorted(self._runs.values(), key=lambda r: (r.started_at, r.id), reverse=True)

    def unfinished(self) -> list[RunInfo]:
        return [r for r in self.runs() if not r.finished]

    def last_finished(self, phase: str) -> datetime | None:
        ends = [r.ended_at for r in self._runs.values() if r.phase == phase and r.ended_at]
        return max(ends, default=None)

    def infusions(self) -> list[Infusion]:
        return [infusion for _, infusion in numbered(self._infusions.values())]

    def add_infusion(
        self, starts_at: datetime, minutes: int | None = None, note: str | None = None
    ) -> int:
        self._last_infusion += 1
        infusion_id = self._last_infusion
        self._infusions[infusion_id] = Infusion(
            infusion_id, new_uid(), starts_at, minutes, None, note
        )
        return infusion_id

    def change_infusion(self, infusion: Infusion) -> None:
        if infusion.id not in self._infusions:
            raise KeyError(infusion.id)
        self._infusions[infusion.id] = infusion._replace(uid=self._infusions[infusion.id].uid)

    def remove_infusion(self, infusion_id: int) -> int:
        del self._infusions[infusion_id]
        linked = [r for r in self._runs.values() if r.infusion_id == infusion_id]
        for run in linked:
            self._runs[run.id] = run._replace(infusion_id=None)
        return len(linked)

    def close(self) -> None:
        return None
