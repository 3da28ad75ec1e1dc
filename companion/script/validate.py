"""``companion validate``: check scripts and report every problem as ``file:line:col``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from companion.paths import locations
from companion.script.catalog import CATALOG_NAME
from companion.script.clinic.crisis import load_crisis_lines
from companion.script.clinic.installed import installed_pack
from companion.script.clinic.pack import bundled_script_ids
from companion.script.clinic.profile import PROFILE_NAME, load_profile
from companion.script.library import (
    UnreadableFolder,
    expand,
    load_sound_catalog,
    script_files,
    with_pack_sounds,
)
from companion.script.loader import load_script
from companion.script.problems import Problem, Severity, sorted_problems
from companion.script.sources import sources


@dataclass
class Report:
    files: dict[Path, list[Problem]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the problems mean for patients, such as a broken copy hiding the one it replaces."""
    others: set[Path] = field(default_factory=set)
    """Files checked that are not scripts: catalogs, the crisis lines, a clinic profile."""

    def add_other(self, path: Path, problems: list[Problem]) -> None:
        self.files[path] = problems
        self.others.add(path)

    @property
    def scripts(self) -> int:
        return len(set(self.files) - self.others)

    def count(self, severity: Severity) -> int:
        return sum(1 for ps in self.files.values() for p in ps if p.severity is severity)

    def failed(self, strict: bool) -> bool:
        if self.count(Severity.ERROR):
            return True
        return strict and self.count(Severity.WARNING) > 0


def validate(targets: Sequence[Path], extra: Sequence[Path] = ()) -> Report:
    """Check the given files and folders, or every script in use when none are given.

    The sound catalog and the crisis lines are checked too (scripts name the catalog's tracks,
    and an out-of-date crisis line gives a warning); so is a ``clinic.yaml`` among the targets,
    or the installed clinic profile when none are given, whose variables the scripts may use.
    """
    report = Report()
    catalog, catalog_problems = load_sound_catalog()
    report.add_other(catalog.folder / CATALOG_NAME, sorted_problems(catalog_problems))
    crisis, crisis_problems = load_crisis_lines()
    report.add_other(crisis.path, crisis_problems)
    installed = installed_pack(locations())
    if installed is not None:
        catalog = with_pack_sounds(catalog, installed / "sounds")
    tracks = set(catalog.tracks)
    files: list[Path] = []
    if targets:
        for target in targets:
            try:
                files.extend(expand([target]))
            except UnreadableFolder as unreadable:
                report.files[target] = [unreadable.problem]
    else:
        if installed is not None:
            files.append(installed / PROFILE_NAME)
        for source in sources(extra):
            try:
                files.extend(script_files(source.folder))
            except UnreadableFolder as unreadable:
                report.files[source.folder] = [unreadable.problem]
    shared: dict[str, str] = {}
    for path in [f for f in files if f.name == PROFILE_NAME]:
        profile = load_profile(path, bundled_script_ids(), set(crisis.regions))
        report.add_other(path, profile.problems)
        if profile.profile is not None:
            shared.update(profile.profile.variables)
    in_use: dict[str, Path] = {}
    for path in files:
        if path.name == PROFILE_NAME:
            continue
        if targets and path.name == CATALOG_NAME:  # a sound catalog given to check (a clinic's)
            report.add_other(path, sorted_problems(load_sound_catalog(path.parent)[1]))
            continue
        result = load_script(path, tracks, shared=shared)
        report.files[path] = result.problems
        if targets:
            continue
        if result.script is not None:
            in_use[result.script.id] = path
            continue
        meant = result.meant_id or path.stem
        if meant in in_use:
            report.notes.append(
                f"{path}: this copy of '{meant}' has errors, so patients see neither it "
                f"nor the copy it replaces ({in_use.pop(meant)}) until it is fixed"
            )
    return report


def render_text(report: Report, strict: bool) -> str:
    cwd = Path.cwd()
    lines = [p.format(relative_to=cwd) for ps in report.files.values() for p in ps]
    lines.extend(report.notes)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    scripts = report.scripts
    verdict = "problems found" if report.failed(strict) else "all good"
    profiles = sum(1 for path in report.others if path.name == PROFILE_NAME)
    profile = f", the clinic profile{'s' if profiles > 1 else ''}" if profiles else ""
    lines.append(
        f"{scripts} script{'s' if scripts != 1 else ''}{profile}, the crisis lines and the sound "
        "catalog checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} ({verdict})."
    )
    return "\n".join(lines)


def render_json(report: Report, strict: bool) -> str:
    payload = {
        "ok": not report.failed(strict),
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "notes": report.notes,
        "files": [
            {
                "file": str(path),
                "ok": not any(p.severity is Severity.ERROR for p in problems),
                "problems": [p.to_json() for p in problems],
            }
            for path, problems in report.files.items()
        ],
    }
    return json.dumps(payload, indent=2)
