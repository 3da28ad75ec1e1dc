"""Where scripts come from, in order: the bundled ones, the clinic's installed pack, the user's
folder, then ``--scripts`` folders (a later source's script with the same id replaces an
earlier one). Kept apart from the loading so that the library cache can check its key without
importing the script model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from companion import paths
from companion.script.clinic.installed import installed_pack


class Source(NamedTuple):
    name: str
    """``bundled``, ``clinic``, ``user`` or ``extra``."""
    folder: Path


def sources(extra: Sequence[Path] = (), locations: paths.Locations | None = None) -> list[Source]:
    where = locations or paths.locations()
    found = [Source("bundled", paths.bundled("scripts"))]
    pack = installed_pack(where)
    if pack is not None:
        found.append(Source("clinic", pack / "scripts"))
    found.append(Source("user", where.user_scripts))
    found.extend(Source("extra", Path(folder)) for folder in extra)
    return found
