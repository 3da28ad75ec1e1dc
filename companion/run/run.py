"""One run of a script: the flow, the store it writes through, and answers in plain words.

No Textual here: screens call these methods and render what they return.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.journal.model import Answer, AnswerValue, Store
from companion.run.flow import Flow, effective_answers
from companion.script.model import (
    AnswerStep,
    ChecklistStep,
    ChoiceStep,
    LoadedScript,
    ScaleStep,
    Script,
    Step,
)


def prompt_of(script: Script, step: Step) -> str:
    """The words the patient saw as the question (variables filled in)."""
    text = getattr(step, "prompt", None) or step.title or step.id
    return script.render(str(text))


def display(script: Script, step: Step, value: AnswerValue) -> str:
    """An answer in plain words."""
    if value is None:
        return "Skipped"
    if isinstance(step, ScaleStep) and isinstance(value, int):
        label = step.label(value)
        return f"{value} ({script.render(label)})" if label else str(value)
    if isinstance(step, ChoiceStep) and isinstance(value, list):
        return ", ".join(script.render(step.option_text(v)) for v in value) or "Nothing chosen"
    if isinstance(step, ChecklistStep) and isinstance(value, list):
        texts = [script.render(i.text) for i in step.items if i.id in value]
        return ", ".join(texts) or "Nothing ticked"
    return str(value)


@dataclass
class Session:
    """A run in progress: every answer goes to the store the moment it is given."""

    loaded: LoadedScript
    store: Store
    run_id: int
    flow: Flow
    drafts: dict[str, str]

    @classmethod
    def start(cls, loaded: LoadedScript, store: Store) -> Session:
        script = loaded.script
        run_id = store.start_run(script.id, script.title, loaded.sha256, script.phase)
        flow = Flow(script)
        store.set_position(run_id, flow.current.id)
        return cls(loaded, store, run_id, flow, {})

    @classmethod
    def resume(cls, loaded: LoadedScript, store: Store, run_id: int) -> Session:
        info = store.run(run_id)
        ids = {s.id for s in loaded.script.steps}
        answers = {k: a.value for k, a in store.answers(run_id).items() if k in ids}
        flow = Flow(loaded.script, answers, position=info.position)
        return cls(loaded, store, run_id, flow, store.drafts(run_id))

    @property
    def script(self) -> Script:
        return self.loaded.script

    def record(self, step: Step, value: AnswerValue) -> None:
        """Keep an answer in the flow and in the store."""
        self.flow.answer(step.id, value)
        care = isinstance(step, AnswerStep) and step.care_team
        answer = Answer(
            step_id=step.id,
            step_type=step.type,
            prompt=prompt_of(self.script, step),
            value=value,
            display=display(self.script, step, value),
            care_team=care,
        )
        self.store.record_answer(self.run_id, answer)
        self.drafts.pop(step.id, None)

    def forget(self, step: Step) -> None:
        self.flow.forget(step.id)
        self.store.forget_answer(self.run_id, step.id)

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
