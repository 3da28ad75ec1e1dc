"""``companion pack check|install|show|remove``: what each prints and the exit status (the CLI
layer; the checking and installing are in :mod:`companion.script.clinic.pack`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from companion.paths import UnsafeFolderError, locations
from companion.script.clinic.installed import installed_pack
from companion.script.clinic.pack import (
    LIMITS,
    PackRefused,
    check_pack,
    install_pack,
    region_words,
    remove_pack,
    summarise,
)
from companion.script.clinic.profile import PROFILE_NAME, load_profile
from companion.script.problems import Problem, Severity


def _counts(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    return (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def _print_problems(problems: list[Problem]) -> None:
    cwd = Path.cwd()
    for problem in problems:
        print(problem.format(relative_to=cwd))


def run_pack(action: str, path: Path | None, output: str = "text") -> int:
    try:
        if action == "check":
            assert path is not None
            return _check(path, output)
        if action == "install":
            assert path is not None
            return _install(path)
        if action == "show":
            return _show()
        return _remove()
    except PackRefused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    except (OSError, UnsafeFolderError) as exc:
        print(f"Nothing was changed: {exc}", file=sys.stderr)
        return 1


def _check(path: Path, output: str) -> int:
    check = check_pack(path)
    if output == "json":
        payload = {
            "ok": check.ok,
            "scripts": [r.script.id for r in check.scripts if r.script is not None],
            "sounds": sorted(check.tracks),
            "problems": [p.to_json() for p in check.problems],
        }
        print(json.dumps(payload, indent=2))
        return 0 if check.ok else 1
    _print_problems(check.problems)
    scripts = len(check.scripts)
    verdict = "ready to install" if check.ok else "problems found; it cannot be installed"
    print(
        f"The pack's profile, {scripts} script{'s' if scripts != 1 else ''} and "
        f"{len(check.tracks)} sound{'s' if len(check.tracks) != 1 else ''} checked: "
        f"{_counts(check.problems)} ({verdict})."
    )
    return 0 if check.ok else 1


def _install(path: Path) -> int:
    report = install_pack(path, locations())
    _print_problems(report.problems)
    if not report.installed:
        print(
            f"Nothing was installed: {_counts(report.problems)}. The installed pack is unchanged."
        )
        return 1
    for line in report.changes:
        print(line)
    print("The journal was not touched.")
    return 0


def _show() -> int:
    folder = installed_pack(locations())
    if folder is None:
        print("No clinic pack is installed. Install one with: companion pack install PATH")
        return 0
    summary = summarise(folder)
    if summary is None:
        problems = load_profile(folder / PROFILE_NAME).problems
        first = problems[0].format() if problems else f"{folder / PROFILE_NAME} cannot be read"
        print(f"The installed pack's profile no longer loads: {first}", file=sys.stderr)
        print("Install the pack again, or a newer one from your clinic.", file=sys.stderr)
        return 1
    print(f"{summary.name}")
    print(f"  installed from {summary.source or 'an unknown place'} on {summary.installed or '?'}")
    print(f"  folder: {summary.folder}")
    print(f"  crisis lines for: {region_words(summary.region)}")
    for contact in summary.support:
        print(f"  contact: {contact}")
    for script_id, (title, _) in summary.scripts.items():
        print(f"  script: {script_id} ({title})")
    for track in summary.tracks:
        print(f"  sound: {track}")
    for script_id in summary.hidden:
        print(f"  hides bundled script: {script_id}")
    print(f"Limits for packs: {LIMITS}.")
    return 0


def _remove() -> int:
    summary = remove_pack(locations())
    if summary is None:
        print("No clinic pack is installed; nothing was removed.")
        return 0
    print(f"Removed the pack of {summary.name}; the bundled scripts are offered as before.")
    print("The journal was not touched.")
    return 0
