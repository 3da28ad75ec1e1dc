"""The layers hold, and the contracts that hold them can fail.

The contracts themselves are in pyproject.toml and `make test` runs them (``lint-imports``).
Here: every module of the package is placed in a layer, every module of companion/app draws
(imports Textual), and a deliberately broken copy of the package is caught.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "companion"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_module_of_the_package_has_a_layer() -> None:
    layers = contracts()["layers"]["layers"]
    assert isinstance(layers, list)
    named = {name.strip() for layer in layers for name in layer.split("|")}
    top = {
        f"companion.{p.stem}"
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert top - named == set(), "name each new module in the layers contract in pyproject.toml"
    assert named - top == set(), "the layers contract names modules that are gone"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _is_marker(path: Path) -> bool:
    """A package's ``__init__.py`` that holds nothing but its docstring."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return path.name == "__init__.py" and all(
        isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body
    )


def _module_path(name: str) -> Path | None:
    parts = PACKAGE.parent.joinpath(*name.split("."))
    for path in (parts.with_suffix(".py"), parts / "__init__.py"):
        if path.is_file():
            return path
    return None


def _draws(path: Path, seen: set[Path]) -> bool:
    """Imports Textual, itself or through the app modules it imports."""
    seen.add(path)
    for name in _imports(path):
        if name.split(".")[0] == "textual":
            return True
        inner = _module_path(name) if name.startswith("companion.app") else None
        if inner is not None and inner not in seen and _draws(inner, seen):
            return True
    return False


def test_every_module_of_the_app_draws_and_none_outside_it() -> None:
    app = [p for p in (PACKAGE / "app").rglob("*.py") if not _is_marker(p)]
    assert len(app) > 20
    assert [p for p in app if not _draws(p, set())] == []
    outside = [p for p in PACKAGE.rglob("*.py") if PACKAGE / "app" not in p.parents]
    direct = [p for p in outside if any(m.split(".")[0] == "textual" for m in _imports(p))]
    assert direct == []


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def copy_of_the_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("layers")
    shutil.copytree(PACKAGE, tree / "companion", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("run/flow.py", "import textual.widget", "The domain never imports Textual"),
        ("run/flow.py", "import companion.journal.model", "The flow depends on nothing but"),
        ("script/model.py", "import companion.journal.model", "The script format imports nothing"),
        ("journal/model.py", "import argparse", "Only the command line builds"),
        ("settings.py", "import companion.app.app", "One-way layers"),
        ("plain/steps.py", "import textual.widget", "nor does the plain mode"),
        ("plain/session.py", "import companion.app.app", "One-way layers"),
    ],
)
def test_a_broken_layer_is_caught(
    copy_of_the_package: Path, module: str, line: str, contract: str
) -> None:
    target = copy_of_the_package / "companion" / module
    kept = target.read_text(encoding="utf-8")
    try:
        target.write_text(kept + f"\n{line}  # deliberately breaks a contract\n", encoding="utf-8")
        result = _lint(copy_of_the_package)
    finally:
        target.write_text(kept, encoding="utf-8")
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts")[-1]
    assert contract in broken, result.stdout


def test_the_copy_of_the_package_keeps_every_contract(copy_of_the_package: Path) -> None:
    result = _lint(copy_of_the_package)
    assert result.returncode == 0, result.stdout
