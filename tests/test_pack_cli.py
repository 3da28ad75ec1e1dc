"""``companion pack`` and ``companion validate`` as a clinic uses them, in real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.packs import PROFILE, SCRIPT, make_pack, zip_folder
from tests.helpers.terminal import companion


def test_check_install_show_remove(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "riverside")
    archive = zip_folder(folder, tmp_path / "riverside.zip")

    checked = companion("pack", "check", str(archive))
    assert checked.returncode == 0, checked
    assert checked.stdout.strip() == (
        "The pack's profile, 1 script and 1 sound checked: 0 errors, 0 warnings (ready to install)."
    )
    assert companion("pack", "show").stdout.startswith("No clinic pack is installed.")

    installed = companion("pack", "install", str(archive))
    assert installed.returncode == 0, installed
    assert installed.stdout.splitlines()[0] == "Installed the pack of Riverside Wellness."
    assert installed.stdout.splitlines()[-1] == "The journal was not touched."

    shown = companion("pack", "show").stdout
    assert "Riverside Wellness\n  installed from riverside.zip on " in shown
    assert "  crisis lines for: the United Kingdom (GB)\n" in shown
    assert "  contact: Riverside care team: Call 020 7946 0000\n" in shown
    assert "  script: riverside-before (Before your Riverside session)\n" in shown
    assert "  sound: river\n" in shown
    assert "  hides bundled script: first-infusion\n" in shown

    listed = companion("scripts").stdout
    assert "riverside-before       before  clinic   Before your Riverside session" in listed
    assert "first-infusion: the bundled script is hidden by Riverside Wellness" in listed
    assert "first-infusion         before" not in listed

    validated = companion("validate")
    assert validated.returncode == 0, validated
    assert validated.stdout.strip().endswith(
        # the four bundled (a hidden one is still checked) and the pack's
        "5 scripts, the clinic profile, the crisis lines and the sound catalog checked: "
        "0 errors, 0 warnings (all good)."
    )

    removed = companion("pack", "remove")
    assert removed.stdout.startswith("Removed the pack of Riverside Wellness;")
    assert "first-infusion" in companion("scripts").stdout


def test_a_broken_pack_reports_every_problem_and_installs_nothing(tmp_path: Path) -> None:
    make_pack(
        tmp_path / "riverside",
        script=SCRIPT.replace("type: info", "type: inf"),
        profile=PROFILE.replace("hide: [first-infusion]", "hide: [first-infusio]"),
    )
    checked = companion("pack", "check", "riverside", cwd=tmp_path)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[0].startswith(
        "riverside/clinic.yaml:9:8: error: hide[0]: no bundled script 'first-infusio' "
        "(did you mean 'first-infusion'?)"
    ), lines
    assert lines[1].startswith(
        "riverside/scripts/riverside-before.yaml:7:11: error: steps[0].type: unknown step type 'inf'"
    ), lines
    assert lines[-1].endswith("2 errors, 0 warnings (problems found; it cannot be installed).")

    installed = companion("pack", "install", "riverside", cwd=tmp_path)
    assert installed.returncode == 1
    assert installed.stdout.splitlines()[-1] == (
        "Nothing was installed: 2 errors, 0 warnings. The installed pack is unchanged."
    )
    assert "No clinic pack is installed." in companion("pack", "show").stdout


def test_a_hostile_zip_is_refused_in_one_sentence(tmp_path: Path) -> None:
    archive = zip_folder(make_pack(tmp_path / "p"), tmp_path / "evil.zip")
    import zipfile

    with zipfile.ZipFile(archive, "a") as out:
        out.writestr("../escape.yaml", "x")
    result = companion("pack", "install", str(archive))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "The zip holds a path that leads out of the pack (../escape.yaml).\n"
    assert "Traceback" not in result.stderr


def test_validate_checks_a_clinic_profile_given_by_path(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text(PROFILE.replace("region: GB", "region: UK"), encoding="utf-8")
    result = companion("validate", str(profile))
    assert result.returncode == 1
    assert f"{profile}:3:9: error: region: 'UK' is not an ISO 3166-1 region" in result.stdout
    assert "0 scripts, the clinic profile, the crisis lines" in result.stdout


def test_check_prints_json_for_other_programs(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "p", script=SCRIPT.replace("{care_phone}", "{nope}"))
    result = companion("pack", "check", "--format", "json", str(folder))
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["sounds"] == ["river"]
    (problem,) = payload["problems"]
    assert problem["file"] == str(folder / "scripts" / "riverside-before.yaml")
    assert (problem["line"], problem["severity"]) == (8, "error")


def test_show_says_when_the_installed_profile_no_longer_loads(tmp_path: Path) -> None:
    assert companion("pack", "install", str(make_pack(tmp_path / "p"))).returncode == 0
    from companion.paths import locations

    (locations().config / "pack" / "clinic.yaml").write_text("format: 1\nname: [\n")
    shown = companion("pack", "show")
    assert shown.returncode == 1
    assert shown.stderr.startswith("The installed pack's profile no longer loads: ")
    assert "clinic.yaml:2:7: error: " in shown.stderr
