"""``companion validate``: check scripts and report every problem as ``file:line:col``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from companion.script.catalog import CATALOG_NAME
from companion.script.library import (
    UnreadableFolder,
    expand,
    load_sound_catalog,
    script_files,
    sources,
)
from companion.script.loader import load_script
from companion.script.problems import Problem, Severity, sorted_problems


@dataclass
class Report:
    files: dict[Path, list[Problem]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the problems mean for patients, such as a broken copy hiding the one it replaces."""

    def count(self, severity: Severity) -> int:
        return sum(1 for ps in self.files.values() for p in ps if p.severity is severity)

    def failed(self, strict: bool) -> bool:
        if self.count(Severity.ERROR):
            return True
        return strict and self.count(Severity.WARNING) > 0


def validate(targets: Sequence[Path], extra: Sequence[Path] = ()) -> Report:
    """Check the given files and folders, or every script in use when none are given.

    The sound catalog is checked too, since scripts name its tracks.
    """
    report = Report()
    catalog, catalog_problems = load_sound_catalog()
    report.files[catalog.folder / CATALOG_NAME] = sorted_problems(catalog_problems)
    tracks = set(catalog.tracks)
    if targets:
        files: list[Path] = []
        for target in targets:
            try:
                files.extend(expand([target]))
            except UnreadableFolder as unreadable:
                report.files[target] = [unreadable.problem]
        for path in files:
            if path.name == CATALOG_NAME:  # a sound catalog given to check (a clinic's, say)
                report.files[path] = sorted_problems(load_sound_catalog(path.parent)[1])
                continue
            report.files[path] = load_script(path, tracks).problems
        return report
    in_use: dict[str, Path] = {}
    for source in sources(extra):
        try:
            found = script_files(source.folder)
        except UnreadableFolder as unreadable:
            report.files[source.folder] = [unreadable.problem]
            continue
        for path in found:
            result = load_script(path, tracks)
            report.files[path] = result.problems
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
    scripts = len(report.files) - 1
    verdict = "problems found" if report.failed(strict) else "all good"
    lines.append(
        f"{scripts} script{'s' if scripts != 1 else ''} and the sound catalog checked: "
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
