"""The questionnaire step in the script format: every rule, each reported at its place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from companion.script import model
from companion.script.loader import load_script
from tests.helpers.scripts import DATA, TRACKS, formatted, load_text, with_steps

MOOD = DATA / "questionnaires" / "mood.yaml"

QUESTIONNAIRE = """\
- id: mood
  type: questionnaire
  prompt: Over the past week, how often did these apply to you?
  answers:
    - {value: 0, text: Never}
    - {value: 1, text: Some days}
    - {value: 2, text: Most days}
    - {value: 3, text: Every day}
  items:
    - {id: sleep, text: I slept badly}
    - {id: unsafe, text: I had thoughts of not wanting to be here}
  score: sum
  bands:
    - {up_to: 2, label: Light}
    - {up_to: 6, label: Heavy}
  alert_when: {item: unsafe, at_least: 1}
"""


def load(tmp_path: Path, steps: str) -> list[str]:
    return formatted(load_text(tmp_path, with_steps(steps)))


def test_the_issue_example_loads_with_every_key(tmp_path: Path) -> None:
    result = load_script(MOOD, TRACKS)
    assert result.problems == []
    assert result.script is not None
    step = result.script.step("mood")
    assert isinstance(step, model.QuestionnaireStep)
    assert [a.value for a in step.answers] == [0, 1, 2, 3]
    assert [i.id for i in step.items] == ["sleep", "unsafe"]
    assert step.bands == (model.Band(up_to=2, label="Light"), model.Band(up_to=6, label="Heavy"))
    assert step.alert_when == model.ItemAlert(item="unsafe", at_least=1)
    assert (step.score, step.multiply, step.care_team, step.optional) == ("sum", 1, True, True)
    assert result.script.step("heavy").when == model.StepCondition("mood", "band", "Heavy")


def test_a_plain_example_is_clean(tmp_path: Path) -> None:
    assert load(tmp_path, QUESTIONNAIRE) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("- {value: 1, text: Some days}", "- {value: 0, text: Some days}"),
            "s.yaml:14:17: error: steps[0].answers[1].value: value 0 is already given to "
            "answers[0]; each answer needs its own value",
        ),
        (
            ("- {value: 1, text: Some days}", "- {value: 1.5, text: Some days}"),
            "s.yaml:14:17: error: steps[0].answers[1].value: should be a whole number, not '1.5'",
        ),
        (
            ("- {id: sleep,", "- {id: unsafe,"),
            "s.yaml:19:14: error: steps[0].items[1].id: item id 'unsafe' is used twice in this step",
        ),
        (
            ("- {up_to: 6, label: Heavy}", "- {up_to: 2, label: Heavy}"),
            "s.yaml:23:17: error: steps[0].bands[1].up_to: bands go up: 2 should be above 2, "
            "where the band before ends (two bands would share totals)",
        ),
        (
            ("- {up_to: 6, label: Heavy}", "- {up_to: 5, label: Heavy}"),
            "s.yaml:23:17: error: steps[0].bands[1].up_to: totals from 6 to 6 fall in no band; "
            "end the last band at 6 or add one",
        ),
        (
            ("- {up_to: 6, label: Heavy}", "- {up_to: 9, label: Heavy}"),
            "s.yaml:23:17: error: steps[0].bands[1].up_to: 9 is above the highest possible "
            "total (6)",
        ),
        (
            ("{item: unsafe, at_least: 1}", "{item: unsave, at_least: 1}"),
            "s.yaml:24:24: error: steps[0].alert_when.item: no item 'unsave' (did you mean "
            "'unsafe'?)",
        ),
        (
            ("{item: unsafe, at_least: 1}", "{item: unsafe, at_least: 4}"),
            "s.yaml:24:42: error: steps[0].alert_when.at_least: 4 is above every answer's "
            "value (highest 3), so support would never open",
        ),
        (
            ("{item: unsafe, at_least: 1}", "{item: unsafe, at_least: 0}"),
            "s.yaml:24:42: error: steps[0].alert_when.at_least: every answer is at least 0, so "
            "support would open on any answer; choose a value above 0",
        ),
        (
            ("score: sum", "score: mean"),
            "s.yaml:20:12: error: steps[0].score: 'mean' is not one of: sum",
        ),
        (
            ("score: sum", "score: sum\n  multiply: 0"),
            "s.yaml:21:15: error: steps[0].multiply: 0 is out of range (1 to 100)",
        ),
        (
            ("- {value: 0, text: Never}", "- {value: 0, text: '<<fill in: answer 1>>'}"),
            "s.yaml:13:26: error: steps[0].answers[0].text: is still a blank from the skeleton: "
            "fill it in (an instrument's items and answers come from its official form)",
        ),
        (
            ("score: sum", "score: sum\n  instrument: phq-9"),
            "s.yaml:18:7: error: steps[0].items: PHQ-9 has 9 items; this questionnaire has 2",
        ),
    ],
)
def test_each_mistake_is_reported_once_at_its_place(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in QUESTIONNAIRE
    lines = load(tmp_path, QUESTIONNAIRE.replace(old, new, 1))
    assert [line.split("/")[-1] for line in lines] == [expected]


def test_the_first_band_must_reach_the_lowest_total(tmp_path: Path) -> None:
    steps = QUESTIONNAIRE.replace("{value: 0, text: Never}", "{value: 4, text: Never}")
    steps = steps.replace("{up_to: 2, label: Light}", "{up_to: 1, label: Light}")
    steps = steps.replace("at_least: 1}", "at_least: 2}")
    steps = steps.replace("{up_to: 6, label: Heavy}", "{up_to: 8, label: Heavy}")
    lines = load(tmp_path, steps)
    assert [line.split("/")[-1] for line in lines] == [
        "s.yaml:22:17: error: steps[0].bands[0].up_to: 1 is below the lowest possible total "
        "(2), so no total falls in this band",
    ]


def test_an_instrument_is_held_to_its_published_values_and_scaling(tmp_path: Path) -> None:
    steps = QUESTIONNAIRE.replace("score: sum", "score: sum\n  instrument: gad-2")
    steps = steps.replace("{value: 3, text: Every day}", "{value: 4, text: Every day}")
    steps = steps.replace("{up_to: 6, label: Heavy}", "{up_to: 8, label: Heavy}")
    lines = [line.split("/")[-1] for line in load(tmp_path, steps)]
    assert lines == ["s.yaml:13:7: error: steps[0].answers: GAD-2 answers count 0, 1, 2, 3"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("{step: mood, at_least: 7}", "7 is outside the totals of 'mood' (0 to 6)"),
        ("{step: mood, at_most: -1}", "-1 is outside the totals of 'mood' (0 to 6)"),
        ("{step: mood, band: heavy}", "'mood' has no band 'heavy' (did you mean 'Heavy'?)"),
        ("{step: mood, includes: sleep}", "'includes' needs a choice step"),
    ],
)
def test_conditions_on_a_questionnaire(tmp_path: Path, when: str, expected: str) -> None:
    steps = QUESTIONNAIRE + f"- {{id: after, type: info, body: B, when: {when}}}\n"
    lines = load(tmp_path, steps)
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert ":25:" in lines[0]


def test_band_and_total_conditions_load(tmp_path: Path) -> None:
    steps = QUESTIONNAIRE + "- {id: a, type: info, body: B, when: {step: mood, band: Heavy}}\n"
    steps += "- {id: b, type: info, body: B, when: {step: mood, at_least: 3}}\n"
    steps += "- {id: c, type: info, body: B, when: {step: mood, answered: true}}\n"
    assert load(tmp_path, steps) == []


def test_the_schema_describes_every_key_of_the_step() -> None:
    from companion.script.schema import script_schema

    schema = script_schema()
    step = schema["$defs"]["questionnaireStep"]
    fields = {f.name for f in dataclasses.fields(model.QuestionnaireStep)}
    assert set(step["properties"]) == fields
    assert all(step["properties"][name].get("description") for name in fields)
    condition = schema["$defs"]["condition"]["oneOf"]
    assert any("band" in test.get("properties", {}) for test in condition)


def test_an_item_too_long_for_one_screen_is_warned_about(tmp_path: Path) -> None:
    long_item = "I noticed " + "a great many things one after another and " * 14 + "all week"
    steps = QUESTIONNAIRE.replace("I slept badly", long_item)
    lines = load(tmp_path, steps)
    assert len(lines) == 1
    assert lines[0].split("/")[-1].startswith("s.yaml:9:5: warning: steps[0]: takes about ")
    assert "fit on an 80x24 screen" in lines[0]


def test_the_six_answers_of_a_who_5_fit_on_one_screen(tmp_path: Path) -> None:
    from companion.script import fit
    from companion.script.instruments import skeleton
    from tests.helpers.questionnaires import filled

    path = tmp_path / "who-5.yaml"
    path.write_text(filled(skeleton("who-5")), encoding="utf-8")
    result = load_script(path, TRACKS)
    assert result.script is not None and result.problems == []
    step = result.script.steps[0]
    assert fit.overflow(step, result.script.render) == 0
