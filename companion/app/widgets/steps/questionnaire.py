"""A questionnaire step: one item at a time, its answers listed with the key that gives each.

One item per screen reads better at 80x24 than a grid: an item is often a whole sentence and an
answer several words, and a blind patient's screen reader gets one question and its answers in
order. Number keys answer and move on to the next item; left and right go between items. All
text from the script is shown literally (never as markup).
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from companion.app.widgets.steps.base import StepView
from companion.script.model import AnswerValue, QuestionnaireStep, Script, Step


def answer_keys(step: QuestionnaireStep) -> list[str]:
    """The key that gives each answer: its value when every value is a single digit (so the
    key is the number on the official form), else its place from 1."""
    values = [a.value for a in step.answers]
    if all(0 <= v <= 9 for v in values):
        return [str(v) for v in values]
    return [str(n) for n in range(1, len(values) + 1)] if len(values) <= 9 else [""] * len(values)


class ItemAnswers(Widget, can_focus=True):
    """The current item's answers: up and down move, enter or space chooses, a number key
    chooses at once; left and right go to the previous or next item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter,space", "choose", "Choose", show=False),
        Binding("left", "item(-1)", "Previous question", show=False),
        Binding("right", "item(1)", "Next question", show=False),
    ]

    DEFAULT_CSS = """
    ItemAnswers {
        height: auto;
    }
    """

    highlighted: reactive[int] = reactive(0)

    class Chosen(Message):
        """The patient chose the answer at ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Moved(Message):
        """The patient asked for the previous (-1) or next (1) item."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    def __init__(self, texts: list[str], keys: list[str]) -> None:
        super().__init__(id="item-answers")
        self.texts = texts
        self.keys = keys
        self.chosen: int | None = None

    def show(self, chosen: int | None) -> None:
        self.chosen = chosen
        self.highlighted = 0 if chosen is None else chosen
        self.refresh(layout=True)

    def render(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for index, (key, text) in enumerate(zip(self.keys, self.texts, strict=True)):
            here = index == self.highlighted
            mark = "›" if here and self.has_focus else " "
            box = "(•)" if index == self.chosen else "( )"
            style = "bold reverse" if here and self.has_focus else "bold" if here else ""
            label = Text(f"{key} {box}" if key else box, style="bold")
            grid.add_row(Text(mark), label, Text(text, style=style))
        return grid

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_highlighted(self) -> None:
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.highlighted = max(0, min(len(self.texts) - 1, self.highlighted + delta))

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.highlighted))

    def action_item(self, delta: int) -> None:
        self.post_message(self.Moved(delta))

    def on_key(self, event: events.Key) -> None:
        if event.character is None or event.character not in self.keys:
            return
        event.stop()
        index = self.keys.index(event.character)
        self.highlighted = index
        self.post_message(self.Chosen(index))


class QuestionnaireView(StepView):
    """Shows one item at a time with a clear count of where the patient is."""

    def __init__(self, script: Script, step: Step, value: AnswerValue, draft: str | None) -> None:
        super().__init__(script, step, value, draft)
        assert isinstance(step, QuestionnaireStep)
        self.questionnaire = step
        self.answers: dict[str, int] = step.given(value)
        unanswered = step.unanswered(value)
        self.index = step.items.index(unanswered[0]) if unanswered else 0

    def compose(self) -> ComposeResult:
        step = self.questionnaire
        render = self.script.render
        if step.prompt:
            yield Static(Content(render(step.prompt)), classes="step-prompt")
        yield Static("", id="item-count", classes="item-count")
        yield Static("", id="item-text", classes="item-text")
        texts = [render(a.text) for a in step.answers]
        yield ItemAnswers(texts, answer_keys(step))
        yield Static("", id="item-done", classes="step-hint")
        keys = answer_keys(step)
        first, last = keys[0], keys[-1]
        how = f"Keys {first} to {last} answer" if first else "Enter answers"
        yield Static(f"{how}; ← and → go between questions.", id="item-keys", classes="step-hint")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        step = self.questionnaire
        item = step.items[self.index]
        answered = len(self.answers)
        count = f"Question {self.index + 1} of {len(step.items)}"
        if answered:
            count += f" · {answered} answered"
        self.query_one("#item-count", Static).update(count)
        self.query_one("#item-text", Static).update(Content(self.script.render(item.text)))
        values = [a.value for a in step.answers]
        chosen = self.answers.get(item.id)
        self.query_one(ItemAnswers).show(None if chosen is None else values.index(chosen))
        done = ""
        if answered == len(step.items):
            done = "Every question is answered. Choose Next when you are ready (← looks back)."
        note = self.query_one("#item-done", Static)
        note.update(done)
        note.display = bool(done)
        self.query_one("#item-keys", Static).display = not done

    def value(self) -> AnswerValue:
        return dict(self.answers) if self.answers else self.initial

    def focus_target(self) -> Widget:
        return self.query_one(ItemAnswers)

    def on_item_answers_chosen(self, event: ItemAnswers.Chosen) -> None:
        event.stop()
        step = self.questionnaire
        item = step.items[self.index]
        self.answers = step.answer_item(self.answers, item.id, step.answers[event.index].value)
        self.post_message(self.Answered(self, dict(self.answers)))
        if self.index + 1 < len(step.items):
            self.index += 1
        self._show()

    def on_item_answers_moved(self, event: ItemAnswers.Moved) -> None:
        event.stop()
        index = self.index + event.delta
        if 0 <= index < len(self.questionnaire.items):
            self.index = index
            self._show()
