"""Shared bits for tests: the fixture scripts."""

from __future__ import annotations

from pathlib import Path

from companion.script.loader import load_script
from companion.script.model import Script

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCRIPTS = FIXTURES / "scripts"


def fixture_script(name: str) -> Script:
    result = load_script(SCRIPTS / f"{name}.yaml", tracks=None)
    assert result.script is not None, [p.format() for p in result.problems]
    return result.script
