"""Real script files for tests: the fixture scripts, and scripts written on the spot."""

from __future__ import annotations

import textwrap
from pathlib import Path

from companion.script.loader import LoadResult, load_script
from companion.script.model import Script

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"
SCRIPTS = FIXTURES / "scripts"
TRACKS = {"rain", "surf"}

HEADER = """\
format: 1
id: t
title: T
phase: before
support:
  - label: Care team
    contact: Call 555-0100
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> LoadResult:
    return load_script(write(tmp_path, text), TRACKS)


def with_steps(steps: str) -> str:
    return HEADER + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  ")


def formatted(result: LoadResult) -> list[str]:
    return [p.format() for p in result.problems]


def fixture_script(name: str) -> Script:
    """One of the fixture scripts in tests/fixtures/scripts, loaded (it must load cleanly)."""
    result = load_script(SCRIPTS / f"{name}.yaml", tracks=None)
    assert result.script is not None, [p.format() for p in result.problems]
    return result.script
