"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes all its keys whenever the screen's bindings are refreshed, which the
run screen does on every step; rebuilding the keys cost about 20 ms of each step although the
keys shown were the same. This one compares what it would show and keeps its keys when nothing
changed.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


def _shown(screen: Screen[object]) -> Hashable:
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip, binding.group)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class Footer(TextualFooter):
    _last: Hashable = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = _shown(screen)
            if self._bindings_ready and shown == self._last:
                return
            self._last = shown
        super().bindings_changed(screen)
