"""Shown while the window is too small to show a step without overlap."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmallScreen(Screen[None]):
    CSS_PATH = "too_small.tcss"

    def compose(self) -> ComposeResult:
        yield Static(
            "Please make the window a little larger.\n\n"
            f"The companion needs at least {MIN_WIDTH} by {MIN_HEIGHT} characters. "
            "Everything is kept as it was.",
            id="too-small",
        )

    def on_screen_resume(self) -> None:
        """Back on top (say, after the command palette): go away if the window grew meanwhile."""
        width, height = self.app.size
        if width >= MIN_WIDTH and height >= MIN_HEIGHT:
            self.dismiss()
