"""Script packs: a clinic's profile, scripts and sounds in one folder or one .zip.

A pack is always copied (or unpacked) into a private staging folder first and checked *there*, so
what is checked is exactly what is installed. Installing is whole or nothing: the staged copy
takes the installed pack's place with two renames in the same folder, and a pack left half-way
by a crash (the old one moved aside, the new one not yet in place) is put back on the next start.

Refused in one sentence, before anything is read as YAML: a folder that cannot be read, links,
special files, zip entries with absolute paths or ``..``, and packs beyond the limits below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from companion import paths, platform
from companion.script.catalog import CATALOG_NAME, Catalog, TrackEntry, load_catalog
from companion.script.clinic.crisis import load_crisis_lines
from companion.script.clinic.installed import installed_pack, old_folder, pack_folder
from companion.script.clinic.model import ClinicProfile
from companion.script.clinic.profile import PROFILE_NAME, load_profile
from companion.script.clinic.sounds import check_wav
from companion.script.loader import LoadResult, load_script
from companion.script.model import render
from companion.script.problems import Problem, Severity, has_errors

MAX_FILES = 200
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 6
LIMITS = (
    f"at most {MAX_FILES} files, {MAX_FILE_BYTES // 2**20} MiB a file, "
    f"{MAX_TOTAL_BYTES // 2**20} MiB in all, folders {MAX_DEPTH} deep"
)
PARTS = ("clinic.yaml", "scripts", "sounds")
MARKER = ".installed.json"
_IGNORED = re.compile(r"(^|/)(__MACOSX(/|$)|\.DS_Store$|Thumbs\.db$)")
_CHUNK = 1024 * 1024


class PackRefused(Exception):
    """The pack cannot even be opened safely; the message is one plain sentence."""


# --- staging: copy or unpack into a private folder ---------------------------------------------


@dataclass
class _Budget:
    files: int = 0
    total: int = 0

    def take(self, name: str, size: int) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise PackRefused(f"The pack holds more than {MAX_FILES} files ({LIMITS}).")
        if size > MAX_FILE_BYTES:
            raise PackRefused(
                f"The file {name} is {size:,} bytes, more than a pack may hold ({LIMITS})."
            )
        self.total += size
        if self.total > MAX_TOTAL_BYTES:
            raise PackRefused(f"The pack is larger than {MAX_TOTAL_BYTES // 2**20} MiB ({LIMITS}).")


def _write_private(target: Path, chunks: Iterator[bytes], limit: int, name: str) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | platform.not_inherited(), 0o600)
    written = 0
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            written += len(chunk)
            if written > limit:
                raise PackRefused(f"The file {name} is larger than it says it is.")
            out.write(chunk)


def _read_chunks(handle: object) -> Iterator[bytes]:
    read = handle.read  # type: ignore[attr-defined]
    while chunk := read(_CHUNK):
        yield chunk


def _copy_folder(source: Path, into: Path) -> None:
    if not os.access(source, os.R_OK | os.X_OK):
        raise PackRefused(f"The folder {source} cannot be read; check its permissions.")
    budget = _Budget()

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise PackRefused(
                f"The folder {folder} cannot be read ({exc.strerror or exc}); check its permissions."
            ) from None
        for entry in entries:
            path = Path(entry.path)
            relative = path.relative_to(source).as_posix()
            if _IGNORED.search(relative):
                continue
            if entry.is_symlink():
                raise PackRefused(
                    f"The pack holds a link ({relative}); a pack holds plain files and folders only."
                )
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_DEPTH:
                    raise PackRefused(f"The folder {relative} is nested too deep ({LIMITS}).")
                walk(path, depth + 1)
            elif entry.is_file(follow_symlinks=False):
                size = entry.stat(follow_symlinks=False).st_size
                budget.take(relative, size)
                try:
                    with path.open("rb") as handle:
                        _write_private(into / relative, _read_chunks(handle), size, relative)
                except OSError as exc:
                    raise PackRefused(
                        f"The file {relative} cannot be read ({exc.strerror or exc})."
                    ) from None
            else:
                raise PackRefused(
                    f"The pack holds {relative}, which is not a plain file or folder."
                )

    walk(source, 0)


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"The zip holds an absolute path ({name}); a pack's paths start inside the pack."
    if "\\" in name or ".." in PurePosixPath(name).parts:
        return f"The zip holds a path that leads out of the pack ({name})."
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"The zip holds a link ({name}); a pack holds plain files and folders only."
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return f"The zip holds {name}, which is not a plain file or folder."
    if info.flag_bits & 0x1:
        return f"The zip entry {name} is encrypted; make the zip without a password."
    if len(PurePosixPath(name).parts) > MAX_DEPTH + 1:
        return f"The zip entry {name} is nested too deep ({LIMITS})."
    return None


def _unzip(source: Path, into: Path) -> None:
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise PackRefused(f"The file {source} cannot be read ({exc.strerror or exc}).") from None
    if size > MAX_ZIP_BYTES:
        raise PackRefused(
            f"The zip is {size:,} bytes; a pack may be at most {MAX_ZIP_BYTES // 2**20} MiB."
        )
    budget = _Budget()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            seen: set[str] = set()
            for info in members:
                problem = _member_problem(info)
                if problem:
                    raise PackRefused(problem)
                key = info.filename.rstrip("/").casefold()
                if key in seen:
                    raise PackRefused(f"The zip holds {info.filename} twice.")
                seen.add(key)
                if not info.is_dir() and not _IGNORED.search(info.filename):
                    budget.take(info.filename, info.file_size)
            for info in members:
                if info.is_dir() or _IGNORED.search(info.filename):
                    continue
                with archive.open(info) as handle:
                    target = into / PurePosixPath(info.filename)
                    _write_private(target, _read_chunks(handle), info.file_size, info.filename)
    except PackRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise PackRefused(f"The file {source} is not a zip that can be opened ({exc}).") from None
    except OSError as exc:
        raise PackRefused(f"The zip cannot be read ({exc.strerror or exc}).") from None


def stage(source: Path, into: Path) -> Path:
    """Copy a folder, or unpack a zip, into the empty private folder ``into``; return the pack's
    top (the folder holding ``clinic.yaml``)."""
    if source.is_symlink():
        raise PackRefused(f"{source} is a link; give the pack folder or .zip file itself.")
    if source.is_dir():
        _copy_folder(source, into)
    elif source.is_file():
        _unzip(source, into)
    elif source.exists():
        raise PackRefused(f"{source} is neither a folder nor a .zip file.")
    else:
        raise PackRefused(f"There is no {source}.")
    if platform.modes_keep_files_private():
        for folder, dirs, _ in os.walk(into):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o700)
    if (into / PROFILE_NAME).is_file():
        return into
    tops = [p for p in into.iterdir()]
    if len(tops) == 1 and tops[0].is_dir() and (tops[0] / PROFILE_NAME).is_file():
        return tops[0]
    raise PackRefused(
        f"The pack has no {PROFILE_NAME} at its top (or in the one folder at its top)."
    )


# --- checking ----------------------------------------------------------------------------------


@dataclass
class PackCheck:
    """Everything found in a staged pack."""

    root: Path
    profile: ClinicProfile | None = None
    scripts: list[LoadResult] = field(default_factory=list)
    tracks: dict[str, TrackEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not has_errors(self.problems)


def bundled_script_ids() -> set[str]:
    from companion.script.library import script_files

    ids = set()
    for path in script_files(paths.bundled("scripts")):
        result = load_script(path, tracks=None)
        if result.script is not None:
            ids.add(result.script.id)
    return ids


def check_staged(root: Path, bundled_catalog: Catalog) -> PackCheck:
    """Check a staged pack: the profile, the sounds, then every script with the clinic's
    variables and both catalogs' tracks."""
    check = PackCheck(root)
    crisis, _ = load_crisis_lines()
    result = load_profile(root / PROFILE_NAME, bundled_script_ids(), set(crisis.regions))
    check.profile = result.profile
    check.problems.extend(result.problems)
    for entry in sorted(root.iterdir()):
        if entry.name not in PARTS and entry.name != MARKER:
            check.problems.append(
                Problem(
                    entry,
                    None,
                    Severity.WARNING,
                    "",
                    "is not read: a pack holds clinic.yaml, scripts/ and sounds/ only",
                )
            )
    sounds = root / "sounds"
    if sounds.is_dir():
        check.tracks = _check_sounds(sounds, bundled_catalog, check.problems)
    scripts = root / "scripts"
    shared = dict(check.profile.variables) if check.profile else _raw_variables(root)
    tracks = set(bundled_catalog.tracks) | set(check.tracks)
    if scripts.is_dir():
        seen: dict[str, Path] = {}
        for path in sorted(scripts.iterdir()):
            if path.suffix not in (".yaml", ".yml") or not path.is_file():
                check.problems.append(
                    Problem(path, None, Severity.WARNING, "", "is not read: not a .yaml script")
                )
                continue
            loaded = load_script(path, tracks, shared=shared)
            check.problems.extend(loaded.problems)
            if loaded.script is not None and loaded.script.id in seen:
                check.problems.append(
                    Problem(
                        path,
                        None,
                        Severity.ERROR,
                        "id",
                        f"script id '{loaded.script.id}' is already used by "
                        f"{seen[loaded.script.id].name}",
                    )
                )
            elif loaded.script is not None:
                seen[loaded.script.id] = path
            check.scripts.append(loaded)
    check.problems = sorted(check.problems, key=lambda p: (str(p.path), *p.sort_key()))
    return check


def _raw_variables(root: Path) -> dict[str, str]:
    """A broken profile's variables, so that its scripts are still checked against them."""
    from companion.script import yamlsafe

    try:
        node = yamlsafe.load(root / PROFILE_NAME)
    except yamlsafe.YamlError:
        return {}
    variables = node.get("variables") if isinstance(node, yamlsafe.Mapping) else None
    if not isinstance(variables, yamlsafe.Mapping):
        return {}
    return {k.text: v.text for k, v in variables.items if isinstance(v, yamlsafe.Scalar)}


def _check_sounds(
    folder: Path, bundled_catalog: Catalog, problems: list[Problem]
) -> dict[str, TrackEntry]:
    if not (folder / CATALOG_NAME).is_file():
        problems.append(
            Problem(
                folder,
                None,
                Severity.ERROR,
                "",
                f"has no {CATALOG_NAME}; list the pack's sounds in sounds/{CATALOG_NAME}",
            )
        )
        return {}
    catalog, found = load_catalog(folder)
    problems.extend(found)
    listed = {catalog.path_of(track_id).name for track_id in catalog.tracks}
    for path in sorted(folder.iterdir()):
        if path.name != CATALOG_NAME and path.name not in listed:
            problems.append(
                Problem(
                    path, None, Severity.WARNING, "", f"is not read: not listed in {CATALOG_NAME}"
                )
            )
    tracks = {}
    for track_id, track in catalog.tracks.items():
        if track_id in bundled_catalog.tracks:
            problems.append(
                Problem(
                    folder / CATALOG_NAME,
                    None,
                    Severity.ERROR,
                    "tracks",
                    f"track id '{track_id}' is already a bundled sound; choose another id",
                )
            )
            continue
        for message in check_wav(catalog.path_of(track_id)):
            problems.append(Problem(catalog.path_of(track_id), None, Severity.ERROR, "", message))
        tracks[track_id] = track  # a bad file is reported once, not again in each script naming it
    return tracks


def shown_problem(problem: Problem, root: Path, source: Path) -> Problem:
    """The same problem, placed in the pack as the clinic gave it rather than the staged copy."""
    try:
        relative = problem.path.relative_to(root)
    except ValueError:
        return problem
    return Problem(
        source / relative, problem.mark, problem.severity, problem.where, problem.message
    )


def check_pack(source: Path) -> PackCheck:
    """Check a pack folder or zip without installing it (raises :class:`PackRefused`)."""
    from companion.script.library import load_sound_catalog

    with tempfile.TemporaryDirectory(prefix="companion-pack-") as scratch:
        root = stage(source, Path(scratch))
        check = check_staged(root, load_sound_catalog()[0])
        check.problems = [shown_problem(p, root, source) for p in check.problems]
        check.root = source
        return check


# --- installed pack ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackSummary:
    """What an installed pack holds, for ``pack show`` and for saying what changed."""

    folder: Path
    name: str
    region: str | None
    hidden: tuple[str, ...]
    support: tuple[str, ...]
    scripts: dict[str, tuple[str, str]]
    """id -> (title, sha256)"""
    tracks: tuple[str, ...]
    source: str
    installed: str


def summarise(folder: Path) -> PackSummary | None:
    from companion.script.library import load_sound_catalog

    result = load_profile(folder / PROFILE_NAME)
    if result.profile is None:
        return None
    profile = result.profile
    tracks: tuple[str, ...] = ()
    if (folder / "sounds" / CATALOG_NAME).is_file():
        tracks = tuple(sorted(load_catalog(folder / "sounds")[0].tracks))
    known = set(load_sound_catalog()[0].tracks) | set(tracks)
    scripts = {}
    scripts_folder = folder / "scripts"
    if scripts_folder.is_dir():
        for path in sorted(scripts_folder.glob("*.y*ml")):
            loaded = load_script(path, known, shared=dict(profile.variables))
            if loaded.script is not None:
                scripts[loaded.script.id] = (loaded.script.title, loaded.sha256)
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = {}
    return PackSummary(
        folder=folder,
        name=profile.name,
        region=profile.region,
        hidden=profile.hide,
        support=tuple(
            f"{render(e.label, profile.variables)}: {render(e.contact, profile.variables)}"
            for e in profile.support
        ),
        scripts=scripts,
        tracks=tracks,
        source=str(marker.get("source", "")),
        installed=str(marker.get("installed", "")),
    )


@dataclass
class InstallReport:
    """What installing did: nothing (with the problems), or the changes it made."""

    installed: bool
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def install_pack(
    source: Path, where: paths.Locations, now: datetime | None = None
) -> InstallReport:
    """Check and install a pack, whole or not at all; raises :class:`PackRefused`."""
    from companion.script.library import load_sound_catalog

    config = paths.private_dir(where.config)
    scratch = Path(tempfile.mkdtemp(prefix=".pack-new-", dir=config))
    try:
        root = stage(source, scratch)
        check = check_staged(root, load_sound_catalog()[0])
        if not check.ok:
            shown = [shown_problem(p, root, source) for p in check.problems]
            return InstallReport(False, shown)
        warnings = [shown_problem(p, root, source) for p in check.problems]
        stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        marker = {"source": str(source.name), "installed": stamp}
        _write_private(root / MARKER, iter([json.dumps(marker).encode("utf-8")]), 1 << 16, MARKER)
        before_folder = installed_pack(where)
        before = summarise(before_folder) if before_folder else None
        _swap(root, where)
        after = summarise(pack_folder(where))
        return InstallReport(True, warnings, describe_changes(before, after))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _swap(ready: Path, where: paths.Locations) -> None:
    folder, old = pack_folder(where), old_folder(where)
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        os.rename(folder, old)
    os.rename(ready, folder)
    shutil.rmtree(old, ignore_errors=True)


def remove_pack(where: paths.Locations) -> PackSummary | None:
    """Remove the installed pack; what it held, or ``None`` when there was none."""
    folder = installed_pack(where)
    if folder is None:
        return None
    summary = summarise(folder)
    old = old_folder(where)
    if old.exists():
        shutil.rmtree(old)
    os.rename(folder, old)
    shutil.rmtree(old, ignore_errors=True)
    return summary


def region_words(code: str | None) -> str:
    """``the United Kingdom (GB)``; ``where each patient lives`` when no region is set."""
    if code is None:
        return "where each patient lives"
    lines = load_crisis_lines()[0].lines_for(code)
    return f"{lines.name} ({code})" if lines else code


def describe_changes(before: PackSummary | None, after: PackSummary | None) -> list[str]:
    """What changed, one line each, in the clinic's words."""
    if after is None:
        return []
    lines = []
    if before is None:
        lines.append(f"Installed the pack of {after.name}.")
    elif before.name != after.name:
        lines.append(f"Replaced the pack of {before.name} with the pack of {after.name}.")
    else:
        lines.append(f"Replaced the pack of {after.name} with its new version.")
    old_scripts = before.scripts if before else {}
    for script_id, (title, sha) in after.scripts.items():
        if script_id not in old_scripts:
            lines.append(f"  added script {script_id} ({title})")
        elif old_scripts[script_id][1] != sha:
            lines.append(f"  changed script {script_id} ({title})")
    for script_id, (title, _) in old_scripts.items():
        if script_id not in after.scripts:
            lines.append(f"  removed script {script_id} ({title})")
    old_tracks = set(before.tracks) if before else set()
    for track in after.tracks:
        if track not in old_tracks:
            lines.append(f"  added sound {track}")
    for track in sorted(old_tracks - set(after.tracks)):
        lines.append(f"  removed sound {track}")
    old_region = before.region if before else None
    if after.region != old_region:
        lines.append(f"  crisis lines now for {region_words(after.region)}")
    old_hidden = set(before.hidden) if before else set()
    for script_id in after.hidden:
        if script_id not in old_hidden:
            lines.append(f"  hidden bundled script {script_id}")
    for script_id in sorted(old_hidden - set(after.hidden)):
        lines.append(f"  offered again bundled script {script_id}")
    if len(lines) == 1 and before is not None:
        lines.append("  its scripts and sounds are the same")
    return lines
