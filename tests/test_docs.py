"""The therapist's guide shows what the checker really says, and its examples really work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from companion.script.loader import load_script
from tests.helpers.scripts import DATA, TRACKS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "scripts.md"
BLOCKS = re.findall(r"```[a-z]*\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def test_every_error_example_in_the_guide_is_what_validate_prints(tmp_path: Path) -> None:
    shown = [
        line
        for block in BLOCKS
        for line in block.splitlines()
        if re.match(r"scripts/\w+\.yaml:\d+:\d+: (error|warning): ", line)
    ]
    assert len(shown) >= 8
    (tmp_path / "scripts").mkdir()
    for example in (DATA / "doc-examples").iterdir():
        shutil.copy(example, tmp_path / "scripts" / example.name)
    files = sorted(f"scripts/{p.name}" for p in (DATA / "doc-examples").iterdir())
    out = subprocess.run(
        [sys.executable, "-m", "companion", "validate", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    missing = [line for line in shown if line not in out]
    assert missing == [], "\n".join(out)


@pytest.mark.parametrize(
    "block",
    [b for b in BLOCKS if b.startswith("format: 1")],
)
def test_whole_scripts_in_the_guide_load_cleanly(tmp_path: Path, block: str) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(block, encoding="utf-8")
    result = load_script(path, TRACKS | {"drone", "bowl", "cue-inhale", "cue-exhale"})
    assert [p.format() for p in result.problems] == []
