"""An installed copy (a wheel, as pipx installs it) carries the bundled scripts and sounds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(out.glob("companion-*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_contains_scripts_and_sounds(unpacked_wheel: Path) -> None:
    bundled = unpacked_wheel / "companion" / "_bundled"
    assert (bundled / "scripts" / "first-infusion.yaml").is_file()
    assert (bundled / "sounds" / "catalog.yaml").is_file()
    assert (bundled / "sounds" / "rain.wav").is_file()


def test_installed_copy_finds_its_bundled_scripts(unpacked_wheel: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    out = subprocess.run(
        [sys.executable, "-m", "companion", "scripts"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(unpacked_wheel / "companion" / "_bundled" / "scripts" / "first-infusion.yaml") in out
    assert "unavailable" not in out
