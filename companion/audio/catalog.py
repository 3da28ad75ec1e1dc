"""The sounds the player can play, from ``sounds/catalog.yaml``.

The catalog is read and checked once, by :mod:`companion.script.catalog` (the same safe reader
and the same file:line:col problems as scripts); this module turns it into what the player needs
and fails with one clear sentence when it cannot be used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from companion.paths import bundled

if TYPE_CHECKING:
    # The checked catalog is read with the script format's reader (and its model): imported
    # when the catalog is first read, not with the app.
    from companion.script import catalog as checked


class CatalogError(Exception):
    """The sound catalog cannot be used; the message says why, in plain words."""


class Track(NamedTuple):
    """One sound the player can play."""

    id: str
    """Names the track; scripts refer to it."""
    title: str
    """The track's name as the patient sees it."""
    file: Path
    """The WAV file (absolute, resolved against the catalog's folder)."""
    loop: bool
    """Plays round and round until stopped."""
    description: str
    """One line about the sound for the patient."""
    credit: str
    """Who made it and under which licence."""


class Catalog(NamedTuple):
    """Every track in the catalog, by id."""

    tracks: dict[str, Track]


def from_checked(catalog: checked.Catalog) -> Catalog:
    """The player's view of a catalog that :mod:`companion.script.catalog` has read."""
    return Catalog(
        {
            entry.id: Track(
                id=entry.id,
                title=entry.title,
                file=(catalog.folder / entry.file).resolve(),
                loop=entry.loop,
                description=entry.description or "",
                credit=entry.credit or "",
            )
            for entry in catalog.tracks.values()
        }
    )


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read ``catalog.yaml`` from ``folder`` (the bundled sounds by default).

    Raises :class:`CatalogError` with the first error when the catalog has any.
    """
    from companion.script.catalog import load_catalog as read_checked
    from companion.script.problems import Severity

    folder = bundled("sounds") if folder is None else folder
    found, problems = read_checked(folder)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise CatalogError(errors[0].format())
    return from_checked(found)


class LazyCatalog:
    """The catalog read once, when a step first needs it; None when it cannot be used.

    Every front end that plays sound holds one, so none reads the catalog at start-up and none
    reads it twice. ``read`` is called once, at first use.
    """

    def __init__(self, read: Callable[[], Catalog] = load_catalog) -> None:
        self._read = read
        self._catalog: Catalog | None = None
        self._done = False

    def get(self) -> Catalog | None:
        if not self._done:
            self._done = True
            try:
                self._catalog = self._read()
            except CatalogError:
                self._catalog = None
        return self._catalog

    def track(self, track_id: str) -> Track | None:
        """The catalog's track (for its title), or None."""
        catalog = self.get()
        return None if catalog is None else catalog.tracks.get(track_id)
