"""Every rule of the script format, each with real files and the exact place it reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.script import model, timing
from companion.script.loader import load_script
from companion.script.problems import Severity
from tests.helpers.scripts import DATA, HEADER, TRACKS, formatted, load_text, with_steps, write


def test_full_example_loads_with_every_step_type() -> None:
    result = load_script(DATA / "scripts" / "full.yaml", TRACKS)
    assert result.problems == []
    script = result.script
    assert script is not None
    assert {type(s).__name__ for s in script.steps} == {
        "InfoStep",
        "ChecklistStep",
        "ScaleStep",
        "ChoiceStep",
        "TextStep",
        "BreathingStep",
        "AudioStep",
    }
    scale = script.step("anxiety")
    assert isinstance(scale, model.ScaleStep)
    assert scale.labels == {0: "Calm", 10: "Very anxious"}
    assert scale.support_when == model.Threshold(at_least=8)
    assert script.support[0].verified == date(2026, 11, 1)
    assert script.render(script.support[0].label) == "Your care team at the clinic"
    welcome = script.step("welcome")
    assert isinstance(welcome, model.InfoStep)
    assert script.render(welcome.body).strip() == "Hello. Braces are written {like this}."
    reassure = script.step("reassure")
    assert reassure.when == model.AnyOf(
        (
            model.StepCondition("anxiety", "at_least", 7),
            model.StepCondition("feelings", "includes", "nervous"),
        )
    )
    assert len(result.sha256) == 64


def test_text_fields_keep_what_was_typed(tmp_path: Path) -> None:
    result = load_text(
        tmp_path, with_steps("- {id: a, type: info, title: yes, body: 2026-11-01}\n")
    )
    assert result.script is not None
    step = result.script.steps[0]
    assert isinstance(step, model.InfoStep)
    assert (step.title, step.body) == ("yes", "2026-11-01")


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("[1, 2]\n", "1:1: error: a script is a mapping"),
        (
            HEADER.replace("format: 1", "format: 2") + "steps: []\n",
            "1:9: error: format: format '2'",
        ),
        (
            HEADER.replace("id: t", "id: My Script"),
            "2:5: error: id: 'My Script' should be lowercase",
        ),
        (
            HEADER.replace("phase: before", "phase: befor"),
            "4:8: error: phase: 'befor' is not one of: before, after (did you mean 'before'?)",
        ),
        (
            HEADER + "titel: x\nsteps: [{id: a, type: info, body: b}]\n",
            "8:1: error: unknown key 'titel' (did you mean 'title'?)",
        ),
        (HEADER.replace("title: T\n", ""), "1:1: error: 'title' is missing"),
        (HEADER + "steps: []\n", "8:8: error: steps: needs at least 1 entry"),
        (
            HEADER + "minutes: soon\nsteps: [{id: a, type: info, body: b}]\n",
            "8:10: error: minutes: should be a whole number, not 'soon'",
        ),
        (
            HEADER + "minutes: 0\nsteps: [{id: a, type: info, body: b}]\n",
            "8:10: error: minutes: 0 is out of range (1 to 600)",
        ),
        (
            HEADER + "offer_after: tomorrow\nsteps: [{id: a, type: info, body: b}]\n",
            "offer_after: 'tomorrow' should be a number and a unit",
        ),
        (
            HEADER + "offer_after: 2h\nsteps: [{id: a, type: info, body: b}]\n",
            "8:14: error: offer_after: is only for after-scripts",
        ),
        (
            HEADER + "language: english!\nsteps: [{id: a, type: info, body: b}]\n",
            "8:11: error: language:",
        ),
        (
            HEADER + "summary: ''\nsteps: [{id: a, type: info, body: b}]\n",
            "8:10: error: summary: is empty",
        ),
        (
            HEADER + "summary: [a]\nsteps: [{id: a, type: info, body: b}]\n",
            "8:10: error: summary: should be text, not a list",
        ),
        (HEADER + "steps:\n  id: a\n", "9:3: error: steps: should be a list"),
    ],
)
def test_top_level_rules(tmp_path: Path, yaml_text: str, expected: str) -> None:
    lines = formatted(load_text(tmp_path, yaml_text))
    assert any(expected in line for line in lines), lines


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ("- {id: a, type: info}\n", "9:5: error: steps[0]: 'body' is missing"),
        (
            "- {id: a, type: note, body: b}\n",
            "9:19: error: steps[0].type: unknown step type 'note'",
        ),
        ("- {id: a, type: txt, prompt: b}\n", "(did you mean 'text'?)"),
        ("- {id: a, body: b}\n", "9:5: error: steps[0]: 'type' is missing"),
        ("- just text\n", "9:5: error: steps[0]: a step should be a mapping"),
        (
            "- {id: a, type: info, body: b}\n- {id: a, type: info, body: c}\n",
            "10:10: error: steps[1].id: step id 'a' is already used by steps[0]",
        ),
        (
            "- {id: a, type: info, body: b, colour: red}\n",
            "9:34: error: steps[0]: unknown key 'colour'",
        ),
        ("- {id: a, type: text, promt: b}\n", "unknown key 'promt' (did you mean 'prompt'?)"),
        (
            "- {id: a, type: text, prompt: b, optional: maybe}\n",
            "9:46: error: steps[0].optional: should be true or false",
        ),
        (
            "- {id: a, type: scale, min: 5, max: 5}\n",
            "error: steps[0]: 'min' (5) should be below 'max' (5)",
        ),
        (
            "- {id: a, type: scale, labels: {0: Calm, 11: Over}}\n",
            "9:48: error: steps[0].labels.11: 11 is outside the scale (0 to 10)",
        ),
        (
            "- {id: a, type: scale, labels: {low: Calm}}\n",
            "steps[0].labels.low: 'low' should be a whole number",
        ),
        (
            "- {id: a, type: scale, support_when: {at_least: 8, at_most: 2}}\n",
            "steps[0].support_when: give exactly one of 'at_least' or 'at_most'",
        ),
        (
            "- {id: a, type: scale, support_when: {at_least: 20}}\n",
            "steps[0].support_when.at_least: 20 is outside the scale (0 to 10)",
        ),
        ("- {id: a, type: choice, options: []}\n", "steps[0].options: needs at least 1 entry"),
        (
            "- {id: a, type: choice, options: [{id: x, text: X}, {id: x, text: Y}]}\n",
            "steps[0].options[1].id: option id 'x' is used twice",
        ),
        (
            "- {id: a, type: checklist, items: [{id: x, text: X}, {id: x, text: Y}]}\n",
            "steps[0].items[1].id: item id 'x' is used twice",
        ),
        ("- {id: a, type: checklist, items: [{id: x}]}\n", "steps[0].items[0]: 'text' is missing"),
        (
            "- {id: a, type: breathing, preset: square}\n",
            "steps[0].preset: 'square' is not one of: box, 4-7-8, coherent",
        ),
        (
            "- {id: a, type: breathing, preset: box, pattern: {inhale: 4, exhale: 4}}\n",
            "steps[0]: give either 'preset' or 'pattern', not both",
        ),
        (
            "- {id: a, type: breathing, cycles: 3, minutes: 2}\n",
            "steps[0]: give either 'cycles' or 'minutes', not both",
        ),
        (
            "- {id: a, type: breathing, pattern: {inhale: 0, exhale: 4}}\n",
            "steps[0].pattern.inhale: 0 is out of range (1 to 20)",
        ),
        (
            "- {id: a, type: breathing, sound: rian}\n",
            "steps[0].sound: no track 'rian' in the sound catalog (did you mean 'rain'?)",
        ),
        (
            "- {id: a, type: audio, track: waves}\n",
            "9:33: error: steps[0].track: no track 'waves' in the sound catalog",
        ),
        ("- {id: a, type: audio}\n", "steps[0]: 'track' is missing"),
        (
            "- {id: a, type: info, body: 'Call {phone}'}\n",
            "9:31: error: steps[0].body: placeholder '{phone}' has no variable",
        ),
        (
            "- id: a\n  type: info\n  body: Call {phone} soon\n",
            "11:16: error: steps[0].body: placeholder '{phone}'",
        ),
        ("- {id: a, type: info, body: 'a {not a name} b'}\n", "is not a placeholder name"),
    ],
)
def test_step_rules(tmp_path: Path, steps: str, expected: str) -> None:
    lines = formatted(load_text(tmp_path, with_steps(steps)))
    assert any(expected in line for line in lines), lines


SCALE_CHOICE_CHECK = """\
- {id: mood, type: scale}
- {id: pick, type: choice, options: [{id: calm, text: Calm}]}
- {id: list, type: checklist, items: [{id: id-card, text: ID}]}
- {id: words, type: text, prompt: Words}
- {id: read, type: info, body: Read}
"""


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("{step: mod, at_least: 3}", "no step 'mod' before this one (did you mean 'mood'?)"),
        (
            "{step: later, answered: true}",
            "step 'later' comes after this one; a condition may only look at earlier steps",
        ),
        ("{step: here, answered: true}", "a step cannot depend on its own answer"),
        (
            "{step: pick, at_least: 3}",
            "'at_least' needs a scale or questionnaire step, and 'pick' is a choice step",
        ),
        (
            "{step: mood, includes: calm}",
            "'includes' needs a choice step, and 'mood' is a scale step",
        ),
        ("{step: mood, checked: x}", "'checked' needs a checklist step"),
        ("{step: read, answered: true}", "'answered' needs a step the patient answers"),
        ("{step: mood, at_most: 11}", "11 is outside the scale of 'mood' (0 to 10)"),
        ("{step: pick, includes: clam}", "'pick' has no option 'clam' (did you mean 'calm'?)"),
        ("{step: list, checked: id-crd}", "'list' has no item 'id-crd' (did you mean 'id-card'?)"),
        ("{step: mood, at_least: many}", "should be a whole number, not 'many'"),
        ("{step: words, answered: perhaps}", "should be true or false"),
        ("{step: mood}", "give exactly one test"),
        ("{step: mood, at_least: 1, at_most: 3}", "give exactly one test"),
        ("{at_least: 3}", "'step' is missing"),
        ("{step: mood, above: 3}", "unknown key 'above'"),
        ("{step: mood, at_leest: 3}", "(did you mean 'at_least'?)"),
        ("{all: []}", "needs at least 1 entry"),
        ("{all: [{step: mood, at_least: 3}], step: mood}", "'all' stands alone"),
        (
            "{any: [{step: mood, at_least: 3}, {step: pik, includes: calm}]}",
            "when.any[1]: no step 'pik' before this one",
        ),
        (
            "{all: [{any: [{step: list, checked: nope}]}]}",
            "when.all[0].any[0]: 'list' has no item 'nope'",
        ),
        ("mood >= 3", "a condition should be a mapping"),
    ],
)
def test_condition_rules(tmp_path: Path, when: str, expected: str) -> None:
    steps = SCALE_CHOICE_CHECK + f"- {{id: here, type: text, prompt: P, when: {when}}}\n"
    steps += "- {id: later, type: text, prompt: L}\n"
    lines = formatted(load_text(tmp_path, with_steps(steps)))
    assert any(expected in line for line in lines), lines
    assert all(":14:" in line for line in lines if "error" in line), lines


def test_every_operator_accepted_when_it_fits(tmp_path: Path) -> None:
    conditions = [
        "{step: mood, at_least: 3}",
        "{step: mood, at_most: 3}",
        "{step: pick, includes: calm}",
        "{step: list, checked: id-card}",
        "{step: words, answered: false}",
        "{step: pick, answered: true}",
        "{step: list, answered: true}",
        "{all: [{step: mood, at_least: 1}, {any: [{step: pick, includes: calm}]}]}",
    ]
    steps = SCALE_CHOICE_CHECK + "".join(
        f"- {{id: c{i}, type: info, body: B, when: {c}}}\n" for i, c in enumerate(conditions)
    )
    result = load_text(tmp_path, with_steps(steps))
    assert result.problems == [] and result.script is not None


def test_all_problems_of_a_file_at_once_sorted_by_line(tmp_path: Path) -> None:
    text = with_steps(
        """\
        - {id: a, type: info, body: '{nope}'}
        - {id: b, type: txt}
        - {id: c, type: info, body: x, when: {step: zzz, answered: true}}
        - {id: a, type: scale, labels: {99: x}}
        """
    ).replace("phase: before", "phase: during")
    lines = formatted(load_text(tmp_path, text))
    places = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert places == sorted(places)
    assert len(lines) >= 5, lines
    assert any("phase" in line for line in lines)
    assert any("zzz" in line for line in lines)
    assert any("already used" in line for line in lines)
    assert any("99 is outside" in line for line in lines)


def test_problem_lines_use_the_documented_shape(tmp_path: Path) -> None:
    steps = "- {id: anxiety, type: scale}\n- id: b\n  type: info\n  body: x\n  when: {step: anxeity, at_least: 7}\n"
    path = write(tmp_path, with_steps(steps), "x.yaml")
    result = load_script(path, TRACKS)
    assert [p.format() for p in result.problems] == [
        f"{path}:13:18: error: steps[1].when: no step 'anxeity' before this one (did you mean 'anxiety'?)"
    ]


def test_warnings(tmp_path: Path) -> None:
    text = (
        HEADER.replace("Call 555-0100", "Ask at the front desk").replace(
            "phase: before", "phase: after"
        )
        + "variables: {spare: x}\n"
        + "steps: [{id: a, type: info, body: b}]\n"
    )
    text = text.replace(
        "    contact: Ask at the front desk\n",
        "    contact: Ask at the front desk\n    verified: 2020-01-01\n",
    )
    result = load_text(tmp_path, text)
    assert result.script is not None, "warnings never stop a script from loading"
    messages = [(p.severity, p.message) for p in result.problems]
    assert all(severity is Severity.WARNING for severity, _ in messages)
    text_all = " | ".join(m for _, m in messages)
    assert "no 'offer_after'" in text_all
    # The app always adds the crisis lines for the patient's region, so a script's own
    # contacts may be words only ("Ask at the front desk"); the clinic profile is warned instead.
    assert "real contact" not in text_all
    assert "more than a year ago" in text_all
    assert "variable 'spare' is never used" in text_all


def test_verified_within_a_year_is_quiet(tmp_path: Path) -> None:
    text = HEADER + "    verified: 2026-01-01\nsteps: [{id: a, type: info, body: b}]\n"
    result = load_script(write(tmp_path, text), TRACKS, today=date(2026, 11, 24))
    assert result.problems == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"format: 1\nformat: 1\n", "duplicate key"),
        (b"a: \xff", "not UTF-8"),
    ],
)
def test_file_level_errors_come_through_the_loader(
    tmp_path: Path, raw: bytes, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    result = load_script(path, TRACKS)
    assert result.script is None
    assert expected in result.problems[0].message


def test_durations() -> None:
    assert timing.parse_duration("2h").total_seconds() == 7200
    assert timing.parse_duration("1w").days == 7
    assert timing.parse_duration("30m").total_seconds() == 1800
    with pytest.raises(ValueError):
        timing.parse_duration("0h")
