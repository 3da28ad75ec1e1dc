"""The app's waits on typing (:class:`companion.timings.Timings`), found from any widget."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.widget import Widget

from companion.timings import Timings


@runtime_checkable
class TimingsHost(Protocol):
    """An app built with :class:`Timings` (the companion app and its preview)."""

    timings: Timings


def timings_of(widget: Widget) -> Timings:
    """The waits of the app ``widget`` is in; the usual ones for any other app."""
    app = widget.app
    return app.timings if isinstance(app, TimingsHost) else Timings()
