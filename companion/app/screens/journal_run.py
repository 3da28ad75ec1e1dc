"""One run from the journal, to read: every answer as it was given, care-team answers first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from companion.app.literal import literal
from companion.app.screens.journal import when
from companion.app.screens.scrolling import Scrolling
from companion.journal.export import CARE_TEAM_HEADING
from companion.journal.model import Answer, RunInfo


class JournalRunScreen(Scrolling):
    CSS_PATH = "journal_run.tcss"
    scroll_selector = "#answers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back to my journal"),
    ]

    def __init__(self, run: RunInfo, answers: dict[str, Answer], drafts: dict[str, str]) -> None:
        super().__init__()
        self.run = run
        self.answers = list(answers.values())
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        run = self.run
        state = "finished" if run.finished else "not finished yet"
        with Vertical(id="column"):
            yield Static(literal(run.script_title), id="run-title")
            yield Static(f"{when(run.started_at)} · {state}", id="run-when")
            with VerticalScroll(id="answers"):
                care = [a for a in self.answers if a.care_team]
                rest = [a for a in self.answers if not a.care_team]
                if care:
                    yield Static(CARE_TEAM_HEADING, classes="heading")
                    yield from self._answers(care)
                if rest:
                    if care:
                        yield Static("Everything else", classes="heading")
                    yield from self._answers(rest)
                if self.drafts:
                    yield Static("Words you had started writing", classes="heading")
                    for text in self.drafts.values():
                        yield Static(literal(text), classes="answer")
                if not self.answers and not self.drafts:
                    yield Static("Nothing was written in this one.", classes="answer")
        yield Footer()

    def _answers(self, answers: list[Answer]) -> ComposeResult:
        for answer in answers:
            yield Static(literal(answer.prompt), classes="prompt")
            yield Static(literal(answer.display), classes="answer")

    def on_mount(self) -> None:
        self.query_one("#answers").focus()
