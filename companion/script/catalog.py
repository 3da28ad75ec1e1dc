"""The sound catalog (``sounds/catalog.yaml``): which tracks scripts may name, read and checked
with the same care as scripts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.script import reads
from companion.script.model import ID_PATTERN, spec

if TYPE_CHECKING:
    from companion.script.problems import Problem

CATALOG_NAME = "catalog.yaml"


@dataclass(frozen=True, kw_only=True)
class TrackEntry:
    """One sound in the catalog."""

    id: str = spec("Names the track; scripts refer to it.", pattern=ID_PATTERN)
    title: str = spec("The track's name as the patient sees it.")
    file: str = spec("The sound file, relative to the catalog's folder (16-bit WAV).")
    loop: bool = spec("Plays round and round until stopped.", default=True)
    description: str | None = spec("One line about the sound for the patient.", default=None)
    credit: str | None = spec("Who made it and under which licence.", default=None)


@dataclass(frozen=True, kw_only=True)
class CatalogFile:
    """The sound catalog file."""

    tracks: tuple[TrackEntry, ...] = spec("The sounds scripts may use.", min_items=1)


@dataclass(frozen=True)
class Catalog:
    """The tracks that loaded, by id, and the folder their files are in."""

    folder: Path
    tracks: dict[str, TrackEntry]

    def path_of(self, track_id: str) -> Path:
        return self.folder / self.tracks[track_id].file


def load_catalog(folder: Path) -> tuple[Catalog, list[Problem]]:
    """Read ``folder/catalog.yaml``; every track that is fine is kept, every problem reported."""
    # Imported here: a library read from its cache needs these classes but never PyYAML.
    from companion.script import yamlsafe
    from companion.script.convert import INVALID, Context, convert

    path = folder / CATALOG_NAME
    ctx = Context(path)
    try:
        root = yamlsafe.load(path)
    except yamlsafe.YamlError as exc:
        for each in exc.each():
            ctx.error("", each.message, each.mark)
        return Catalog(folder, {}), ctx.problems
    tracks: dict[str, TrackEntry] = {}
    parsed = convert(ctx, root, "", CatalogFile, {})
    if parsed is INVALID:
        return Catalog(folder, {}), ctx.problems
    for index, track in enumerate(parsed.tracks):
        where = f"tracks[{index}]"
        if track.id in tracks:
            ctx.error(
                f"{where}.id", f"track id '{track.id}' is used twice", ctx.marks.get(f"{where}.id")
            )
            continue
        resolved = (folder / track.file).resolve()
        if not resolved.is_relative_to(folder.resolve()):
            ctx.error(
                f"{where}.file",
                f"the file '{track.file}' is outside the sounds folder",
                ctx.marks.get(f"{where}.file"),
            )
            continue
        present = resolved.is_file()
        reads.file_checked(resolved, present)
        if not present:
            ctx.error(
                f"{where}.file",
                f"the file '{track.file}' is not in {folder}",
                ctx.marks.get(f"{where}.file"),
            )
            continue
        tracks[track.id] = track
    return Catalog(folder, tracks), ctx.problems
