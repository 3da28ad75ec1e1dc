"""Textual's footer, without the slow leak of removed widgets.

Textual forgets a watcher of a removed widget only when the watched value next changes. Two
watchers are made on every step and their values almost never change: the footer rebuilds its
keys whenever the bindings change (every step, every focus change) and binds each key to its
``compact`` reactive; every ``TextArea`` watches the app's ``theme``. So every key and text box
ever shown stayed in memory with its styles and caches: 180 MB over 500 step changes here.
The footer is rebuilt after every such change, so after each rebuild it drops the watchers of
removed widgets, its own and the app's.
"""

from __future__ import annotations

from textual.dom import DOMNode
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


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        drop_dead_watchers(self)
        drop_dead_watchers(self.app)
