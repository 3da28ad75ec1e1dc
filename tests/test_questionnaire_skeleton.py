"""`companion new questionnaire --like ...`, end to end as real processes: the skeleton is
refused by `validate` with every blank placed, and once filled in it is valid."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from companion.script.instruments import INSTRUMENTS, skeleton
from companion.script.loader import load_script
from companion.script.model import QuestionnaireStep
from tests.helpers.questionnaires import filled, mentions_blank
from tests.helpers.scripts import TRACKS
from tests.helpers.terminal import companion


@pytest.mark.parametrize("like", sorted(INSTRUMENTS))
def test_skeleton_then_refused_then_filled_then_valid(tmp_path: Path, like: str) -> None:
    path = tmp_path / f"{like}.yaml"
    made = companion("new", "questionnaire", "--like", like, "-o", str(path))
    assert made.returncode == 0, made.stderr
    assert f"companion validate {path}" in made.stderr
    known = INSTRUMENTS[like]
    blanks = [
        (number, line)
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if mentions_blank(line) and not line.lstrip().startswith("#")
    ]
    # the prompt, each answer, each item, the care team's contact and a crisis line's
    assert len(blanks) == 1 + len(known.values) + known.items + 2

    refused = companion("validate", str(path))
    assert refused.returncode == 1
    errors = [line for line in refused.stdout.splitlines() if ": error: " in line]
    assert len(errors) == len(blanks)
    for (number, line), error in zip(blanks, errors, strict=True):
        column = line.index('"') + 1
        assert error.startswith(f"{path}:{number}:{column}: error: "), error
        assert "is still a blank from the skeleton" in error

    path.write_text(filled(path.read_text("utf-8")), encoding="utf-8")
    valid = companion("validate", str(path))
    assert valid.returncode == 0, valid.stdout
    assert "0 errors, 0 warnings" in valid.stdout


@pytest.mark.parametrize("like", sorted(INSTRUMENTS))
def test_a_skeleton_has_the_published_structure_and_none_of_the_wording(
    tmp_path: Path, like: str
) -> None:
    text = skeleton(like)
    data = yaml.safe_load(text)
    (step,) = data["steps"]
    known = INSTRUMENTS[like]
    assert [a["value"] for a in step["answers"]] == list(known.values)
    assert len(step["items"]) == known.items
    assert [(b["up_to"], b["label"]) for b in step["bands"]] == list(known.bands)
    assert step.get("multiply", 1) == known.multiply
    assert all(mentions_blank(t["text"]) for t in step["answers"] + step["items"])
    assert mentions_blank(step["prompt"])
    # the alert opens support: the care team and a crisis line, each for the clinic to fill in
    assert [mentions_blank(entry["contact"]) for entry in data["support"]] == [True, True]
    # Filled in, it loads and scores across exactly the published range.
    path = tmp_path / "filled.yaml"
    path.write_text(filled(text), encoding="utf-8")
    result = load_script(path, TRACKS)
    assert result.problems == []
    assert result.script is not None
    loaded = result.script.steps[0]
    assert isinstance(loaded, QuestionnaireStep)
    assert (loaded.lowest, loaded.highest) == (0, known.bands[-1][0])
    if known.alert_item is not None:
        assert loaded.alert_when is not None
        assert loaded.alert_when.item == f"item-{known.alert_item}"


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own work\n", encoding="utf-8")
    refused = companion("new", "questionnaire", "--like", "gad-7", "-o", str(path))
    assert refused.returncode == 1
    assert "already a file" in refused.stderr
    assert path.read_text("utf-8") == "my own work\n"
    forced = companion("new", "questionnaire", "--like", "gad-7", "-o", str(path), "--force")
    assert forced.returncode == 0
    assert "type: questionnaire" in path.read_text("utf-8")


def test_without_a_file_the_skeleton_is_printed() -> None:
    printed = companion("new", "questionnaire", "--like", "who-5")
    assert printed.returncode == 0
    assert printed.stdout == skeleton("who-5")


def test_an_unknown_instrument_is_a_usage_error() -> None:
    wrong = companion("new", "questionnaire", "--like", "c-ssrs")
    assert wrong.returncode == 2
    assert "c-ssrs" in wrong.stderr and wrong.stdout == ""
