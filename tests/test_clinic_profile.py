"""Every rule of clinic.yaml, each with a real file and the exact place it reports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from companion.script.clinic.profile import load_profile
from companion.script.problems import Severity
from companion.script.schema import clinic_schema

BUNDLED = {"first-infusion", "returning-infusion", "integration", "week-after"}
REGIONS = {"US", "CA", "GB", "IE", "AU", "NZ"}
GOOD = """\
format: 1
name: Riverside Wellness
region: GB
variables:
  care_phone: 020 7946 0000
support:
  - label: Riverside care team
    contact: "Call {care_phone}"
    verified: 2026-11-20
hide: [first-infusion]
"""


def load(tmp_path: Path, text: str, today: date = date(2026, 12, 3)) -> Any:
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path, BUNDLED, REGIONS, today=today)


def shown(result: Any) -> list[str]:
    return [p.format().split("clinic.yaml:", 1)[1] for p in result.problems]


def test_the_issue_example_loads(tmp_path: Path) -> None:
    result = load(tmp_path, GOOD)
    assert result.problems == []
    profile = result.profile
    assert profile is not None
    assert (profile.name, profile.region, profile.hide) == (
        "Riverside Wellness",
        "GB",
        ("first-infusion",),
    )
    assert profile.variables == {"care_phone": "020 7946 0000"}
    assert profile.support[0].verified == date(2026, 11, 20)


def test_only_format_and_name_are_needed(tmp_path: Path) -> None:
    result = load(tmp_path, "format: 1\nname: A clinic\n")
    assert result.problems == [] and result.profile is not None
    assert result.profile.region is None and result.profile.support == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("name: Riverside Wellness\n", ""), "1:1: error: 'name' is missing"),
        (("format: 1", "format: 2"), "1:9: error: format: format '2' is not known"),
        (("region: GB", "region: gb"), "3:9: error: region: 'gb' should be two capital letters"),
        (
            ("region: GB", "region: UK"),
            "3:9: error: region: 'UK' is not an ISO 3166-1 region (the code for it is 'GB')",
        ),
        (("region: GB", "region: ZZ"), "3:9: error: region: 'ZZ' is not an ISO 3166-1 region"),
        (
            ("region: GB", "region: FR"),
            "3:9: warning: region: the app has no crisis lines for 'FR' yet",
        ),
        (
            ("  care_phone:", "  Care-Phone:"),
            "5:3: error: variables.Care-Phone: 'Care-Phone' should be a name",
        ),
        (
            ("{care_phone}", "{care_phon}"),
            "8:14: error: support[0].contact: placeholder '{care_phon}' has no variable (did you mean 'care_phone'?)",
        ),
        (
            ('    contact: "Call {care_phone}"\n', ""),
            "7:5: error: support[0]: 'contact' is missing",
        ),
        (
            ("verified: 2026-11-20", "verified: 2025-11-01"),
            "9:15: warning: support[0].verified: 'Riverside care team' was last checked on 2025-11-01, more than a year ago",
        ),
        (
            ("verified: 2026-11-20", "verified: soon"),
            "9:15: error: support[0].verified: should be a date",
        ),
        (
            ("hide: [first-infusion]", "hide: [first-infusoin]"),
            "10:8: error: hide[0]: no bundled script 'first-infusoin' (did you mean 'first-infusion'?)",
        ),
        (
            ("hide: [first-infusion]", "hide: [first-infusion, first-infusion]"),
            "10:24: error: hide[1]: 'first-infusion' is already hidden by hide[0]",
        ),
        (
            ("hide: [first-infusion]", "hide: [First Infusion]"),
            "10:8: error: hide[0]: 'First Infusion' is not a script id",
        ),
        (("hide: [first-infusion]", "hide: first-infusion"), "10:7: error: hide: should be a list"),
        (("region: GB", "regoin: GB"), "3:1: error: unknown key 'regoin' (did you mean 'region'?)"),
        (
            ("Call {care_phone}", "Ask at the desk"),
            "7:3: warning: support: no support entry has a real contact",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_rule_is_placed(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    found = shown(load(tmp_path, GOOD.replace(old, new)))
    assert any(line.startswith(expected) for line in found), found


def test_a_broken_file_still_gets_every_check(tmp_path: Path) -> None:
    text = (
        GOOD.replace("region: GB", "region: UK").replace("first-infusion", "firts")
        + "colour: blue\n"
    )
    result = load(tmp_path, text)
    assert result.profile is None
    found = shown(result)
    assert [line.split(": ")[0] for line in found] == ["3:9", "10:8", "11:1"], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "1:1: error: a clinic profile is a mapping"),
        ("name: [\n", "1:7: error: the '[' here is read by YAML as the start of a list"),
        ("name: &a x\nformat: *a\n", "1:7: error: anchors (&a) are not supported"),
        ("format: 1\nname: a\nname: b\n", "3:1: error: duplicate key 'name'"),
        ("format: 1\nname: Riv\x1berside\n", "2:10: error: the control character U+001B"),
        ("", "1:1: error: the file is empty"),
    ],
)
def test_the_strict_reader_guards_the_profile(tmp_path: Path, text: str, expected: str) -> None:
    found = shown(load(tmp_path, text))
    assert any(expected in line for line in found), found


def test_schema_accepts_the_example_and_rejects_broken_profiles() -> None:
    validator = jsonschema.Draft202012Validator(clinic_schema())
    data = yaml.safe_load(GOOD)
    data["support"][0]["verified"] = "2026-11-20"
    assert list(validator.iter_errors(data)) == []
    for broken in (
        {**data, "colour": "blue"},
        {**data, "region": "gb"},
        {**data, "hide": ["First Infusion"]},
        {k: v for k, v in data.items() if k != "name"},
        {**data, "format": 2},
    ):
        assert list(validator.iter_errors(broken)), broken


def test_companion_schema_clinic_prints_it() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "companion", "schema", "clinic"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    schema = json.loads(out)
    assert schema["title"].startswith("Companion clinic profile")
    assert set(schema["properties"]) == {"format", "name", "region", "variables", "support", "hide"}
    assert "crisis lines" in schema["properties"]["region"]["description"]


def test_problems_are_errors_or_warnings_never_both_for_one_mistake(tmp_path: Path) -> None:
    result = load(tmp_path, GOOD.replace("{care_phone}", "{nope}"))
    severities = [p.severity for p in result.problems]
    assert severities == [Severity.ERROR]
