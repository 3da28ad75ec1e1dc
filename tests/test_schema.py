"""The JSON Schema describes the format, and a third-party validator agrees with it on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from companion import paths
from companion.cli import main
from companion.script.schema import script_schema
from tests.helpers.scripts import DATA

BUNDLED = sorted(paths.bundled("scripts").glob("*.yaml"))


def as_json(path: Path) -> Any:
    """What an editor's YAML server hands to a schema: plain YAML, as JSON types."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = script_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_there_are_bundled_scripts() -> None:
    assert {p.stem for p in BUNDLED} >= {
        "first-infusion",
        "returning-infusion",
        "integration",
        "week-after",
    }


@pytest.mark.parametrize("path", [*BUNDLED, DATA / "scripts" / "full.yaml"], ids=lambda p: p.name)
def test_valid_scripts_pass_the_schema(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    errors = [e.message for e in validator.iter_errors(as_json(path))]
    assert errors == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("title"),
        lambda d: d.update(phase="during"),
        lambda d: d.update(colour="red"),
        lambda d: d["steps"][0].update(type="note"),
        lambda d: d["steps"][0].update(titel="x"),
        lambda d: d["steps"][2].update(support_when={"at_least": 8, "at_most": 2}),
        lambda d: d["steps"][4].update(when={"step": "anxiety", "above": 3}),
        lambda d: d["support"][0].pop("contact"),
        lambda d: d["steps"][1]["items"][0].update(required="yes"),
    ],
)
def test_broken_scripts_fail_the_schema(
    validator: jsonschema.Draft202012Validator, change: Any
) -> None:
    data = as_json(DATA / "scripts" / "full.yaml")
    change(data)
    assert list(validator.iter_errors(data)), "the schema should reject this"


def test_every_property_has_a_description() -> None:
    schema = script_schema()
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop and "$ref" not in prop:
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(schema, "")
    for name in schema["properties"]:
        assert "description" in schema["properties"][name], name
    assert missing == []


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == json.loads(json.dumps(script_schema()))
