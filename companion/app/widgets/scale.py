"""A number on a scale: arrows and number keys, the ends labelled, the value shown in words."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

TYPING_GAP = 0.8
"""Seconds within which two digits make one number (1 then 0 gives 10)."""
MAX_CELLS = 21
"""Ranges with more values than this show only the chosen number between arrows."""


class Scale(Widget, can_focus=True):
    """Choose a whole number from ``low`` to ``high``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,down", "move(-1)", "Less", show=False),
        Binding("right,up", "move(1)", "More", show=False),
        Binding("home", "ends(0)", "Lowest", show=False),
        Binding("end", "ends(1)", "Highest", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, scale: Scale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

    def __init__(
        self,
        low: int,
        high: int,
        value: int | None = None,
        low_label: str | None = None,
        high_label: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.low, self.high = low, high
        self.low_label, self.high_label = low_label, high_label
        self._typed = ""
        self._typed_at = 0.0
        self.set_reactive(Scale.value, value)

    def choose(self, value: int) -> None:
        value = max(self.low, min(self.high, value))
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def action_move(self, delta: int) -> None:
        if self.value is None:
            self.choose((self.low + self.high) // 2)
        else:
            self.choose(self.value + delta)

    def action_ends(self, which: int) -> None:
        self.choose(self.high if which else self.low)

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        now = time.monotonic()
        typed = self._typed + event.character if now - self._typed_at < TYPING_GAP else ""
        self._typed_at = now
        if typed and self.low <= int(typed) <= self.high:
            self._typed = typed
            self.choose(int(typed))
            return
        self._typed = event.character
        if self.low <= int(event.character) <= self.high:
            self.choose(int(event.character))

    def render(self) -> Text:
        width = max(self.size.width, 20)
        count = self.high - self.low + 1
        chosen = "bold reverse" if self.has_focus else "bold underline"
        row = Text()
        if count <= MAX_CELLS and count * 4 <= width:
            for number in range(self.low, self.high + 1):
                style = chosen if number == self.value else ""
                row.append(f" {number:>2} ", style=style)
        else:
            shown = "–" if self.value is None else str(self.value)
            row.append(f"‹  {shown}  ›", style=chosen)
        ends = Text()
        left, right = self.low_label or "", self.high_label or ""
        if left or right:
            room = max(len(row.plain), len(left) + len(right) + 2)
            ends.append(f"{self.low}: {left}" if left else "", style="italic")
            gap = max(2, room - len(ends.plain) - len(right) - len(str(self.high)) - 2)
            ends.append(" " * gap)
            ends.append(f"{self.high}: {right}" if right else "", style="italic")
        return Text("\n").join([row, ends]) if ends.plain else row
