"""A cache of the parsed library, so that start-up reads the scripts without parsing them.

The cache is a compact JSON of the library (``library-cache.json``, 0600, in the state folder),
written after a full load. It is used only when everything the load read is unchanged: every
file's size, ``mtime_ns`` and the SHA-256 of its bytes (:mod:`companion.script.reads` records
them, so a file the library learns to read later is covered by itself), every folder listing,
every sound file's presence, the folders given, the day (the checker's warnings depend on it) and
the code of the script package. Otherwise, or when the file is damaged, the library is loaded
in full and the cache written again, silently. Decoding builds only the library's own
dataclasses, from a fixed list, with exactly their fields: a cache can never run code.

Beside the library it holds the library's index (:mod:`companion.script.cards`): what home
shows, read without importing the script model. :func:`load_index_cached` gives the index at
once and decodes the library, from the same checked read, when it is first asked for.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import os
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import __version__, paths
from companion.script import reads
from companion.script.cards import LibraryIndex
from companion.script.clinic.installed import installed_pack
from companion.script.reads import listing_of
from companion.script.sources import sources

if TYPE_CHECKING:
    from companion.script.library import Library

CACHE_NAME = "library-cache.json"
FORMAT = 2
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def _classes() -> dict[str, type]:
    # Imported when a library is first decoded or encoded, not to check the cache: the model is
    # not needed to draw home. The loader's LoadResult (a file that failed) and the clinic's
    # profile are looked up when first needed: importing the loader imports PyYAML, which a
    # library without broken files never needs, and a library without a clinic pack has no
    # profile.
    from companion.script import catalog, library, model, problems

    found: dict[str, type] = {}
    for module in (model, problems, catalog, library):
        for value in vars(module).values():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and (dataclasses.is_dataclass(value) or issubclass(value, Enum)):
                found[value.__name__] = value
    return found


LATER = {
    "LoadResult": "companion.script.loader",
    "ClinicProfile": "companion.script.clinic.model",
}


def _known(name: str) -> type | None:
    """One of the library's own classes by name; None for anything else."""
    classes = _classes()
    if name not in classes and name in LATER:
        module = importlib.import_module(LATER[name])
        classes[name] = getattr(module, name)
    return classes.get(name)


_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = frozenset(f.name for f in dataclasses.fields(kind))
    return names


def cache_path(where: paths.Locations) -> Path:
    return where.state / CACHE_NAME


def load_library_cached(
    extra: Sequence[Path] = (),
    where: paths.Locations | None = None,
    today: Callable[[], date] = date.today,
) -> Library:
    """The library as :func:`library.load_library` gives it, from the cache when that is
    provably current; otherwise loaded in full, and the cache written again."""
    return load_index_cached(extra, where, today).library


def load_index_cached(
    extra: Sequence[Path] = (),
    where: paths.Locations | None = None,
    today: Callable[[], date] = date.today,
) -> LibraryIndex:
    """The library's index, from the cache when that is provably current (the library itself is
    decoded from the same read when first asked for); otherwise the library is loaded in full,
    the cache written again, and the index made from it."""
    where = where or paths.locations()
    key = _key(extra, where, today())
    path = cache_path(where)
    found = _read(path, key, lambda: _fresh(extra, where, path, key))
    return found if found is not None else LibraryIndex.of(_fresh(extra, where, path, key))


def _fresh(
    extra: Sequence[Path], where: paths.Locations, path: Path, key: dict[str, Any]
) -> Library:
    from companion.script.library import load_library

    with reads.recording() as seen:
        fresh = load_library(extra, where)
    _write(path, key, seen, fresh)
    return fresh


def _key(extra: Sequence[Path], where: paths.Locations, today: date) -> dict[str, Any]:
    code = []
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py"):
            info = os.stat(PACKAGE / name)
            code.append([name, info.st_size, info.st_mtime_ns])
    # A clinic's pack: its profile and sound catalog may appear or go without any listed scripts
    # folder changing, so the pack folder's listing (and its sounds folder's) is part of the key.
    pack = installed_pack(where)
    return {
        "pack": None
        if pack is None
        else [str(pack), listing_of(pack), listing_of(pack / "sounds")],
        "format": FORMAT,
        "version": __version__,
        "code": code,
        "day": today.isoformat(),
        "sources": [[s.name, str(s.folder)] for s in sources(extra, where)],
    }


def _read(path: Path, key: dict[str, Any], otherwise: Callable[[], Library]) -> LibraryIndex | None:
    """The index in the cache, if the cache is current; its library is decoded when first asked
    for (``otherwise``, a full load, should that part turn out damaged)."""
    try:
        with open(path, "rb") as handle:
            head, recorded, index, body = handle.read().split(b"\n")
        if json.loads(head) != key or not reads.Reads.from_json(json.loads(recorded)).unchanged():
            return None
        return LibraryIndex.from_json(json.loads(index), lambda: _decoded(body) or otherwise())
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _decoded(body: bytes) -> Library | None:
    from companion.script.library import Library

    try:
        found = json.loads(body, object_hook=_decode)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return found if isinstance(found, Library) else None


def _write(path: Path, key: dict[str, Any], seen: reads.Reads, fresh: Library) -> None:
    """Best effort: a cache that cannot be written only means parsing next time too."""
    try:
        # Four lines: the key and what was read are checked before anything else is decoded;
        # the index is what home needs first, the library is decoded after.
        index = LibraryIndex.of(fresh).to_json()
        text = "\n".join(
            json.dumps(part, separators=(",", ":"), ensure_ascii=False)
            for part in (key, seen.to_json(), index, _encode(fresh))
        )
        paths.private_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError, paths.UnsafeFolderError):
        return


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return {"@e": type(value).__name__, "v": value.value}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Path):
        return {"@p": str(value)}
    if isinstance(value, date):
        return {"@date": value.isoformat()}
    if isinstance(value, tuple):
        if type(value) is not tuple:  # a record (a NamedTuple) would come back a bare tuple
            raise TypeError(f"{type(value).__name__} is not part of the library's model")
        return {"@t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"@d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _known(name) is type(value):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": name, **fields}
    raise TypeError(f"{name} is not part of the library's model")


def _decode(obj: dict[str, Any]) -> Any:
    if "@" in obj:
        fields = dict(obj)
        name = fields.pop("@")
        kind = _known(name)
        if kind is None or not dataclasses.is_dataclass(kind) or _fields(kind) != set(fields):
            raise ValueError(name)
        made: Any = object.__new__(kind)
        made.__dict__.update(fields)  # the dataclasses are frozen: set as their __init__ would
        return made
    if "@t" in obj:
        return tuple(obj["@t"])
    if "@d" in obj:
        return {k: v for k, v in obj["@d"]}
    if "@p" in obj:
        return Path(obj["@p"])
    if "@date" in obj:
        return date.fromisoformat(obj["@date"])
    if "@e" in obj:
        kind = _known(obj["@e"])
        if kind is None or not issubclass(kind, Enum):
            raise ValueError(obj["@e"])
        return kind(obj["v"])
    raise ValueError("not part of the library's model")
