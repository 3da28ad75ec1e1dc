"""An installed copy (a wheel, as pipx installs it) carries the bundled scripts and sounds, and its
``companion`` command works from a clean virtual environment holding nothing but what the lock says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from companion import __version__

REPO = Path(__file__).resolve().parent.parent
DIST = "infusion_companion"


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.skip("needs uv to build and install the wheel (make test provides it)")
    return uv


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            *(_uv(), "build", "--offline", "--no-build-isolation", "--python", sys.executable),
            *("--sdist", "--wheel", "-o", str(out), str(REPO)),
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def installed(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel and exactly the locked runtime dependencies, nothing else."""
    uv = _uv()
    venv = tmp_path_factory.mktemp("clean") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([uv, "venv", "--python", base, str(venv)], check=True, capture_output=True)
    locked = venv.parent / "locked.txt"
    subprocess.run(
        [
            *(uv, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes"),
            *("--project", str(REPO), "-o", str(locked)),
        ],
        check=True,
        capture_output=True,
    )
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    (wheel,) = built.glob(f"{DIST}-{__version__}-*.whl")
    subprocess.run(
        [uv, "pip", "install", "--python", str(python), "-r", str(locked), str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv


def test_the_wheel_and_sdist_carry_scripts_and_sounds(built: Path) -> None:
    (wheel,) = built.glob(f"{DIST}-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside in ("scripts/first-infusion.yaml", "sounds/catalog.yaml", "sounds/rain.wav"):
        assert f"companion/_bundled/{inside}" in names
    assert "companion/script/clinic/crisis-lines.yaml" in names
    (sdist,) = built.glob(f"{DIST}-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "scripts/first-infusion.yaml", "companion/cli/__init__.py"} <= members


def _companion(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = venv / ("Scripts" if os.name == "nt" else "bin") / "companion"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COMPANION_HOME"] = str(cwd / "home")
    return subprocess.run(
        [str(command), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_installed_command_runs_from_a_clean_venv(installed: Path, tmp_path: Path) -> None:
    version = _companion(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout

    listing = _companion(installed, "scripts", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    bundled = next(installed.glob("lib/python*/site-packages/companion/_bundled/scripts"))
    assert str(bundled / "first-infusion.yaml") in listing.stdout
    assert "unavailable" not in listing.stdout

    checked = _companion(installed, "validate", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\ntitel: Hello\n", encoding="utf-8")
    refused = _companion(installed, "validate", str(broken), cwd=tmp_path)
    assert refused.returncode == 1 and "broken.yaml:3:1" in refused.stdout
