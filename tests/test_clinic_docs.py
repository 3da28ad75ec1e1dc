"""The clinic guide shows what the tools really say, and its examples really work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from companion.script.catalog import load_catalog
from companion.script.clinic.crisis import load_crisis_lines
from companion.script.clinic.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "clinics.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```[a-z]*\n(.*?)```", GUIDE, re.DOTALL)


def test_the_profile_example_loads_cleanly(tmp_path: Path) -> None:
    block = next(b for b in BLOCKS if b.startswith("format: 1\nname:"))
    path = tmp_path / "clinic.yaml"
    path.write_text(block, encoding="utf-8")
    result = load_profile(path, {"first-infusion"}, {"GB"})
    assert [p.format() for p in result.problems] == []


def test_the_catalog_example_loads(tmp_path: Path) -> None:
    block = next(b for b in BLOCKS if b.startswith("tracks:"))
    (tmp_path / "catalog.yaml").write_text(block, encoding="utf-8")
    (tmp_path / "garden.wav").write_bytes(b"")
    catalog, problems = load_catalog(tmp_path)
    assert problems == [] and list(catalog.tracks) == ["garden"]


def test_every_error_in_the_guide_is_what_pack_check_prints() -> None:
    shown = [
        line
        for b in BLOCKS
        for line in b.splitlines()
        if re.match(r"riverside/\S+:\d+:\d+: ", line)
    ]
    assert len(shown) >= 3
    out = subprocess.run(
        [sys.executable, "-m", "companion", "pack", "check", "riverside"],
        cwd=ROOT / "tests" / "data" / "clinic-doc",
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    assert [line for line in shown if line not in out] == [], out


def test_the_guide_lists_every_bundled_line_with_its_source_and_date() -> None:
    data, _ = load_crisis_lines()
    for code, region in data.regions.items():
        for line in (region.emergency, *region.lines):
            row = next(
                (r for r in GUIDE.splitlines() if r.startswith(f"| {code} | {line.name} |")), None
            )
            assert row is not None, (code, line.name)
            assert line.verified.isoformat() in row
            assert line.source in row or "| same |" in row
