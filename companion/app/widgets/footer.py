"""Textual's Footer, rebuilt only when its keys change, without a slow leak, and able to wait.

Speed: Textual's Footer recomposes all its keys whenever the screen's bindings are refreshed,
which the run screen does on every step; rebuilding the keys cost about 20 ms of each step
although the keys shown were the same. This one compares what it would show and keeps its keys
when nothing changed.

Memory: Textual forgets a watcher of a removed widget only when the watched value next changes.
The footer binds each key to its ``compact`` reactive, and every ``TextArea`` watches the app's
``theme``; neither value changes, so every key and text box ever shown stayed in memory with its
styles and caches (180 MB over 500 step changes). After each rebuild the footer drops the
watchers of removed widgets, its own and the app's.

Waiting: a footer made ``held`` is an empty bar, in its place, until :meth:`Footer.show_keys`.
Building and drawing the keys costs about 6% of the whole start to home's first frame
(docs/performance.md): home's first frame has an empty bar in the footer's place (this module is
not even imported for it), and a held footer takes its place, then shows its keys, once that
frame is on the terminal (``HomeScreen.show_footer_keys``).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

WATCHERS = "__watchers"
"""Where Textual keeps the watchers bound to a node's reactives (``textual.reactive._watch``)."""


def drop_dead_watchers(node: DOMNode) -> int:
    """Forget watchers whose widget has been removed; return how many were dropped."""
    watchers: dict[str, list[tuple[DOMNode, object]]] = getattr(node, WATCHERS, {})
    dropped = 0
    for bound in watchers.values():
        alive = [(owner, call) for owner, call in bound if not (owner._closing or owner._closed)]
        dropped += len(bound) - len(alive)
        bound[:] = alive
    return dropped


def _shown(screen: Screen[object]) -> Hashable:
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip, binding.group)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class Footer(TextualFooter):
    _last: Hashable = None

    def __init__(
        self, *, held: bool = False, compact: bool = False, show_command_palette: bool = True
    ) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self.held = held
        """No keys are shown until :meth:`show_keys` (the bar itself is drawn)."""

    class KeysShown(Message):
        """A held footer has built its keys (they are drawn with the screen's next refresh)."""

    def show_keys(self) -> None:
        """Build the keys of a held footer; :class:`KeysShown` is posted once they are (at once
        for a footer that was not held)."""
        # Run by the footer itself, whoever asks: it binds each key to its own reactive as it
        # builds them, which only works from inside the footer.
        self.call_later(self._show_keys)

    async def _show_keys(self) -> None:
        held, self.held = self.held, False
        if held and self.is_attached:
            self._bindings_ready = True
            self._last = _shown(self.screen)
            await self.recompose()
        self.post_message(self.KeysShown())

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.held:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = _shown(screen)
            if self._bindings_ready and shown == self._last:
                return
            self._last = shown
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        drop_dead_watchers(self)
        drop_dead_watchers(self.app)
