"""Where the patient is: "Step 3 of 12" and a quiet bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from companion.run.flow import Progress

BAR_STEPS = 100


class StepProgress(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label("", id="progress-label")
        yield ProgressBar(total=BAR_STEPS, show_eta=False, show_percentage=False, id="bar")

    def show(self, progress: Progress, complete: bool = False) -> None:
        label = "All steps done" if complete else progress.label
        self.query_one("#progress-label", Label).update(label)
        self.query_one(ProgressBar).update(progress=round(progress.fraction * BAR_STEPS))
