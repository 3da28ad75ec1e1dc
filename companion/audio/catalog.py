"""The sounds the player can play, read from ``sounds/catalog.yaml``.

The script checker reports catalog problems with their place in the file; this loader only needs
to be safe (the safe loader, no aliases, a size limit) and to fail with one clear sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from companion.paths import bundled

try:  # libyaml is faster; both are safe loaders
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

CATALOG_NAME = "catalog.yaml"
MAX_BYTES = 1024 * 1024
ID_PATTERN = re.compile(r"[a-z0-9-]+")
_FIELDS = {"id", "title", "file", "loop", "description", "credit"}


class CatalogError(Exception):
    """The sound catalog cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class Track:
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


@dataclass(frozen=True)
class Catalog:
    """Every track in the catalog, by id."""

    tracks: dict[str, Track]


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key, None if required else "")
    if not isinstance(value, str):
        raise CatalogError(f"{where}: '{key}' must be text")
    return value


def _track(entry: object, folder: Path, index: int) -> Track:
    where = f"track {index + 1}"
    if not isinstance(entry, dict):
        raise CatalogError(f"{where} is not a mapping of fields")
    unknown = sorted(str(key) for key in entry if key not in _FIELDS)
    if unknown:
        raise CatalogError(f"{where}: unknown field '{unknown[0]}'")
    track_id = _text(entry, "id", where)
    if not ID_PATTERN.fullmatch(track_id):
        raise CatalogError(f"{where}: id '{track_id}' may use only a-z, 0-9 and '-'")
    where = f"track '{track_id}'"
    file = _text(entry, "file", where)
    path = (folder / file).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise CatalogError(f"{where}: the file '{file}' is outside the sounds folder")
    loop = entry.get("loop", True)
    if not isinstance(loop, bool):
        raise CatalogError(f"{where}: 'loop' must be true or false")
    return Track(
        id=track_id,
        title=_text(entry, "title", where),
        file=path,
        loop=loop,
        description=_text(entry, "description", where, required=False),
        credit=_text(entry, "credit", where, required=False),
    )


def _read(path: Path) -> object:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CatalogError(f"{path} is larger than 1 MiB, which no sound catalog needs")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path} cannot be read: {exc}") from exc
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                raise CatalogError(f"{path}: anchors and aliases are not allowed")
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path} is not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise CatalogError(f"{path} is nested too deeply") from exc


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read ``catalog.yaml`` from ``folder`` (the bundled sounds by default)."""
    folder = bundled("sounds") if folder is None else folder
    path = folder / CATALOG_NAME
    root = _read(path)
    if not isinstance(root, dict) or not isinstance(root.get("tracks"), list):
        raise CatalogError(f"{path} must have a list of 'tracks'")
    tracks: dict[str, Track] = {}
    for index, entry in enumerate(root["tracks"]):
        track = _track(entry, folder, index)
        if track.id in tracks:
            raise CatalogError(f"{path}: the track id '{track.id}' is used twice")
        tracks[track.id] = track
    return Catalog(tracks)
