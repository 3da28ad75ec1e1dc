"""My journal: the runs so far, newest first. The journal work fills this in further."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from companion.journal.model import RunInfo


def when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%B %Y}, {local:%H:%M}"


class JournalScreen(Screen[None]):
    CSS_PATH = "journal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.home", "Back to the start")]

    def __init__(self, runs: list[RunInfo]) -> None:
        super().__init__()
        self.runs = runs

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("My journal", id="journal-title")
            with VerticalScroll(id="runs"):
                if not self.runs:
                    yield Static("Your walks through the scripts will be listed here.")
                for run in self.runs:
                    state = "finished" if run.finished else "not finished yet"
                    yield Static(
                        f"[b]{escape(run.script_title)}[/b]\n{when(run.started_at)} · {state}",
                        classes="run",
                    )
        yield Footer()
