"""The house stays as docs/architecture.md describes it: every step type complete in its few
places, the guide naming only files and names that exist, and the tests' own house (fixtures in
conftest.py, helpers in tests/helpers/) as its "Tests" section says."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import get_args, get_type_hints

from companion.app.widgets.steps import VIEWS
from companion.script import model

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_step_type_has_its_model_class_its_view_and_its_place_in_the_guide() -> None:
    guide = (ROOT / "docs" / "scripts.md").read_text(encoding="utf-8")
    assert set(VIEWS) == set(model.STEP_TYPES)
    for kind, cls in model.STEP_TYPES.items():
        assert get_args(get_type_hints(cls)["type"]) == (kind,), kind
        assert f"type: {kind}" in guide, f"docs/scripts.md has no example of a {kind} step"


def test_condition_operators_each_fit_some_step_type() -> None:
    fitting = {op for cls in model.STEP_TYPES.values() for op in cls.conditions}
    assert fitting == set(model.OPERATORS)


def test_the_architecture_guide_names_only_files_that_exist() -> None:
    named = set(re.findall(r"`?((?:companion|tests|docs)/[\w/]+(?:\.\w+)?)`?", ARCHITECTURE))
    assert len(named) > 10
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists() and "yours" not in p)
    assert missing == []


def test_the_architecture_guide_names_every_top_level_module() -> None:
    package = ROOT / "companion"
    top = sorted(
        p.name
        for p in package.iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").is_file()
    )
    missing = [name for name in top if name not in ARCHITECTURE]
    assert missing == []


TESTS = ROOT / "tests"


def _test_files() -> list[Path]:
    return sorted(TESTS.glob("test_*.py"))


def _fixtures(path: Path) -> set[str]:
    """The names of the fixtures a file defines."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) == "pytest.fixture":
                    found.add(node.name)
    return found


def test_a_fixture_two_test_files_need_is_defined_once_in_conftest() -> None:
    shared = _fixtures(TESTS / "conftest.py")
    where: dict[str, list[str]] = {}
    for path in _test_files():
        for name in _fixtures(path) - shared:  # a file may fill a conftest fixture by its name
            where.setdefault(name, []).append(path.name)
    assert {name: files for name, files in where.items() if len(files) > 1} == {}


def test_no_test_file_imports_another() -> None:
    imports = []
    for path in [*_test_files(), *sorted((TESTS / "helpers").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.test_"):
                imports.append(f"{path.name} imports {node.module}")
    assert imports == []


def test_tests_holds_test_files_and_helpers_only_in_tests_helpers() -> None:
    loose = sorted(
        p.name
        for p in TESTS.glob("*.py")
        if not p.name.startswith("test_")
        and p.name not in ("__init__.py", "conftest.py", "fake_sound_child.py")
    )
    assert loose == []


def test_the_guide_names_every_helper_module_and_only_names_it_holds() -> None:
    section = ARCHITECTURE[ARCHITECTURE.index("## Tests") :]
    rows = re.findall(r"^\| `tests/helpers/(\w+)\.py` \| (.+) \|$", section, flags=re.M)
    modules = {p.stem for p in (TESTS / "helpers").glob("*.py")} - {"__init__"}
    assert {name for name, _ in rows} == modules
    missing = []
    for name, held in rows:
        module = importlib.import_module(f"tests.helpers.{name}")
        for named in re.findall(r"`(\w+)(?:\(\))?`", held):
            if not hasattr(module, named):
                missing.append(f"{name}.{named}")
    assert missing == []
