"""A list the patient ticks (several answers) or chooses from (one answer).

Textual's SelectionList and RadioSet cut long items short with an ellipsis; a checklist item or a
choice is often a whole sentence, and every word of it should be read. Here each item wraps with
a hanging indent under its box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from companion.app.literal import literal_text

Toggle = Callable[[list[str], str], list[str]]
"""(ticked so far, the item ticked or unticked) -> ticked now."""


class TickRow(Static):
    """One item: its box and its words."""

    def __init__(self, item_id: str, text: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.text = text

    def show(self, marker: str) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(marker, style="bold"), literal_text(self.text))
        self.update(grid)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, TickList):
            parent.focus()
            parent.choose(self.item_id)


class TickList(Vertical, can_focus=True):
    """Items with a box each; up and down move, space (or enter) ticks or chooses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space", "choose", "Tick", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    highlighted: reactive[int] = reactive(0)

    class Changed(Message):
        """The ticked or chosen items changed."""

        def __init__(self, ticklist: TickList, selected: list[str]) -> None:
            super().__init__()
            self.ticklist = ticklist
            self.selected = selected

        @property
        def control(self) -> TickList:
            return self.ticklist

    def __init__(
        self,
        items: list[tuple[str, str]],
        selected: list[str],
        *,
        multiple: bool,
        toggle: Toggle | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.multiple = multiple
        self.toggle = toggle
        """The step's own rule for what ticking an item does to the others (options that
        stand alone); without one, each item is ticked on its own."""
        known = [item_id for item_id, _ in items]
        self._selected = [i for i in known if i in selected]

    @property
    def selected(self) -> list[str]:
        """The ticked or chosen item ids, in the order of the list."""
        return list(self._selected)

    def compose(self) -> ComposeResult:
        for item_id, text in self.items:
            yield TickRow(item_id, text)

    def on_mount(self) -> None:
        if self._selected:
            ids = [item_id for item_id, _ in self.items]
            self.highlighted = ids.index(self._selected[0])
        self._refresh_rows()

    def _marker(self, item_id: str) -> str:
        on = item_id in self._selected
        if self.multiple:
            return "[✓]" if on else "[ ]"
        return "(●)" if on else "( )"

    def _refresh_rows(self) -> None:
        for index, row in enumerate(self.query(TickRow)):
            row.show(self._marker(row.item_id))
            row.set_class(index == self.highlighted, "-highlighted")
            row.set_class(row.item_id in self._selected, "-selected")

    def watch_highlighted(self) -> None:
        self._refresh_rows()
        rows = list(self.query(TickRow))
        if rows:
            rows[self.highlighted].scroll_visible()

    def action_move(self, step: int) -> None:
        moved = max(0, min(len(self.items) - 1, self.highlighted + step))
        if moved == self.highlighted:  # at either end: the key scrolls what is around the list
            raise SkipAction
        self.highlighted = moved

    def action_choose(self) -> None:
        self.choose(self.items[self.highlighted][0])

    def choose(self, item_id: str) -> None:
        """Tick or untick an item (several), or choose it (one)."""
        ids = [i for i, _ in self.items]
        self.highlighted = ids.index(item_id)
        if self.multiple:
            if self.toggle is not None:
                self._selected = self.toggle(self.selected, item_id)
            elif item_id in self._selected:
                self._selected.remove(item_id)
            else:
                self._selected.append(item_id)
            self._selected.sort(key=ids.index)
        elif self._selected == [item_id]:
            return
        else:
            self._selected = [item_id]
        self._refresh_rows()
        self.post_message(self.Changed(self, self.selected))
