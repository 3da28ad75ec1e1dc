"""The course's tests: the three zones (the ``local`` fixture runs a test in each), local times
as the patient types them, the bundled scripts."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path

from companion.course.when import from_local
from companion.script.loader import load_script
from companion.script.model import Script

ROOT = Path(__file__).resolve().parent.parent.parent
ZONES = ("Europe/London", "America/New_York", "Australia/Sydney")
"""Three zones: two northern ones that change on different days, and a southern one."""


def at(text: str) -> datetime:
    """A local time (``2026-10-22 10:00``) as the aware UTC time the journal keeps."""
    return from_local(datetime.fromisoformat(text))


def bundled() -> list[Script]:
    """The bundled scripts (scripts/), in a new list; read once per test process (they are
    frozen, so tests share them)."""
    return list(_bundled())


@functools.cache
def _bundled() -> tuple[Script, ...]:
    found = []
    for path in sorted((ROOT / "scripts").glob("*.yaml")):
        result = load_script(path, tracks=None)
        assert result.script is not None, result.problems
        found.append(result.script)
    assert found, ROOT
    return tuple(found)
