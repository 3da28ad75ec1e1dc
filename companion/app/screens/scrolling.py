"""Keys that scroll what does not fit, on any screen with a scrolling area.

A screen names its area (``scroll_selector``). Page Down and Page Up scroll it a page, and show
in the footer ("PgDn More below", "PgUp More above") only while there is more that way; the
arrows scroll it a line when the focused widget has no use for them (a button), or has reached
its own end (a list at its first or last item). When the area is already at that end the keys
go on to the focused widget, so a text box still gets its own Page Up and Page Down.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import Screen

MORE_BELOW = "More below"
MORE_ABOVE = "More above"


class Scrolling(Screen[None]):
    """A screen whose ``scroll_selector`` area scrolls by keyboard, and says when there is more."""

    scroll_selector: ClassVar[str] = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "more(1)", MORE_BELOW, key_display="PgDn", priority=True),
        Binding("pageup", "more(-1)", MORE_ABOVE, key_display="PgUp", priority=True),
        Binding("down", "line(1)", "Scroll down", show=False),
        Binding("up", "line(-1)", "Scroll up", show=False),
    ]

    @property
    def scroll_area(self) -> ScrollableContainer | None:
        found = self.query(self.scroll_selector) if self.scroll_selector else None
        first = found.first() if found else None
        return first if isinstance(first, ScrollableContainer) else None

    @on(events.Mount)
    def _watch_scrolling(self) -> None:
        area = self.scroll_area
        if area is not None:
            for attribute in ("scroll_y", "virtual_size", "size"):
                self.watch(area, attribute, self._scrolling_changed, init=False)

    def _scrolling_changed(self) -> None:
        self.refresh_bindings()

    def has_more(self, direction: int) -> bool:
        """Whether the area holds more below (1) or above (-1) than it shows."""
        area = self.scroll_area
        if area is None:
            return False
        if direction > 0:
            return round(area.scroll_y) < area.max_scroll_y
        return round(area.scroll_y) > 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("more", "line") and parameters:
            direction = parameters[0]
            return isinstance(direction, int) and self.has_more(direction)
        return super().check_action(action, parameters)

    def action_more(self, direction: int) -> None:
        area = self.scroll_area
        if area is not None:
            if direction > 0:
                area.scroll_page_down(animate=False)
            else:
                area.scroll_page_up(animate=False)

    def action_line(self, direction: int) -> None:
        area = self.scroll_area
        if area is not None:
            area.scroll_relative(y=direction, animate=False)
