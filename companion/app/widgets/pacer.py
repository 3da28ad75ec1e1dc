"""The breathing pacer's shape: a rounded box that grows on the in-breath and shrinks on the out."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

MIN_BOX = (8, 3)
"""The box's width and height when the lungs are empty."""
MAX_BOX = (32, 6)
"""The box's width and height at the top of the in-breath."""


def box_size(size: float) -> tuple[int, int]:
    """Width and height of the box for a pacer size 0..1 (width even, so it stays centred)."""
    size = min(1.0, max(0.0, size))
    width = MIN_BOX[0] + round((MAX_BOX[0] - MIN_BOX[0]) * size / 2) * 2
    height = MIN_BOX[1] + round((MAX_BOX[1] - MIN_BOX[1]) * size)
    return width, height


def draw_box(width: int, height: int) -> list[str]:
    """The lines of a rounded box, its inside lightly shaded."""
    inner = width - 2
    return [
        "╭" + "─" * inner + "╮",
        *["│" + "░" * inner + "│"] * (height - 2),
        "╰" + "─" * inner + "╯",
    ]


class Pacer(Widget):
    """Draws the box for the size it is given, centred; draws again only when the box changes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pacer--fill"}
    DEFAULT_CSS = """
    Pacer {
        height: 6;
        width: 100%;
        color: $primary;
        content-align: center middle;
    }
    Pacer > .pacer--fill {
        color: $primary 30%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._box = box_size(0.0)

    @property
    def box(self) -> tuple[int, int]:
        """The box's width and height as drawn."""
        return self._box

    def show(self, size: float) -> None:
        box = box_size(size)
        if box != self._box:
            self._box = box
            self.refresh()

    def render(self) -> Text:
        fill = self.get_component_rich_style("pacer--fill", partial=True)
        text = Text(no_wrap=True, end="")
        lines = draw_box(*self._box)
        for index, line in enumerate(lines):
            if 0 < index < len(lines) - 1:
                text.append(line[0])
                text.append(line[1:-1], style=fill)
                text.append(line[-1])
            else:
                text.append(line)
            if index < len(lines) - 1:
                text.append("\n")
        return text
