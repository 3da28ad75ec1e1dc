"""Preview of a script that does not load: its problems, file:line:col, until the next good save."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from companion.app.literal import literal
from companion.app.screens.scrolling import Scrolling
from companion.script.problems import Problem


class ProblemsScreen(Scrolling):
    CSS_PATH = "problems.tcss"
    scroll_selector = "#problems"

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__()
        self.path = path
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static(literal(f"{self.path.name} needs a few fixes"), id="problems-title")
            yield Static(
                "The preview comes back by itself when the file is saved without problems.",
                id="problems-help",
            )
            with VerticalScroll(id="problems"):
                for problem in self.problems:
                    yield Static(
                        literal(problem.format(relative_to=self.path.parent)), classes="problem"
                    )
        yield Footer()
