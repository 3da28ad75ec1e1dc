"""Nothing is lost silently: when the disk refuses a write, the words wait in memory.

:class:`HoldingStore` wraps the journal. A write that fails (a full or read-only disk, a folder
that vanished) is held, in order, and the patient is told once, in calm words. Every later write
tries the held ones first, the front end tries them every :data:`RETRY_EVERY` seconds, and the
patient is told when everything is saved again. Reads show the held answers and drafts, so the screen never goes back
in time. Quitting with words still held asks once more before letting go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Literal, NamedTuple

from companion.journal.errors import database_errors
from companion.journal.model import Answer, Infusion, RunInfo, Store


def write_errors() -> tuple[type[Exception], ...]:
    """What a refused write raises: the journal's database errors (SQLCipher's too, for an
    encrypted journal) and the operating system's."""
    return (*database_errors(), OSError)


RETRY_EVERY = 5.0
"""Seconds between attempts to save held words while the disk refuses them."""

TROUBLE = (
    "Your words could not be saved to the journal just now (the disk may be full or "
    "read-only). They are safe here in the app, and saving will be tried again by itself."
)
SAVED_AGAIN = "Everything you wrote is saved in your journal again."
QUIT_HELD = (
    "Some of your words are not saved yet, because the disk still refuses them. "
    "Free some space or ask someone to help, then close again. "
    "Closing again now would lose only those unsaved words."
)
START_FAILED = (
    "This could not be started because the journal cannot be written just now "
    "(the disk may be full or read-only). Nothing you wrote before is affected."
)

Kind = Literal["answer", "forget", "draft", "position", "finish"]


class Held(NamedTuple):
    """One write the journal refused, kept to be tried again."""

    kind: Kind
    run_id: int
    step_id: str = ""
    answer: Answer | None = None
    text: str = ""

    def apply(self, store: Store) -> None:
        if self.kind == "answer" and self.answer is not None:
            store.record_answer(self.run_id, self.answer)
        elif self.kind == "forget":
            store.forget_answer(self.run_id, self.step_id)
        elif self.kind == "draft":
            store.save_draft(self.run_id, self.step_id, self.text)
        elif self.kind == "position":
            store.set_position(self.run_id, self.step_id)
        elif self.kind == "finish":
            store.finish_run(self.run_id)


Tell = Callable[[str, bool], None]
"""Told a message for the patient, and whether words are being held (True) or all saved."""


class HoldingStore:
    """A :class:`~companion.journal.model.Store` that holds refused writes until they succeed."""

    def __init__(self, inner: Store, tell: Tell) -> None:
        self.inner = inner
        self._tell = tell
        self._held: list[Held] = []

    @property
    def held(self) -> tuple[Held, ...]:
        return tuple(self._held)

    def retry(self) -> bool:
        """Try the held writes again, oldest first; True when nothing is held any more."""
        had = bool(self._held)
        while self._held:
            try:
                self._held[0].apply(self.inner)
            except write_errors():
                return False
            self._held.pop(0)
        if had:
            self._tell(SAVED_AGAIN, False)
        return True

    def _keep(self, write: Held) -> None:
        if self.retry():
            try:
                write.apply(self.inner)
                return
            except write_errors():
                pass
        first = not self._held
        self._held.append(write)
        if first:
            self._tell(TROUBLE, True)

    def start_run(
        self,
        script_id: str,
        script_title: str,
        script_hash: str,
        phase: str,
        infusion_id: int | None = None,
    ) -> int:
        self.retry()
        return self.inner.start_run(script_id, script_title, script_hash, phase, infusion_id)

    def record_answer(self, run_id: int, answer: Answer) -> None:
        self._keep(Held("answer", run_id, answer.step_id, answer=answer))

    def forget_answer(self, run_id: int, step_id: str) -> None:
        self._keep(Held("forget", run_id, step_id))

    def save_draft(self, run_id: int, step_id: str, text: str) -> None:
        self._keep(Held("draft", run_id, step_id, text=text))

    def set_position(self, run_id: int, step_id: str) -> None:
        self._keep(Held("position", run_id, step_id))

    def finish_run(self, run_id: int) -> None:
        self._keep(Held("finish", run_id))

    def drafts(self, run_id: int) -> dict[str, str]:
        found = self.inner.drafts(run_id)
        for held in self._held:
            if held.run_id != run_id:
                continue
            if held.kind == "draft":
                found[held.step_id] = held.text
            elif held.kind == "answer":
                found.pop(held.step_id, None)
        return found

    def answers(self, run_id: int) -> dict[str, Answer]:
        found = self.inner.answers(run_id)
        for held in self._held:
            if held.run_id != run_id:
                continue
            if held.kind == "answer" and held.answer is not None:
                found[held.step_id] = held.answer
            elif held.kind == "forget":
                found.pop(held.step_id, None)
        return found

    def answers_by_run(self, run_ids: Iterable[int]) -> dict[int, list[Answer]]:
        return self.inner.answers_by_run(run_ids)

    def run(self, run_id: int) -> RunInfo:
        return self.inner.run(run_id)

    def runs(self) -> list[RunInfo]:
        return self.inner.runs()

    def unfinished(self) -> list[RunInfo]:
        return self.inner.unfinished()

    def last_finished(self, phase: str) -> datetime | None:
        return self.inner.last_finished(phase)

    # The course is changed only by the patient's own choice on a screen that can say at once
    # that it was not saved; those writes are not held.
    def infusions(self) -> list[Infusion]:
        return self.inner.infusions()

    def add_infusion(
        self, starts_at: datetime, minutes: int | None = None, note: str | None = None
    ) -> int:
        self.retry()
        return self.inner.add_infusion(starts_at, minutes, note)

    def change_infusion(self, infusion: Infusion) -> None:
        self.retry()
        self.inner.change_infusion(infusion)

    def remove_infusion(self, infusion_id: int) -> int:
        self.retry()
        return self.inner.remove_infusion(infusion_id)

    def close(self) -> None:
        """One last try to save what is held, then close the journal."""
        self.retry()
        self.inner.close()
