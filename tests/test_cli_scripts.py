"""`companion validate` and `companion scripts`, run as a therapist would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.script.library import load_library
from tests.helpers.scripts import DATA, HEADER, with_steps, write

GOOD = HEADER + "steps: [{id: a, type: info, body: Hello}]\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_validate_reports_each_problem_with_its_place_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, with_steps("- {id: a, type: info, body: b, colour: red}\n"), "bad.yaml")
    code, out = run(["validate", str(bad)], capsys)
    assert code == 1
    assert f"{bad}:9:34: error: steps[0]: unknown key 'colour'" in out
    assert "1 error" in out.splitlines()[-1]


def test_validate_a_folder_and_clean_files_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, GOOD.replace("id: t", "id: one"), "one.yaml")
    write(tmp_path, GOOD.replace("id: t", "id: two"), "two.yml")
    code, out = run(["validate", str(tmp_path)], capsys)
    assert code == 0, out
    assert out.splitlines()[-1].startswith(
        "2 scripts, the crisis lines and the sound catalog checked: 0 errors"
    )


def test_strict_makes_warnings_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD.replace("phase: before", "phase: after"))
    assert run(["validate", str(path)], capsys)[0] == 0
    code, out = run(["validate", "--strict", str(path)], capsys)
    assert code == 1
    assert "warning: an after-script has no 'offer_after'" in out


def test_validate_json_for_editors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, with_steps("- {id: a, type: txt}\n"), "bad.yaml")
    code, out = run(["validate", "--format", "json", str(bad)], capsys)
    payload = json.loads(out)
    assert code == 1 and payload["ok"] is False and payload["errors"] == 1
    entry = next(f for f in payload["files"] if f["file"] == str(bad))
    assert entry["problems"][0] | {"message": ""} == {
        "file": str(bad),
        "line": 9,
        "column": 19,
        "severity": "error",
        "where": "steps[0].type",
        "message": "",
    }


def test_validate_without_paths_checks_every_script_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, with_steps("- {id: a, type: scale, max: 0}\n"), "mine.yaml")
    code, out = run(["validate", "--scripts", str(tmp_path)], capsys)
    assert code == 1
    assert "mine.yaml:" in out
    assert "first-infusion.yaml" not in out, "bundled scripts are clean"


def test_a_later_source_replaces_a_script_with_the_same_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    user = isolated_home / "config" / "scripts"
    user.mkdir(parents=True)
    write(
        user, GOOD.replace("id: t", "id: integration").replace("title: T", "title: Mine"), "x.yaml"
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    write(
        extra,
        GOOD.replace("id: t", "id: integration").replace("title: T", "title: Extra"),
        "y.yaml",
    )
    library = load_library()
    assert library.scripts["integration"].script.title == "Mine"
    assert library.scripts["integration"].source == "user"
    library = load_library([extra])
    assert library.scripts["integration"].script.title == "Extra"
    assert [(a.source, b.source) for a, b in library.replaced] == [
        ("bundled", "user"),
        ("user", "extra"),
    ]
    code, out = run(["scripts", "--scripts", str(extra)], capsys)
    assert code == 0
    assert "integration" in out and "Extra" in out and "replaced by" in out


def test_broken_scripts_are_listed_as_unavailable_and_the_rest_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "format: 1\nid: [\n", "broken.yaml")
    write(tmp_path, GOOD.replace("id: t", "id: fine"), "fine.yaml")
    library = load_library([tmp_path])
    assert "fine" in library.scripts
    assert [f.path.name for f in library.failed] == ["broken.yaml"]
    code, out = run(["scripts", "--scripts", str(tmp_path)], capsys)
    assert code == 0
    assert "unavailable:" in out and "broken.yaml:" in out


def test_two_files_with_one_id_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("id: t", "id: same"), "a.yaml")
    write(tmp_path, GOOD.replace("id: t", "id: same"), "b.yaml")
    library = load_library([tmp_path])
    assert library.scripts["same"].path.name == "a.yaml"
    assert "already used by a.yaml" in library.failed[0].problems[0].message


def test_scripts_lists_sounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["scripts", "--sounds"], capsys)
    assert code == 0
    assert "rain" in out


def test_the_installed_command_runs_as_a_real_process(tmp_path: Path) -> None:
    bad = write(tmp_path, "format: 1\nid: x\n\ttitle: tab\n", "tab.yaml")
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-m", "companion", "validate", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 1
    assert f"{bad}:3:1: error: a tab is used for indentation" in out.stdout
    assert out.stderr == ""
    assert "Traceback" not in out.stdout


def test_data_example_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(["validate", str(DATA / "scripts" / "full.yaml")], capsys)
    assert "full.yaml" not in out


def test_validate_reports_a_catalog_file_that_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    (sounds / "catalog.yaml").write_text(
        "tracks:\n  - id: rain\n    title: Rain\n    file: rain.wav\n", encoding="utf-8"
    )
    monkeypatch.setattr("companion.paths.bundled", lambda name: tmp_path / name)
    code, out = run(["validate", str(DATA / "scripts" / "full.yaml")], capsys)
    assert code == 1
    assert (
        f"{sounds / 'catalog.yaml'}:4:11: error: tracks[0].file: the file 'rain.wav' is not in"
        in out
    )
    assert "no track 'rain' in the sound catalog" in out
