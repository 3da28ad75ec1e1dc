"""The house stays as docs/architecture.md describes it: every step type complete in its few
places, and the guide naming only files and names that exist."""

from __future__ import annotations

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
