"""The script format, version 1: what a therapist writes and what a run goes through.

Every field carries a one-line description (``doc``) that the JSON Schema shows in a therapist's
editor, so this module is the single source of truth for the format: the loader converts YAML
into these classes by reading their fields, and :mod:`companion.script.schema` describes them.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal

from companion.script import timing
from companion.script.instruments import INSTRUMENTS
from companion.script.timing import DURATION_PATTERN, parse_duration

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VARIABLE_PATTERN = r"^[a-z_][a-z0-9_]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def spec(
    doc: str,
    *,
    default: Any = MISSING,
    text: bool = False,
    pattern: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    min_items: int | None = None,
    pattern_hint: str | None = None,
) -> Any:
    """A dataclass field with the facts the loader and the schema need.

    ``text`` marks fields shown to the patient: they may use ``{variable}`` placeholders.
    """
    metadata = {
        "doc": doc,
        "text": text,
        "pattern": pattern,
        "minimum": minimum,
        "maximum": maximum,
        "min_items": min_items,
        "pattern_hint": pattern_hint,
    }
    if default is MISSING:
        return field(metadata=metadata)
    if isinstance(default, dict | list):
        frozen = default
        return field(default_factory=lambda: type(frozen)(frozen), metadata=metadata)
    return field(default=default, metadata=metadata)


AnswerValue = str | int | list[str] | dict[str, int] | None
"""An answer: text (str), a scale value (int), chosen option ids or checked item ids (list[str]),
a questionnaire's answer value by item id (dict[str, int]). ``None`` records a step the patient
chose to skip."""

Render = Callable[[str], str]
"""Fills a script's ``{variables}`` into a text (:meth:`Script.render`)."""
Suggest = Callable[[str, Iterable[str]], str]
"""``did you mean 'x'?`` for a name that is not among the known ones (the checker's)."""
Leave = Literal["record", "forget", "nothing"]
"""What happens to a step's answer as the patient leaves it (:meth:`BaseStep.on_leave`)."""


BULLET = "• "
"""How each of several chosen items starts its line in an answer's words."""


def as_list(items: list[str]) -> str:
    """Several chosen items one to a line, each after a bullet (items hold commas and full
    stops of their own); a single item as it is."""
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(BULLET + " ".join(item.split()) for item in items)


def is_answered(value: AnswerValue) -> bool:
    """An answer that says something: not a skip, not blank text, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | dict):
        return len(value) > 0
    return True


@dataclass(frozen=True)
class Finding:
    """A problem one step has on its own: where (after the step's own path), what, and the key
    whose place in the file the message points at."""

    where: str
    message: str
    mark: str


Operator = Literal["at_least", "at_most", "includes", "checked", "answered", "band"]
OPERATORS: tuple[Operator, ...] = (
    "at_least",
    "at_most",
    "includes",
    "checked",
    "answered",
    "band",
)


def meets(op: Operator, wanted: int | str | bool, value: AnswerValue) -> bool:
    """Whether an answer passes one test, for steps whose answer is what conditions compare.

    ``answered`` holds for an answer that says something; ``at_least``/``at_most`` only for a
    number; ``includes``/``checked`` only for chosen or ticked ids. Nothing else holds.
    """
    if op == "answered":
        return is_answered(value) == bool(wanted)
    if op in ("at_least", "at_most"):
        if not isinstance(value, int) or isinstance(value, bool) or isinstance(wanted, bool):
            return False
        if not isinstance(wanted, int):
            return False
        return value >= wanted if op == "at_least" else value <= wanted
    if op in ("includes", "checked"):
        return isinstance(value, list) and wanted in value
    return False


@dataclass(frozen=True)
class StepCondition:
    """Holds when an earlier step's answer passes one test."""

    step: str
    op: Operator
    value: int | str | bool


@dataclass(frozen=True)
class AllOf:
    """Holds when every condition in it holds."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """Holds when at least one condition in it holds."""

    conditions: tuple[Condition, ...]


Condition = StepCondition | AllOf | AnyOf


SupportFocus = Literal["care_team", "everyone"]


@dataclass(frozen=True, kw_only=True)
class ChecklistItem:
    """One thing to tick off."""

    id: str = spec("Names the item; conditions refer to it with `checked`.", pattern=ID_PATTERN)
    text: str = spec("The item as the patient reads it.", text=True)
    required: bool = spec("The patient is gently asked to tick it before going on.", default=False)


@dataclass(frozen=True, kw_only=True)
class Option:
    """One answer the patient can choose."""

    id: str = spec("Names the option; conditions refer to it with `includes`.", pattern=ID_PATTERN)
    text: str = spec("The option as the patient reads it.", text=True)
    exclusive: bool = spec(
        "With `multiple: true`: choosing this option clears the others, and choosing another "
        "clears it (for answers such as `Nothing in particular`).",
        default=False,
    )


@dataclass(frozen=True, kw_only=True)
class Threshold:
    """When a scale answer should gently offer support. Give `at_least` or `at_most`, not both."""

    EXAMPLE: ClassVar[str] = "{at_least: 8}"

    at_least: int | None = spec(
        "Offer support when the answer is this value or higher.", default=None
    )
    at_most: int | None = spec(
        "Offer support when the answer is this value or lower.", default=None
    )
    show: SupportFocus = spec(
        "What the offer is about: `care_team` (ordinary worries: the care team, with the crisis "
        "lines kept to one line below) or `everyone` (the care team and the crisis lines in full).",
        default="everyone",
    )


@dataclass(frozen=True, kw_only=True)
class BreathingPattern:
    """A breathing rhythm in seconds; a phase of 0 is left out."""

    EXAMPLE: ClassVar[str] = "{inhale: 4, exhale: 6}"

    inhale: float = spec("Seconds breathing in.", minimum=1, maximum=20)
    hold: float = spec("Seconds holding after breathing in.", default=0.0, minimum=0, maximum=20)
    exhale: float = spec("Seconds breathing out.", minimum=1, maximum=20)
    rest: float = spec("Seconds resting after breathing out.", default=0.0, minimum=0, maximum=20)


@dataclass(frozen=True, kw_only=True)
class BaseStep:
    id: str = spec(
        "Names the step, unique within the script; conditions and the journal refer to it.",
        pattern=ID_PATTERN,
    )
    title: str | None = spec("A short heading for the step.", default=None, text=True)
    when: Condition | None = spec(
        "Show this step only when the condition holds (looks at earlier steps only).",
        default=None,
    )

    conditions: ClassVar[tuple[Operator, ...]] = ()
    """The condition operators that may look at this step's answer."""

    @property
    def answerable(self) -> bool:
        return False

    @property
    def may_skip(self) -> bool:
        """Whether the patient may go on without an answer (``Skip``)."""
        return False

    def asked(self) -> str:
        """What the step asks (its prompt, else its title, else its id), before variables."""
        prompt = getattr(self, "prompt", None)
        return str(prompt or self.title or self.id)

    def waiting_for(self, value: AnswerValue) -> str | None:
        """Why the patient cannot go on from this step yet, in gentle words; ``None`` when
        they can."""
        return None

    def in_words(self, value: AnswerValue, render: Render) -> str:
        """An answer to this step in plain words, as the summary and the journal show it."""
        return "Skipped" if value is None else str(value)

    def on_leave(self, value: AnswerValue, kept: AnswerValue, has_kept: bool) -> Leave:
        """What to do with the answer on screen (``value``) as the patient leaves the step,
        given the answer kept so far. Most steps record each answer the moment it is given."""
        return "nothing"

    def fits(self, value: AnswerValue) -> bool:
        """Whether an answer (not a skip) kept from an earlier visit to a step of this id and
        type can stand for the step as it is now: the script may have changed since, and an
        answer naming an option or item that is gone, or a number off the scale, is no longer
        this step's answer."""
        return True

    def offers_support(self, value: AnswerValue) -> bool:
        """Whether this answer should gently offer the support resources."""
        return False

    def findings(self) -> list[Finding]:
        """Problems the step has on its own (ranges, repeated ids, fields that exclude each
        other), for the checker."""
        return []

    def tracks(self) -> list[tuple[str, str]]:
        """The sound tracks this step plays: (where, track id)."""
        return []

    def condition_problem(
        self, op: Operator, value: int | str | bool, suggest: Suggest
    ) -> str | None:
        """What is wrong with a condition ``op: value`` that looks at this step (the operator
        already fits), or ``None``."""
        return None

    def meets(self, op: Operator, wanted: int | str | bool, value: AnswerValue) -> bool:
        """Whether a condition ``op: wanted`` on this step holds for its answer ``value``."""
        return meets(op, wanted, value)

    def scored(self, value: AnswerValue, render: Render) -> Score | None:
        """The answer scored (total, band and the words as seen), for steps that score."""
        return None


def _unique(ids: list[str], where: str, what: str) -> list[Finding]:
    found, seen = [], set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            path = f"{where}[{index}].id"
            found.append(Finding(path, f"{what} id '{item_id}' is used twice in this step", path))
        seen.add(item_id)
    return found


@dataclass(frozen=True, kw_only=True)
class InfoStep(BaseStep):
    """Text to read: explanation, reassurance, what comes next."""

    type: Literal["info"] = spec("The kind of step.")
    body: str = spec("What the patient reads, in Markdown.", text=True)


@dataclass(frozen=True, kw_only=True)
class AnswerStep(BaseStep):
    care_team: bool = spec(
        "The answers are things to talk over with the care team: listed first in the summary "
        "and in exports.",
        default=False,
    )

    @property
    def answerable(self) -> bool:
        return True


@dataclass(frozen=True, kw_only=True)
class ChecklistStep(AnswerStep):
    """Things to tick off, such as what to bring on the day."""

    type: Literal["checklist"] = spec("The kind of step.")
    prompt: str | None = spec("A line above the list.", default=None, text=True)
    items: tuple[ChecklistItem, ...] = spec("The things to tick off.", min_items=1)

    conditions: ClassVar[tuple[Operator, ...]] = ("checked", "answered")

    def waiting_for(self, value: AnswerValue) -> str | None:
        ticked = value if isinstance(value, list) else []
        missing = [item for item in self.items if item.required and item.id not in ticked]
        if not missing:
            return None
        if len(missing) == 1:
            return "When you are ready, tick the item marked as needed to go on."
        return f"When you are ready, tick the {len(missing)} items marked as needed to go on."

    def in_words(self, value: AnswerValue, render: Render) -> str:
        if isinstance(value, list):
            ticked = [render(i.text) for i in self.items if i.id in value]
            return as_list(ticked) or "Nothing ticked"
        return super().in_words(value, render)

    def on_leave(self, value: AnswerValue, kept: AnswerValue, has_kept: bool) -> Leave:
        # Leaving an untouched list records it as it stands (nothing ticked is an answer too).
        return "nothing" if has_kept else "record"

    def fits(self, value: AnswerValue) -> bool:
        known = {item.id for item in self.items}
        return isinstance(value, list) and all(isinstance(v, str) and v in known for v in value)

    def findings(self) -> list[Finding]:
        return _unique([item.id for item in self.items], ".items", "item")

    def condition_problem(
        self, op: Operator, value: int | str | bool, suggest: Suggest
    ) -> str | None:
        ids = [i.id for i in self.items]
        if op == "checked" and value not in ids:
            return f"'{self.id}' has no item '{value}'{suggest(str(value), ids)}"
        return None


@dataclass(frozen=True, kw_only=True)
class TextStep(AnswerStep):
    """A question answered in the patient's own words."""

    type: Literal["text"] = spec("The kind of step.")
    prompt: str = spec("The question.", text=True)
    hint: str | None = spec(
        "A gentle example or suggestion shown under the question.", default=None, text=True
    )
    optional: bool = spec("The patient may go on without writing anything.", default=True)

    conditions: ClassVar[tuple[Operator, ...]] = ("answered",)

    @property
    def may_skip(self) -> bool:
        return self.optional

    def waiting_for(self, value: AnswerValue) -> str | None:
        if not self.optional and not is_answered(value):
            return "A few words are enough to go on. There is no wrong answer."
        return None

    def on_leave(self, value: AnswerValue, kept: AnswerValue, has_kept: bool) -> Leave:
        # The words in the box are the answer; clearing them means "forget what I wrote".
        if isinstance(value, str) and value.strip():
            return "record"
        return "forget" if isinstance(kept, str) else "nothing"

    def fits(self, value: AnswerValue) -> bool:
        return isinstance(value, str)


@dataclass(frozen=True, kw_only=True)
class ScaleStep(AnswerStep):
    """A number on a scale, such as how anxious the patient feels."""

    type: Literal["scale"] = spec("The kind of step.")
    prompt: str | None = spec("The question.", default=None, text=True)
    min: int = spec("The lowest value.", default=0, minimum=-100, maximum=100)
    max: int = spec("The highest value.", default=10, minimum=-100, maximum=100)
    labels: dict[int, str] = spec(
        "Words for some values, such as `0: Calm` and `10: Very anxious`.", default={}, text=True
    )
    support_when: Threshold | None = spec(
        "Gently offer the support resources when the answer crosses this line.", default=None
    )
    optional: bool = spec("The patient may go on without answering.", default=True)

    conditions: ClassVar[tuple[Operator, ...]] = ("at_least", "at_most", "answered")

    def label(self, value: int) -> str | None:
        return self.labels.get(value)

    @property
    def may_skip(self) -> bool:
        return self.optional

    def waiting_for(self, value: AnswerValue) -> str | None:
        if not self.optional and not isinstance(value, int):
            return "Choose a number on the scale when you are ready."
        return None

    def fits(self, value: AnswerValue) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max
        )

    def in_words(self, value: AnswerValue, render: Render) -> str:
        """The number with the words around it on the scale: "7 (Very anxious)", "3, between
        Very hard (0) and Mixed (5)", "4 on a scale of 0 to 10"."""
        if isinstance(value, int):
            label = self.label(value)
            if label:
                return f"{value} ({render(label)})"
            below = [k for k in self.labels if k < value]
            above = [k for k in self.labels if k > value]
            low = max(below) if below else None
            high = min(above) if above else None
            if low is not None and high is not None:
                return (
                    f"{value}, between {render(self.labels[low])} ({low}) "
                    f"and {render(self.labels[high])} ({high})"
                )
            if low is not None:
                return (
                    f"{value}, between {render(self.labels[low])} ({low}) "
                    f"and the top of the scale ({self.max})"
                )
            if high is not None:
                return (
                    f"{value}, between the bottom of the scale ({self.min}) "
                    f"and {render(self.labels[high])} ({high})"
                )
            return f"{value} on a scale of {self.min} to {self.max}"
        return super().in_words(value, render)

    def offers_support(self, value: AnswerValue) -> bool:
        """Whether the answer crosses the step's ``support_when`` line."""
        line = self.support_when
        if line is None or not isinstance(value, int) or isinstance(value, bool):
            return False
        if line.at_least is not None and value >= line.at_least:
            return True
        return line.at_most is not None and value <= line.at_most

    def findings(self) -> list[Finding]:
        if self.min >= self.max:
            return [Finding("", f"'min' ({self.min}) should be below 'max' ({self.max})", ".max")]
        found = []
        for value in self.labels:
            if not self.min <= value <= self.max:
                key = f".labels.{value}"
                found.append(
                    Finding(key, f"{value} is outside the scale ({self.min} to {self.max})", key)
                )
        line = self.support_when
        if line is not None:
            given = [
                (k, v)
                for k, v in (("at_least", line.at_least), ("at_most", line.at_most))
                if v is not None
            ]
            if len(given) != 1:
                where = ".support_when"
                found.append(Finding(where, "give exactly one of 'at_least' or 'at_most'", where))
            for key, value in given:
                if not self.min <= value <= self.max:
                    path = f".support_when.{key}"
                    message = f"{value} is outside the scale ({self.min} to {self.max})"
                    found.append(Finding(path, message, path))
        return found

    def condition_problem(
        self, op: Operator, value: int | str | bool, suggest: Suggest
    ) -> str | None:
        in_range = isinstance(value, int) and self.min <= value <= self.max
        if op in ("at_least", "at_most") and not in_range:
            return f"{value} is outside the scale of '{self.id}' ({self.min} to {self.max})"
        return None


@dataclass(frozen=True, kw_only=True)
class ChoiceStep(AnswerStep):
    """One answer, or several, from a list."""

    type: Literal["choice"] = spec("The kind of step.")
    prompt: str | None = spec("The question.", default=None, text=True)
    options: tuple[Option, ...] = spec("The answers to choose from.", min_items=1)
    multiple: bool = spec("The patient may choose more than one.", default=False)
    optional: bool = spec("The patient may go on without choosing.", default=True)

    conditions: ClassVar[tuple[Operator, ...]] = ("includes", "answered")

    def option_text(self, option_id: str) -> str:
        return next((o.text for o in self.options if o.id == option_id), option_id)

    @property
    def may_skip(self) -> bool:
        return self.optional

    def waiting_for(self, value: AnswerValue) -> str | None:
        if not self.optional and not is_answered(value):
            return "Choose an answer when you are ready."
        return None

    def fits(self, value: AnswerValue) -> bool:
        known = {option.id for option in self.options}
        return (
            isinstance(value, list)
            and all(isinstance(v, str) and v in known for v in value)
            and (self.multiple or len(value) <= 1)
        )

    def in_words(self, value: AnswerValue, render: Render) -> str:
        if isinstance(value, list):
            return as_list([render(self.option_text(v)) for v in value]) or "Nothing chosen"
        return super().in_words(value, render)

    def exclusive_ids(self) -> set[str]:
        """Options that stand alone: choosing one clears the others (only with ``multiple``)."""
        return {o.id for o in self.options if o.exclusive} if self.multiple else set()

    def alone_with_others(self, chosen: list[str]) -> str | None:
        """The exclusive option among ``chosen`` when others were chosen with it (all at once,
        as a line-by-line front end takes them), or ``None``."""
        alone = [c for c in chosen if c in self.exclusive_ids()]
        return alone[0] if alone and len(chosen) > 1 else None

    def toggle(self, chosen: list[str], option_id: str) -> list[str]:
        """The options chosen after the patient chooses (or unchooses) ``option_id``, in the
        order of the list."""
        order = [o.id for o in self.options]
        if not self.multiple:
            return [option_id]
        if option_id in chosen:
            return [c for c in chosen if c != option_id]
        alone = self.exclusive_ids()
        kept = [] if option_id in alone else [c for c in chosen if c not in alone]
        return sorted([*kept, option_id], key=order.index)

    def findings(self) -> list[Finding]:
        return _unique([option.id for option in self.options], ".options", "option")

    def condition_problem(
        self, op: Operator, value: int | str | bool, suggest: Suggest
    ) -> str | None:
        ids = [o.id for o in self.options]
        if op == "includes" and value not in ids:
            return f"'{self.id}' has no option '{value}'{suggest(str(value), ids)}"
        return None


BLANK = re.compile(r"<<\s*fill in[^>]*>>", re.IGNORECASE)
"""The clearly marked blank that ``companion new questionnaire`` writes where the clinic copies
wording from an instrument's official form; a script holding one never reaches a patient."""


@dataclass(frozen=True, kw_only=True)
class AnswerChoice:
    """One answer that every item of a questionnaire offers, and what it counts for."""

    value: int = spec(
        "What this answer adds to the total, a whole number (such as 0 for the first answer).",
        minimum=0,
        maximum=100,
    )
    text: str = spec("The answer as the patient reads it.", text=True)


@dataclass(frozen=True, kw_only=True)
class QuestionnaireItem:
    """One statement or question of a questionnaire, answered with the questionnaire's answers."""

    id: str = spec(
        "Names the item, unique within the step; `alert_when` and exports refer to it.",
        pattern=ID_PATTERN,
    )
    text: str = spec("The item as the patient reads it.", text=True)


@dataclass(frozen=True, kw_only=True)
class Band:
    """A range of totals with a name, such as `Mild`; the range starts just above the band
    before it (the first at the lowest total) and ends at `up_to`."""

    up_to: int = spec("The highest total in this band.", minimum=0, maximum=10000)
    label: str = spec(
        "The band's name, shown with the total; later steps can show only for it (`band:`).",
        text=True,
    )


@dataclass(frozen=True, kw_only=True)
class ItemAlert:
    """When one item's answer should open the support screen at once."""

    item: str = spec("The id of the item to watch.", pattern=ID_PATTERN)
    at_least: int = spec(
        "Open support when that item is answered with this value or higher.",
        minimum=0,
        maximum=100,
    )


Instrument = Literal["phq-9", "gad-7", "phq-2", "gad-2", "who-5"]


@dataclass(frozen=True)
class ScoredItem:
    """One item as the patient saw it, with the answer they gave (``None``: not yet)."""

    id: str
    text: str
    value: int | None
    answer: str | None


@dataclass(frozen=True)
class Score:
    """A questionnaire answer scored, with the words as the patient saw them, so that the
    journal and its exports never depend on a script that may change later."""

    title: str
    """The questionnaire's title (or prompt) as seen."""
    total: int | None
    """The total (multiplied when the script says so); ``None`` until every item is answered."""
    lowest: int
    highest: int
    band: str | None
    instrument: str | None
    definition: str
    """A short hash of the questionnaire's definition (items, answers, scoring, bands)."""
    items: tuple[ScoredItem, ...]
    choices: tuple[tuple[int, str], ...]
    """(value, text) of each answer offered."""
    bands: tuple[tuple[int, str], ...]
    """(up_to, label) of each band."""
    multiply: int = 1


@dataclass(frozen=True, kw_only=True)
class QuestionnaireStep(AnswerStep):
    """A scored questionnaire: items answered on one scale, a total, and bands of totals."""

    type: Literal["questionnaire"] = spec("The kind of step.")
    prompt: str | None = spec(
        "The line above the items, such as `Over the past week, how often...`.",
        default=None,
        text=True,
    )
    answers: tuple[AnswerChoice, ...] = spec(
        "The answers every item offers, in the order shown; values are whole numbers.",
        min_items=2,
    )
    items: tuple[QuestionnaireItem, ...] = spec("The items, in order.", min_items=1)
    score: Literal["sum"] = spec(
        "How the total is made: `sum` adds the values of every item's answer.", default="sum"
    )
    multiply: int = spec(
        "Multiply the sum by this (such as 4 to turn 0 to 25 into 0 to 100).",
        default=1,
        minimum=1,
        maximum=100,
    )
    bands: tuple[Band, ...] = spec(
        "Named ranges of totals, ascending; together they cover every possible total.",
        default=(),
    )
    alert_when: ItemAlert | None = spec(
        "Open the support screen at once, crisis lines included, when this item's answer "
        "reaches a value; the patient can go on afterwards.",
        default=None,
    )
    instrument: Instrument | None = spec(
        "The standard instrument this is, if any (phq-9, gad-7, phq-2, gad-2, who-5): the "
        "checker holds it to the instrument's structure and exports carry its code.",
        default=None,
    )
    optional: bool = spec(
        "The patient may skip the whole questionnaire (items are never skipped one by one).",
        default=True,
    )

    conditions: ClassVar[tuple[Operator, ...]] = ("at_least", "at_most", "band", "answered")

    @property
    def lowest(self) -> int:
        """The lowest possible total."""
        return min(a.value for a in self.answers) * len(self.items) * self.multiply

    @property
    def highest(self) -> int:
        """The highest possible total."""
        return max(a.value for a in self.answers) * len(self.items) * self.multiply

    def choice_text(self, value: int) -> str | None:
        return next((a.text for a in self.answers if a.value == value), None)

    def given(self, value: AnswerValue) -> dict[str, int]:
        """The answers given so far, by item id (only this step's items, only offered values)."""
        if not isinstance(value, dict):
            return {}
        offered = {a.value for a in self.answers}
        return {
            i.id: value[i.id]
            for i in self.items
            if isinstance(value.get(i.id), int) and value[i.id] in offered
        }

    def answer_item(self, value: AnswerValue, item_id: str, choice: int) -> dict[str, int]:
        """The answer after ``item_id`` is answered with ``choice`` (a new dict, in item order)."""
        given = self.given(value)
        given[item_id] = choice
        return {i.id: given[i.id] for i in self.items if i.id in given}

    def unanswered(self, value: AnswerValue) -> list[QuestionnaireItem]:
        given = self.given(value)
        return [i for i in self.items if i.id not in given]

    def total(self, value: AnswerValue) -> int | None:
        """The total, once every item is answered; ``None`` before."""
        given = self.given(value)
        if len(given) < len(self.items):
            return None
        return sum(given.values()) * self.multiply

    def band_of(self, total: int | None) -> str | None:
        if total is None:
            return None
        return next((b.label for b in self.bands if total <= b.up_to), None)

    def definition_hash(self) -> str:
        """A short hash of what the questionnaire asks and how it scores (not its id)."""
        definition = {
            "prompt": self.prompt,
            "answers": [[a.value, a.text] for a in self.answers],
            "items": [[i.id, i.text] for i in self.items],
            "score": self.score,
            "multiply": self.multiply,
            "bands": [[b.up_to, b.label] for b in self.bands],
            "instrument": self.instrument,
        }
        text = json.dumps(definition, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def may_skip(self) -> bool:
        return self.optional

    def waiting_for(self, value: AnswerValue) -> str | None:
        left = len(self.unanswered(value))
        if left == 0 or (self.optional and left == len(self.items)):
            return None
        questions = "1 question is" if left == 1 else f"{left} questions are"
        if self.optional:
            return f"{questions} still unanswered. Answer them, or choose Skip to leave this out."
        return f"{questions} still unanswered. Answer each one to go on, when you are ready."

    def in_words(self, value: AnswerValue, render: Render) -> str:
        if not isinstance(value, dict):
            return super().in_words(value, render)
        given = self.given(value)
        total = self.total(value)
        if total is None:
            head = f"{len(given)} of {len(self.items)} answered, so no total yet"
        else:
            band = self.band_of(total)
            head = f"Total {total} of {self.highest}" + (f": {render(band)}" if band else "")
        lines = [head]
        for item in self.items:
            if item.id in given:
                text = self.choice_text(given[item.id]) or str(given[item.id])
                lines.append(f"{render(item.text)}: {render(text)}")
        return "\n".join(lines)

    def offers_support(self, value: AnswerValue) -> bool:
        """Whether the watched item (``alert_when``) is answered at or above its value."""
        alert = self.alert_when
        if alert is None:
            return False
        answer = self.given(value).get(alert.item)
        return answer is not None and answer >= alert.at_least

    def meets(self, op: Operator, wanted: int | str | bool, value: AnswerValue) -> bool:
        """Conditions compare the total (``at_least``, ``at_most``) or its ``band``; a
        questionnaire is ``answered`` once every item is."""
        total = self.total(value)
        if op == "answered":
            return (total is not None) == bool(wanted)
        if op == "band":
            return total is not None and self.band_of(total) == wanted
        if total is None:
            return False
        return meets(op, wanted, total)

    def scored(self, value: AnswerValue, render: Render) -> Score | None:
        if not isinstance(value, dict):
            return None
        given = self.given(value)
        total = self.total(value)
        band = self.band_of(total)
        items = []
        for item in self.items:
            answer = given.get(item.id)
            text = None if answer is None else self.choice_text(answer)
            items.append(
                ScoredItem(
                    item.id, render(item.text), answer, None if text is None else render(text)
                )
            )
        return Score(
            title=render(self.title or self.prompt or self.id),
            total=total,
            lowest=self.lowest,
            highest=self.highest,
            band=None if band is None else render(band),
            instrument=self.instrument,
            definition=self.definition_hash(),
            items=tuple(items),
            choices=tuple((a.value, render(a.text)) for a in self.answers),
            bands=tuple((b.up_to, render(b.label)) for b in self.bands),
            multiply=self.multiply,
        )

    def findings(self) -> list[Finding]:
        found = _unique([item.id for item in self.items], ".items", "item")
        seen: dict[int, int] = {}
        for index, answer in enumerate(self.answers):
            if answer.value in seen:
                path = f".answers[{index}].value"
                found.append(
                    Finding(
                        path,
                        f"value {answer.value} is already given to answers[{seen[answer.value]}];"
                        " each answer needs its own value",
                        path,
                    )
                )
            seen.setdefault(answer.value, index)
        found += self._band_findings()
        found += self._alert_findings()
        found += self._instrument_findings()
        return found

    def _band_findings(self) -> list[Finding]:
        if not self.bands:
            return []
        found = []
        low, high = self.lowest, self.highest
        for index, band in enumerate(self.bands):
            path = f".bands[{index}].up_to"
            if index > 0 and band.up_to <= self.bands[index - 1].up_to:
                before = self.bands[index - 1].up_to
                found.append(
                    Finding(
                        path,
                        f"bands go up: {band.up_to} should be above {before}, where the band"
                        " before ends (two bands would share totals)",
                        path,
                    )
                )
            elif band.up_to > high:
                found.append(
                    Finding(
                        path,
                        f"{band.up_to} is above the highest possible total ({high})",
                        path,
                    )
                )
            elif index == 0 and band.up_to < low:
                found.append(
                    Finding(
                        path,
                        f"{band.up_to} is below the lowest possible total ({low}), so no total"
                        " falls in this band",
                        path,
                    )
                )
        last = self.bands[-1]
        if last.up_to < high and not found:
            path = f".bands[{len(self.bands) - 1}].up_to"
            found.append(
                Finding(
                    path,
                    f"totals from {last.up_to + 1} to {high} fall in no band; end the last band"
                    f" at {high} or add one",
                    path,
                )
            )
        return found

    def _alert_findings(self) -> list[Finding]:
        alert = self.alert_when
        if alert is None:
            return []
        ids = [i.id for i in self.items]
        if alert.item not in ids:
            close = difflib.get_close_matches(alert.item, ids, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return [
                Finding(".alert_when.item", f"no item '{alert.item}'{hint}", ".alert_when.item")
            ]
        values = [a.value for a in self.answers]
        if alert.at_least > max(values):
            message = f"{alert.at_least} is above every answer's value (highest {max(values)}), so support would never open"
        elif alert.at_least <= min(values):
            message = f"every answer is at least {alert.at_least}, so support would open on any answer; choose a value above {min(values)}"
        else:
            return []
        return [Finding(".alert_when.at_least", message, ".alert_when.at_least")]

    def _instrument_findings(self) -> list[Finding]:
        if self.instrument is None:
            return []
        known = INSTRUMENTS[self.instrument]
        name = known.name
        found = []
        if len(self.items) != known.items:
            found.append(
                Finding(
                    ".items",
                    f"{name} has {known.items} items; this questionnaire has {len(self.items)}",
                    ".items",
                )
            )
        values = sorted(a.value for a in self.answers)
        if values != list(known.values):
            listed = ", ".join(map(str, known.values))
            found.append(Finding(".answers", f"{name} answers count {listed}", ".answers"))
        if self.multiply != known.multiply:
            found.append(
                Finding(
                    ".multiply",
                    f"{name} multiplies its sum by {known.multiply}",
                    ".multiply",
                )
            )
        return found

    def condition_problem(
        self, op: Operator, value: int | str | bool, suggest: Suggest
    ) -> str | None:
        if op in ("at_least", "at_most"):
            low, high = self.lowest, self.highest
            if not (isinstance(value, int) and low <= value <= high):
                return f"{value} is outside the totals of '{self.id}' ({low} to {high})"
        if op == "band":
            labels = [b.label for b in self.bands]
            if not labels:
                return f"'{self.id}' has no bands"
            if value not in labels:
                listed = ", ".join(f"'{label}'" for label in labels)
                return f"'{self.id}' has no band '{value}'{suggest(str(value), labels)}; its bands: {listed}"
        return None


Preset = Literal["box", "4-7-8", "coherent"]


@dataclass(frozen=True, kw_only=True)
class BreathingStep(BaseStep):
    """A breathing pacer: a shape that grows as the patient breathes in and shrinks on the out-breath."""

    type: Literal["breathing"] = spec("The kind of step.")
    prompt: str | None = spec("A line shown above the pacer.", default=None, text=True)
    preset: Preset | None = spec(
        "A ready-made rhythm: box (4-4-4-4), 4-7-8, or coherent (5.5 breaths a minute). "
        "Give this or `pattern`; box when neither is given.",
        default=None,
    )
    pattern: BreathingPattern | None = spec("Your own rhythm, in seconds.", default=None)
    cycles: int | None = spec("How many breaths.", default=None, minimum=1, maximum=200)
    minutes: float | None = spec(
        "How long, instead of `cycles`; without either the pacer goes on until the patient moves on.",
        default=None,
        minimum=0.5,
        maximum=60,
    )
    sound: str | None = spec(
        "A track from the sound catalog to play softly behind the pacer.",
        default=None,
        pattern=ID_PATTERN,
    )
    cues: bool = spec(
        "A soft chime when it is time to breathe in and to breathe out.", default=False
    )

    def findings(self) -> list[Finding]:
        found = []
        if self.preset is not None and self.pattern is not None:
            found.append(Finding("", "give either 'preset' or 'pattern', not both", ".pattern"))
        if self.cycles is not None and self.minutes is not None:
            found.append(Finding("", "give either 'cycles' or 'minutes', not both", ".minutes"))
        return found

    def tracks(self) -> list[tuple[str, str]]:
        return [] if self.sound is None else [(".sound", self.sound)]


@dataclass(frozen=True, kw_only=True)
class AudioStep(BaseStep):
    """A soundscape to listen to."""

    type: Literal["audio"] = spec("The kind of step.")
    track: str = spec(
        "A track id from the sound catalog (`companion scripts --sounds` lists them).",
        pattern=ID_PATTERN,
    )
    minutes: float | None = spec(
        "Stop after this many minutes.", default=None, minimum=0.5, maximum=120
    )
    prompt: str | None = spec("A line shown while listening.", default=None, text=True)

    def tracks(self) -> list[tuple[str, str]]:
        return [(".track", self.track)]


Step = (
    InfoStep
    | ChecklistStep
    | TextStep
    | ScaleStep
    | ChoiceStep
    | QuestionnaireStep
    | BreathingStep
    | AudioStep
)
STEP_TYPES: dict[str, type[BaseStep]] = {
    "info": InfoStep,
    "checklist": ChecklistStep,
    "text": TextStep,
    "scale": ScaleStep,
    "choice": ChoiceStep,
    "questionnaire": QuestionnaireStep,
    "breathing": BreathingStep,
    "audio": AudioStep,
}


@dataclass(frozen=True, kw_only=True)
class SupportEntry:
    """Someone the patient can reach: shown by the help key at any moment."""

    label: str = spec("Who it is, such as `Your care team`.", text=True)
    contact: str = spec("How to reach them, such as `Call or text 988`.", text=True)
    verified: date | None = spec(
        "When someone last checked this entry (YYYY-MM-DD); older than a year gives a warning.",
        default=None,
    )


@dataclass(frozen=True, kw_only=True)
class Script:
    """One script: a walk before or after a session."""

    format: Literal[1] = spec("The format version of this file; always 1 for now.")
    id: str = spec(
        "Names the script; a script with the same id in your own folder replaces a bundled one.",
        pattern=ID_PATTERN,
    )
    title: str = spec("The title on the home screen.", text=True)
    phase: Literal["before", "after"] = spec("Offered before a session or after one.")
    summary: str | None = spec("One or two sentences for the home screen.", default=None, text=True)
    minutes: int | None = spec(
        "About how long it takes, shown to the patient.", default=None, minimum=1, maximum=600
    )
    offer_after: str | None = spec(
        "After-scripts: when to suggest it, counted from the end of the most recent infusion "
        "that has ended, such as 2h, 24h, 3d or 1w.",
        default=None,
        pattern=DURATION_PATTERN,
        pattern_hint="a number and a unit: m, h, d or w (such as 2h or 1w)",
    )
    offer_before: str | None = spec(
        "Before-scripts: how long ahead of the coming infusion to suggest it, such as 1d or 3d.",
        default=None,
        pattern=DURATION_PATTERN,
        pattern_hint="a number and a unit: m, h, d or w (such as 12h or 1d)",
    )
    for_infusion: Literal["first", "returning", "any"] = spec(
        "Before-scripts: which infusion of the course it prepares for: `first` (only the "
        "first), `returning` (the second and later) or `any`.",
        default="any",
    )
    language: str | None = spec(
        "The language of the text, as a tag such as `en` or `es-MX`.",
        default=None,
        pattern=LANGUAGE_PATTERN,
    )
    variables: dict[str, str] = spec(
        "Values used as {name} in any text, such as the clinic's phone number.", default={}
    )
    support: tuple[SupportEntry, ...] = spec(
        "Who the patient can reach, shown by the help key after the clinic's own contacts. "
        "Crisis lines come from the app's regional data, not from scripts.",
        default=(),
    )
    steps: tuple[Step, ...] = spec("The steps, in order.", min_items=1)

    @property
    def offer_delay(self) -> timedelta | None:
        return parse_duration(self.offer_after) if self.offer_after else None

    @property
    def offer_ahead(self) -> timedelta | None:
        """How long before the coming infusion a before-script is suggested."""
        return parse_duration(self.offer_before) if self.offer_before else None

    def prepares_for(self, number: int) -> bool:
        """Whether this before-script is meant for the infusion with that number in the course."""
        return timing.prepares_for(self.for_infusion, number)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def render(self, text: str) -> str:
        """Fill ``{name}`` placeholders from the script's variables; ``{{`` and ``}}`` are braces."""
        return render(text, self.variables)

    def support_contacts(self) -> list[tuple[str, str]]:
        """(who, how to reach them) for each support entry, variables filled in."""
        return [(self.render(e.label), self.render(e.contact)) for e in self.support]


PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def render(text: str, variables: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return variables.get(match.group(1).strip(), token)

    return PLACEHOLDER.sub(replace, text)


def placeholders(text: str) -> list[tuple[int, str]]:
    """The ``{name}`` placeholders in a text, with their offsets."""
    return [(m.start(), m.group(1)) for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]


@dataclass(frozen=True)
class LoadedScript:
    """A script that loaded cleanly, with where it came from."""

    script: Script
    path: Path
    sha256: str
    source: str
    """``bundled``, ``user`` or ``extra`` (a ``--scripts`` folder)."""
