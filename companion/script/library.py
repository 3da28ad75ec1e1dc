"""All the scripts in use: bundled ones, the clinic's installed pack, then the user's folder,
then ``--scripts`` folders.

A later source's script with the same id replaces an earlier one, so a therapist customises a
bundled script by copying it into their folder and editing it, without forking the app. The
clinic profile's variables take the place of every script's own, its ``hide`` list leaves bundled
scripts out, and its pack's sounds join the bundled catalog.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from companion import paths
from companion.script import reads
from companion.script.catalog import Catalog, TrackEntry, load_catalog
from companion.script.clinic.installed import PROFILE_NAME, installed_pack
from companion.script.model import LoadedScript
from companion.script.problems import Problem, Severity
from companion.script.sources import sources

if TYPE_CHECKING:
    # Parsing (the loader, the profile reader and PyYAML under them) is imported when a load
    # happens: a start served by the library cache never imports it.
    from companion.script.clinic.model import ClinicProfile
    from companion.script.loader import LoadResult

SUFFIXES = (".yaml", ".yml")


@dataclass
class Library:
    """What loaded, what failed, and what replaced what."""

    scripts: dict[str, LoadedScript] = field(default_factory=dict)
    failed: list[LoadResult] = field(default_factory=list)
    replaced: list[tuple[LoadedScript, LoadedScript]] = field(default_factory=list)
    """(earlier, later) pairs where a later source's script took an id over."""
    withheld: list[tuple[LoadedScript, LoadResult]] = field(default_factory=list)
    """(earlier, broken) pairs: a later source's copy of a script is broken, so the earlier
    copy it was meant to replace is not offered either (it may hold what the clinic meant to
    change, such as a phone number)."""
    catalog: Catalog | None = None
    catalog_problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    clinic: ClinicProfile | None = None
    """The installed pack's profile, when there is one and it loads."""
    clinic_problems: list[Problem] = field(default_factory=list)
    hidden: list[LoadedScript] = field(default_factory=list)
    """Bundled scripts the clinic profile leaves out."""


class UnreadableFolder(Exception):
    """A scripts folder that cannot be listed; ``problem`` says so, for the folder."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def script_files(folder: Path) -> list[Path]:
    """The ``.yaml``/``.yml`` entries of a folder that are not folders, sorted.

    Pipes, devices and broken or looping links are listed too, so that reading them reports
    what they are (without waiting on them) instead of their being passed over in silence.
    Raises :class:`UnreadableFolder` when the folder exists but cannot be listed.
    """
    reads.folder_listed(folder)
    if not folder.is_dir():
        return []
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".").lower()
        raise UnreadableFolder(
            Problem(
                folder,
                None,
                Severity.ERROR,
                "",
                f"this scripts folder cannot be read ({reason}); check that it is yours and "
                "that you may open it",
            )
        ) from exc
    return sorted(p for p in entries if p.suffix in SUFFIXES and not p.is_dir())


def expand(targets: Iterable[Path]) -> list[Path]:
    """Files as given, folders as the script files in them."""
    files: list[Path] = []
    for target in targets:
        files.extend(script_files(target) if target.is_dir() else [target])
    return files


def load_sound_catalog(folder: Path | None = None) -> tuple[Catalog, list[Problem]]:
    return load_catalog(folder or paths.bundled("sounds"))


def load_library(
    extra: Sequence[Path] = (),
    locations: paths.Locations | None = None,
    catalog: Catalog | None = None,
) -> Library:
    """Load every script from every source; broken files are kept aside with their problems."""
    from companion.script.clinic.profile import load_profile
    from companion.script.loader import LoadResult, load_script

    library = Library()
    where = locations or paths.locations()
    if catalog is None:
        catalog, library.catalog_problems = load_sound_catalog()
    pack = installed_pack(where)
    if pack is not None:
        profile = load_profile(pack / PROFILE_NAME)
        library.clinic, library.clinic_problems = profile.profile, profile.problems
        catalog = with_pack_sounds(catalog, pack / "sounds")
    library.catalog = catalog
    tracks = set(catalog.tracks)
    shared = dict(library.clinic.variables) if library.clinic else {}
    hide = set(library.clinic.hide) if library.clinic else set()
    for source in sources(extra, where):
        seen_here: dict[str, Path] = {}
        try:
            files = script_files(source.folder)
        except UnreadableFolder as unreadable:
            library.failed.append(LoadResult(source.folder, None, [unreadable.problem]))
            continue
        for path in files:
            result = load_script(path, tracks, shared=shared)
            if result.script is None:
                library.failed.append(result)
                earlier = library.scripts.pop(result.meant_id or path.stem, None)
                if earlier is not None:
                    library.withheld.append((earlier, result))
                continue
            library.warnings.extend(p for p in result.problems if p.severity is Severity.WARNING)
            script = result.script
            if script.id in seen_here:
                clash = Problem(
                    path,
                    None,
                    Severity.ERROR,
                    "id",
                    f"script id '{script.id}' is already used by {seen_here[script.id].name}",
                )
                library.failed.append(LoadResult(path, None, [clash], result.sha256))
                continue
            seen_here[script.id] = path
            loaded = LoadedScript(script, path, result.sha256, source.name)
            if source.name == "bundled" and script.id in hide:
                library.hidden.append(loaded)
                continue
            earlier = library.scripts.get(script.id)
            if earlier is not None:
                library.replaced.append((earlier, loaded))
            library.withheld = [w for w in library.withheld if w[0].script.id != script.id]
            library.scripts[script.id] = loaded
    return library


def with_pack_sounds(catalog: Catalog, folder: Path) -> Catalog:
    """The bundled catalog with the pack's tracks added (a bundled id is never taken over)."""
    if not (folder / "catalog.yaml").is_file():
        return catalog
    pack_catalog, _ = load_catalog(folder)
    tracks: dict[str, TrackEntry] = dict(catalog.tracks)
    for track_id, track in pack_catalog.tracks.items():
        if track_id not in tracks:
            absolute = str((pack_catalog.folder / track.file).resolve())
            tracks[track_id] = dataclasses.replace(track, file=absolute)
    return Catalog(catalog.folder, tracks)
