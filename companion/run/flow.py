"""The flow engine: which step comes next, which are hidden, and how far along the patient is.

Plain Python: the app renders a :class:`Flow` and forwards key presses to it.

Rules, decided here once:

- A step's ``when`` looks at earlier steps only (the loader checks that), so visibility is worked
  out in script order in one pass.
- **A hidden step's answer does not count.** While a step is hidden, conditions that look at it
  see it as unanswered, even when an answer from an earlier visit is still kept. Going back and
  changing an answer can therefore hide a later step, and with it everything that depended on
  that step's answer. The kept answer comes back into play if the step shows again.
- ``answered: true`` holds when the step has an answer that says something: text that is not
  blank, a number, at least one chosen option or ticked item. A skipped step (``None``) is not
  answered. ``answered: false`` holds exactly when ``answered: true`` does not.
- ``at_least`` / ``at_most`` hold only for a number; ``includes`` only for chosen option ids;
  ``checked`` only for ticked item ids. Anything else (no answer, a skip) does not hold.
- A questionnaire is looked at through its total: ``at_least``, ``at_most`` and ``band`` hold
  only once every item is answered, and so does ``answered: true``. Each step says this itself
  (``meets``); the flow asks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from companion.script.model import (
    AllOf,
    AnswerValue,
    AnyOf,
    Condition,
    Script,
    Step,
    StepCondition,
    meets,
)

Answers = Mapping[str, AnswerValue]


def holds(condition: Condition, answers: Answers, script: Script | None = None) -> bool:
    """Whether ``condition`` holds on ``answers`` (which should hold visible steps only).

    Each test is the looked-at step's own rule (``meets``: a questionnaire compares its total);
    without a ``script``, the rule for steps whose answer is what conditions compare."""
    if isinstance(condition, AllOf):
        return all(holds(c, answers, script) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(holds(c, answers, script) for c in condition.conditions)
    return _step_holds(condition, answers.get(condition.step), script)


def _step_holds(condition: StepCondition, value: AnswerValue, script: Script | None) -> bool:
    op, wanted = condition.op, condition.value
    if script is not None:
        try:
            return script.step(condition.step).meets(op, wanted, value)
        except KeyError:
            pass
    return meets(op, wanted, value)


def visible_steps(script: Script, answers: Answers) -> list[Step]:
    """The steps that show with these answers, in order."""
    shown: list[Step] = []
    seen: dict[str, AnswerValue] = {}
    for step in script.steps:
        if step.when is None or holds(step.when, seen, script):
            shown.append(step)
            if step.id in answers:
                seen[step.id] = answers[step.id]
    return shown


def effective_answers(script: Script, answers: Answers) -> dict[str, AnswerValue]:
    """The answers that count: those of visible steps, in script order."""
    return {s.id: answers[s.id] for s in visible_steps(script, answers) if s.id in answers}


def looks_at(condition: Condition) -> set[str]:
    """The ids of the steps a condition looks at."""
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(looks_at(c) for c in condition.conditions))
    return {condition.step}


@dataclass(frozen=True)
class Progress:
    """How far along the patient is, counting visible steps only."""

    number: int
    """The current step's place among the visible steps, from 1."""
    total: int
    fraction: float
    """0.0 at the first step, 1.0 when the run is complete."""
    certain: bool = True
    """False while answers still to come may show or hide steps ahead, so that the total may
    change: the label then says "about", and the number never looks like a promise."""

    @property
    def label(self) -> str:
        about = "" if self.certain else "about "
        return f"Step {self.number} of {about}{self.total}"


class Flow:
    """The flow of one run: the answers so far and where the patient is (nothing stored)."""

    def __init__(
        self,
        script: Script,
        answers: Mapping[str, AnswerValue] | None = None,
        position: str | None = None,
    ) -> None:
        self.script = script
        self.answers: dict[str, AnswerValue] = dict(answers or {})
        self.complete = False
        self._current = self.visible[0].id
        if position is not None:
            self.resume(position)

    @property
    def visible(self) -> list[Step]:
        return visible_steps(self.script, self.answers)

    @property
    def current(self) -> Step:
        """The step on screen (the last one once the run is complete)."""
        return self.script.step(self._current)

    @property
    def index(self) -> int:
        return [s.id for s in self.visible].index(self._current)

    @property
    def progress(self) -> Progress:
        total = len(self.visible)
        index = self.index
        fraction = 1.0 if self.complete else index / total
        return Progress(index + 1, total, fraction, self.total_is_certain)

    @property
    def total_is_certain(self) -> bool:
        """Whether the number of steps can no longer change as the patient goes on: no step
        ahead has a condition on this step or one after it (going back may change it still)."""
        ids = [s.id for s in self.script.steps]
        here = ids.index(self._current)
        open_ids = set(ids[here:])
        return not any(
            step.when is not None and looks_at(step.when) & open_ids
            for step in self.script.steps[here + 1 :]
        )

    @property
    def value(self) -> AnswerValue:
        """The current step's answer so far."""
        return self.answers.get(self._current)

    def answer(self, step_id: str, value: AnswerValue) -> None:
        """Keep an answer; later steps are re-evaluated the next time they are asked for."""
        self.answers[step_id] = value
        self._keep_position()

    def forget(self, step_id: str) -> None:
        self.answers.pop(step_id, None)
        self._keep_position()

    @property
    def waiting_for(self) -> str | None:
        """Why the current step cannot be left yet, or ``None``."""
        return self.current.waiting_for(self.value)

    @property
    def can_skip(self) -> bool:
        return self.current.may_skip

    @property
    def can_go_back(self) -> bool:
        return self.complete or self.index > 0

    def next(self) -> str | None:
        """Go on to the next visible step (or complete the run); the gentle reason if not yet."""
        reason = self.waiting_for
        if reason is not None:
            return reason
        self._advance()
        return None

    def skip(self) -> bool:
        """Skip an optional step: its answer becomes ``None``. False when it cannot be skipped."""
        if not self.can_skip:
            return False
        self.answers[self._current] = None
        self._advance()
        return True

    def back(self) -> bool:
        """Go to the previous visible step (from the end: back to the last step)."""
        if self.complete:
            self.complete = False
            return True
        index = self.index
        if index == 0:
            return False
        self._current = self.visible[index - 1].id
        return True

    def resume(self, step_id: str) -> None:
        """Go to ``step_id``; if it is hidden, the next visible step after it; if it no longer
        exists, the first visible step without an answer (or the last one)."""
        self.complete = False
        ids = [s.id for s in self.script.steps]
        if step_id in ids:
            self._current = step_id
            self._keep_position()
            return
        visible = self.visible
        unanswered = [s for s in visible if s.answerable and s.id not in self.answers]
        self._current = (unanswered[0] if unanswered else visible[-1]).id

    def _advance(self) -> None:
        visible = self.visible
        index = [s.id for s in visible].index(self._current)
        if index + 1 < len(visible):
            self._current = visible[index + 1].id
        else:
            self.complete = True

    def _keep_position(self) -> None:
        """If the current step is hidden now, move to the next visible step after it."""
        visible_ids = {s.id for s in self.visible}
        if self._current in visible_ids:
            return
        ids = [s.id for s in self.script.steps]
        after = ids[ids.index(self._current) + 1 :]
        following = [i for i in after if i in visible_ids]
        if following:
            self._current = following[0]
        else:
            self._current = [s.id for s in self.visible][-1]
