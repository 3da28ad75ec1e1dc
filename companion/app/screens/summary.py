"""The end of a run: the answers, with the things to talk over with the care team first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from companion.app.literal import join, literal
from companion.app.messages import GoHome
from companion.app.screens.base import RunHolder
from companion.journal.export import CARE_TEAM_HEADING
from companion.journal.model import Answer
from companion.run.run import MY_ANSWERS, NOTHING_WRITTEN, THE_END


class SummaryScreen(RunHolder):
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "home", "Back to the start")]
    scroll_selector = "#answers"

    def compose(self) -> ComposeResult:
        care, rest = self.run.summary()
        with Vertical(id="column"):
            yield Static(literal(self.run.script.title), id="script-title")
            yield Static(THE_END, id="done")
            with VerticalScroll(id="answers"):
                if care:
                    yield Static(CARE_TEAM_HEADING, classes="heading")
                    yield from _answers(care)
                if rest:
                    yield Static(MY_ANSWERS, classes="heading")
                    yield from _answers(rest)
                if not care and not rest:
                    yield Static(NOTHING_WRITTEN)
            yield Button("Back to the start", id="home", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_home()

    def action_home(self) -> None:
        self.post_message(GoHome())


def _answers(answers: list[Answer]) -> list[Static]:
    return [
        Static(join(literal(a.prompt, "bold"), "\n", literal(a.display)), classes="answer")
        for a in answers
    ]
