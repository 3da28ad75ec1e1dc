"""One run of a script: the flow, the store it writes through, and answers in plain words.

No Textual here: a front end calls these methods and shows what they return. Every answer goes
to the store the moment it is given; what a step type does with its answer (when it may be
skipped, how it reads in words, what leaving it keeps) is the step type's own rule, in
:mod:`companion.script.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from companion.journal.model import Answer, Store, now
from companion.run.flow import Flow, effective_answers
from companion.script.model import AnswerStep, AnswerValue, LoadedScript, Script, Step, TextStep

SKIP_KEEPS_WORDS = (
    "Your words are kept. To go on with them, choose Next; "
    "to skip this question, clear the text first."
)
"""Why Skip does nothing while words are typed (ctrl+s often means "save" to people)."""
CANNOT_SKIP = "This step cannot be skipped. Choose Next when you are ready."
THE_END = "You have come to the end. Thank you for taking this time."
MY_ANSWERS = "My answers"
NOTHING_WRITTEN = "No answers were written this time, and that is fine."
"""The words of a run's summary, the same in every front end (the care team's heading is
:data:`companion.journal.export.CARE_TEAM_HEADING`)."""


def prompt_of(script: Script, step: Step) -> str:
    """The words the patient saw as the question (variables filled in)."""
    return script.render(step.asked())


def in_words(script: Script, step: Step, value: AnswerValue) -> str:
    """An answer in plain words."""
    return step.in_words(value, script.render)


def answer_fits(step: Step, step_type: str, value: AnswerValue) -> bool:
    """Whether an answer kept for a step (of ``step_type``) can stand for the step as it is now.

    A therapist may change a script between visits: a step keeps its id but becomes another
    type, or loses the option or item an answer named. Such an answer is not the step's
    answer any more (it is kept in the journal as it was, and the step starts empty). A skip
    fits any step of the same type; what else fits is the step type's rule (``Step.fits``).
    """
    if step_type != step.type:
        return False
    return value is None or step.fits(value)


@dataclass
class Run:
    """A run in progress: every answer goes to the store the moment it is given."""

    loaded: LoadedScript
    store: Store
    run_id: int
    flow: Flow
    drafts: dict[str, str]
    aside: dict[str, Answer] = field(default_factory=dict)
    """Answers kept from before the script changed that no longer fit their step (another type,
    an option gone): never overwritten; moved to a key of their own before the step is answered."""

    @classmethod
    def start(
        cls,
        loaded: LoadedScript,
        store: Store,
        answers: Mapping[str, AnswerValue] | None = None,
        position: str | None = None,
        infusion_id: int | None = None,
    ) -> Run:
        """Begin a run in the journal, done for that infusion (if any). ``answers`` and
        ``position`` carry a preview's answers over to a reloaded script (each answer is
        recorded as if given again)."""
        script = loaded.script
        run_id = store.start_run(script.id, script.title, loaded.sha256, script.phase, infusion_id)
        run = cls(loaded, store, run_id, Flow(script, answers, position), {})
        for step_id, value in (answers or {}).items():
            run.record(script.step(step_id), value)
        run.moved()
        return run

    @classmethod
    def resume(cls, loaded: LoadedScript, store: Store, run_id: int) -> Run:
        info = store.run(run_id)
        steps = {s.id: s for s in loaded.script.steps}
        answers: dict[str, AnswerValue] = {}
        aside: dict[str, Answer] = {}
        for step_id, kept in store.answers(run_id).items():
            step = steps.get(step_id)
            if step is None:
                continue
            if answer_fits(step, kept.step_type, kept.value):
                answers[step_id] = kept.value
            else:
                aside[step_id] = kept
        flow = Flow(loaded.script, answers, position=info.position)
        return cls(loaded, store, run_id, flow, store.drafts(run_id), aside)

    @property
    def script(self) -> Script:
        return self.loaded.script

    def _keep_earlier_words(self, step: Step) -> None:
        """Before a step's answer or draft is replaced: move words that belong to an earlier
        form of the step (see :attr:`aside`) to a key of their own, exactly as they were."""
        earlier = self.aside.pop(step.id, None)
        draft = None if isinstance(step, TextStep) else self.drafts.pop(step.id, None)
        if earlier is None and draft is None:
            return
        taken = set(self.store.answers(self.run_id)) | set(self.store.drafts(self.run_id))

        def free(base: str) -> str:
            key, number = base, 2
            while key in taken:
                key, number = f"{base}-{number}", number + 1
            taken.add(key)
            return key

        if earlier is not None:
            key = free(f"{step.id}~earlier-{earlier.step_type}")
            self.store.record_answer(self.run_id, earlier._replace(step_id=key))
        if draft is not None:
            self.store.save_draft(self.run_id, free(f"{step.id}~earlier-draft"), draft)

    def record(self, step: Step, value: AnswerValue) -> None:
        """Keep an answer in the flow and in the store."""
        self._keep_earlier_words(step)
        self.flow.answer(step.id, value)
        care = isinstance(step, AnswerStep) and step.care_team
        answer = Answer(
            step_id=step.id,
            step_type=step.type,
            prompt=prompt_of(self.script, step),
            value=value,
            display=in_words(self.script, step, value),
            answered_at=now(),
            care_team=care,
            score=step.scored(value, self.script.render),
        )
        self.store.record_answer(self.run_id, answer)
        self.drafts.pop(step.id, None)

    def forget(self, step: Step) -> None:
        self._keep_earlier_words(step)
        self.flow.forget(step.id)
        self.store.forget_answer(self.run_id, step.id)

    def leave(self, step: Step, value: AnswerValue) -> None:
        """Keep what the step shows (``value``) as the patient leaves it, by the step's rule."""
        answers = self.flow.answers
        what = step.on_leave(value, answers.get(step.id), step.id in answers)
        if what == "record":
            self.record(step, value)
        elif what == "forget":
            self.forget(step)

    def skip(self, value: AnswerValue) -> str | None:
        """Skip the current step with ``value`` on screen: its answer becomes ``None`` and the
        run goes on. When it cannot be skipped, nothing changes and the gentle reason is
        returned: the step needs an answer, or words typed in the box would be thrown away."""
        if not self.flow.can_skip:
            return self.flow.waiting_for or CANNOT_SKIP
        if isinstance(value, str) and value.strip():
            return SKIP_KEEPS_WORDS
        self.record(self.flow.current, None)
        self.flow.skip()
        return None

    def save_draft(self, step: Step, text: str) -> None:
        self.drafts[step.id] = text
        self.store.save_draft(self.run_id, step.id, text)

    def moved(self) -> None:
        """Remember where the patient is."""
        self.store.set_position(self.run_id, self.flow.current.id)

    def finish(self) -> None:
        self.store.finish_run(self.run_id)

    def summary(self) -> tuple[list[Answer], list[Answer]]:
        """(to talk over with the care team, everything else), visible steps only, in order."""
        kept = self.store.answers(self.run_id)
        shown = effective_answers(self.script, self.flow.answers)
        ordered = [kept[i] for i in shown if i in kept]
        return [a for a in ordered if a.care_team], [a for a in ordered if not a.care_team]
