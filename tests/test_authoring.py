"""The mistakes therapists make most, each answered with one placed sentence they can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.home import UNAVAILABLE, unavailable_lines
from companion.paths import Locations, locations
from companion.script import yamlsafe
from companion.script.library import load_library
from companion.script.loader import load_script
from companion.script.problems import Mark
from tests.helpers.scripts import formatted, load_text, with_steps
from tests.helpers.terminal import companion

BUNDLED = Path(__file__).resolve().parent.parent / "scripts"

HEADER = """\
format: 1
id: t
title: T
phase: before
variables:
  rule: check with your clinic
support:
  - label: Care team
    contact: Call 555-0100
steps:
"""
"""The first step starts on line 11."""


def problems_of(tmp_path: Path, steps: str) -> list[str]:
    """Every problem of a script with these steps, as validate prints it, without the path."""
    path = tmp_path / "s.yaml"
    path.write_text(HEADER + steps, encoding="utf-8")
    problems = load_script(path, {"rain", "surf"}).problems
    return [p.format().removeprefix(f"{path}:") for p in problems]


# One mistake, one error ------------------------------------------------------------------------

ONE_MISTAKE = [
    (
        "a typo in a step's type, with a later condition on that step",
        """\
  - id: prep
    type: check-list
    items: [{id: q, text: "Q {rule}"}]
  - id: after
    type: info
    body: B
    when: {step: prep, checked: q}
""",
        "12:11: error: steps[0].type: unknown step type 'check-list' (did you mean "
        "'checklist'?); one of: info, checklist, text, scale, choice, questionnaire, breathing, audio",
    ),
    (
        "support_when written as a number",
        """\
  - id: s
    type: scale
    support_when: 2
  - id: after
    type: info
    body: "B {rule}"
    when: {step: s, at_least: 3}
""",
        "13:19: error: steps[0].support_when: should be a mapping (key: value lines), "
        "such as {at_least: 8}, not '2'",
    ),
    (
        "required: yes",
        """\
  - id: c
    type: checklist
    items:
      - {id: a, text: "A {rule}", required: yes}
  - id: after
    type: info
    body: B
    when: {step: c, checked: a}
""",
        "14:45: error: steps[0].items[0].required: should be true or false, not 'yes'; write true",
    ),
    (
        "labels written as a list",
        """\
  - id: s
    type: scale
    prompt: "How are you? {rule}"
    labels:
      - 0: Calm
      - 10: Very anxious
  - id: after
    type: info
    body: B
    when: {step: s, at_least: 3}
""",
        "15:7: error: steps[0].labels: should be key: value lines, not a list; take the '- ' "
        "off the start of each line",
    ),
    (
        "text that starts with a brace, unquoted, in a flow mapping",
        """\
  - id: c
    type: info
    body: {rule}
""",
        "13:11: error: steps[0].body: should be text, not a mapping; text that starts with "
        "'{' needs double quotes around it",
    ),
]


@pytest.mark.parametrize(
    ("steps", "expected"), [c[1:] for c in ONE_MISTAKE], ids=[c[0] for c in ONE_MISTAKE]
)
def test_one_mistake_gives_one_error(tmp_path: Path, steps: str, expected: str) -> None:
    assert problems_of(tmp_path, steps) == [expected]


def test_a_condition_on_a_later_broken_step_still_says_it_comes_later(tmp_path: Path) -> None:
    steps = """\
  - id: first
    type: info
    body: "A {rule}"
    when: {step: prep, checked: q}
  - id: prep
    type: check-list
    items: [{id: q, text: Q}]
"""
    assert problems_of(tmp_path, steps) == [
        "14:18: error: steps[0].when: step 'prep' comes after this one; a condition may only "
        "look at earlier steps",
        "16:11: error: steps[1].type: unknown step type 'check-list' (did you mean "
        "'checklist'?); one of: info, checklist, text, scale, choice, questionnaire, breathing, audio",
    ]


def test_a_variable_used_only_in_a_broken_step_is_not_called_unused(tmp_path: Path) -> None:
    steps = """\
  - id: a
    type: texst
    prompt: "What does {rule} mean to you?"
"""
    lines = problems_of(tmp_path, steps)
    assert len(lines) == 1 and "unknown step type 'texst'" in lines[0]
    assert not any("never used" in line for line in lines)


# YAML syntax, in plain words, where the fix goes ------------------------------------------------

SYNTAX = [
    (
        "a colon inside text",
        "a: 1\ntext: Eating and drinking: {rule}\n",
        Mark(2, 7),
        "this text holds a colon followed by a space, which YAML reads as the start of a new "
        'key; put the whole text in double quotes: text: "Eating and drinking: {rule}"',
    ),
    (
        "text: a: {b}",
        "text: a: {b}\n",
        Mark(1, 7),
        "this text holds a colon followed by a space, which YAML reads as the start of a new "
        'key; put the whole text in double quotes: text: "a: {b}"',
    ),
    (
        "a missing closing quote, placed where the quote opened",
        'a: 1\nb: "Hello there\nc: 2\nd: 3\n',
        Mark(2, 4),
        'the quote (") that opens this text is never closed; add a closing " at the end of '
        "the text",
    ),
    (
        "a missing closing quote that a later quote closes",
        'a: 1\nb: "hello\nc: 2\nd: "x"\ne: 3\n',
        Mark(2, 4),
        'the quoted text that starts here runs on to line 4; is the closing " missing at the '
        "end of this line?",
    ),
    (
        "a double quote inside double-quoted text",
        'a: "He said "hi" there"\n',
        Mark(1, 13),
        'this text ends at the " on column 13, before the rest of the line; write a quote mark '
        'inside quoted text as \\", or use the other kind of quote mark around the text',
    ),
    (
        "a key indented one space too far",
        "steps:\n  - id: c\n    type: info\n     body: x\n",
        Mark(4, 6),
        "this line is indented further than the line above it, so YAML reads it as more of "
        "that line's text; give it the same indentation as the key above it",
    ),
    (
        "a list item that does not line up",
        "steps:\n  - id: c\n    body: x\n   - id: d\n",
        Mark(4, 4),
        "this line does not line up with the list above it: each item starts with '- ' at "
        "column 3 (as on line 2), and the keys inside an item line up under the first key "
        "after its '- '",
    ),
    (
        "a step's key lined up with the dash",
        "steps:\n  - id: a\n  type: info\n",
        Mark(3, 3),
        "this line does not line up with the list above it: each item starts with '- ' at "
        "column 3 (as on line 2), and the keys inside an item line up under the first key "
        "after its '- '",
    ),
    (
        "a line starting with a brace",
        "a: 1\nbody: {rule} is what to do\n",
        Mark(2, 7),
        "text that starts with '{' is read by YAML as a mapping; put the whole text in double "
        'quotes: body: "{rule} is what to do"',
    ),
    (
        "a line starting with a bracket",
        "a: [Note] this\n",
        Mark(1, 4),
        "text that starts with '[' is read by YAML as a list; put the whole text in double "
        'quotes: a: "[Note] this"',
    ),
    (
        "a bracket never closed",
        "a: 1\nb: [1, 2\nc: 3\n",
        Mark(2, 4),
        "the '[' here is read by YAML as the start of a list and is never closed with ']'; if "
        "it is part of the text, put the whole text in double quotes",
    ),
    (
        "curly quotes around text with a colon",
        "a: 1\ntext: \u201cRide home: arranged\u201d\n",
        Mark(2, 7),
        "curly quotes (\u201c \u201d) are not quote marks to YAML, so the colon in this text "
        'confuses it; type straight double quotes (") around the text instead',
    ),
    (
        "text starting with @",
        "a: @home\n",
        Mark(1, 4),
        "text cannot start with '@' in YAML; put the whole text in double quotes",
    ),
    (
        "text starting with *",
        "a: *bold* text\n",
        Mark(1, 4),
        "text cannot start with '*' in YAML; put the whole text in double quotes",
    ),
    (
        "no space after a colon",
        "a:1\nb: 2\n",
        Mark(1, 3),
        "a key needs a space after its colon ('key: value')",
    ),
    (
        "no space after a list dash",
        "steps:\n  -id: a\n  - id: b\n",
        Mark(2, 4),
        "a list item needs a space after its '-': write '- ' at the start of the item",
    ),
    (
        "a line with no colon",
        "a: 1\nb\nc: 2\n",
        Mark(2, 1),
        "this line has no colon: write 'key: value', with a space after the colon (or, if the "
        "line goes on with the text above it, indent it like that text)",
    ),
]


@pytest.mark.parametrize(
    ("text", "mark", "message"), [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX]
)
def test_yaml_syntax_errors_in_plain_words(text: str, mark: Mark, message: str) -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.parse(text)
    assert (caught.value.mark, caught.value.message) == (mark, message)


def test_an_error_libyaml_words_alone_still_has_its_place_and_a_hint() -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.parse("%YAML 2.0\n---\na: 1\n")
    assert caught.value.mark == Mark(1, 1)
    assert caught.value.message.startswith("YAML syntax: found incompatible YAML document")
    assert caught.value.message.endswith(
        "look at the quotes, colons and indentation on this line and the one before"
    )


def test_a_syntax_error_in_a_script_file_is_one_placed_line(tmp_path: Path) -> None:
    steps = """\
  - id: c
    type: checklist
    items:
      - id: a
        text: Eating and drinking: {rule}
"""
    assert problems_of(tmp_path, steps) == [
        "15:15: error: this text holds a colon followed by a space, which YAML reads as the "
        'start of a new key; put the whole text in double quotes: text: "Eating and drinking: '
        '{rule}"'
    ]


# Warnings that save a patient from a bad screen -------------------------------------------------


def test_curly_quotes_around_text_are_a_warning(tmp_path: Path) -> None:
    steps = "  - id: c\n    type: checklist\n    items:\n      - id: a\n        text: \u201cRide home {rule}\u201d\n"
    assert problems_of(tmp_path, steps) == [
        "15:15: warning: steps[0].items[0].text: starts and ends with curly quotes (\u201c "
        "\u201d), which YAML keeps as part of the text, so the patient sees them; if you meant "
        'to quote the text, type straight double quotes (") instead'
    ]


def test_curly_quotes_inside_prose_are_fine(tmp_path: Path) -> None:
    steps = "  - id: c\n    type: info\n    body: A word like \u201crest\u201d is {rule}.\n"
    assert problems_of(tmp_path, steps) == []


def test_a_markdown_link_is_a_warning_saying_how_it_shows(tmp_path: Path) -> None:
    steps = "  - id: c\n    type: info\n    body: See [our page](https://example.org) or {rule}\n"
    assert problems_of(tmp_path, steps) == [
        "13:15: warning: steps[0].body: a Markdown link is never opened: the patient sees it "
        "as plain text, 'our page (https://example.org)'; write the address out in words if "
        "they need it"
    ]


def test_a_link_whose_words_are_its_address_shows_once(tmp_path: Path) -> None:
    steps = "  - id: c\n    type: info\n    body: Call [tel:5550134](tel:5550134) or {rule}\n"
    lines = problems_of(tmp_path, steps)
    assert len(lines) == 1 and "as plain text, 'tel:5550134';" in lines[0]


def test_a_link_outside_a_body_is_shown_exactly_as_typed(tmp_path: Path) -> None:
    steps = "  - id: c\n    type: text\n    prompt: Did you read [the leaflet](https://example.org) on {rule}?\n"
    assert problems_of(tmp_path, steps) == [
        "13:26: warning: steps[0].prompt: a Markdown link is never opened: the patient sees "
        "it as plain text, '[the leaflet](https://example.org)'; write the address out in "
        "words if they need it"
    ]


def test_text_too_long_for_one_screen_is_a_warning(tmp_path: Path) -> None:
    paragraphs = "\n\n".join(
        "      A sentence that goes on for a while, so that it wraps onto a second line at "
        "eighty columns. {rule}"
        for _ in range(6)
    )
    steps = f"  - id: long\n    type: info\n    title: Long\n    body: |\n{paragraphs}\n"
    assert problems_of(tmp_path, steps) == [
        "14:11: warning: steps[0].body: takes about 20 lines at 80 columns, and 15 fit on an "
        "80x24 screen; the patient would have to scroll to read the rest, so shorten it or "
        "split it into two steps"
    ]


def test_a_long_list_of_options_is_a_warning(tmp_path: Path) -> None:
    options = "".join(f'      - {{id: o{i}, text: "Option {i} {{rule}}"}}\n' for i in range(12))
    steps = (
        "  - id: pick\n    type: choice\n    title: Pick\n    prompt: Which?\n"
        f"    multiple: true\n    options:\n{options}"
    )
    lines = problems_of(tmp_path, steps)
    assert lines == [
        "11:5: warning: steps[0]: takes about 18 lines at 80 columns, and 15 fit on an 80x24 "
        "screen; the patient would have to scroll to read the rest, so shorten it or split it "
        "into two steps"
    ]


def test_the_bundled_scripts_have_no_problems_at_all() -> None:
    for path in sorted(BUNDLED.glob("*.yaml")):
        result = load_script(path, {"rain", "surf", "drone", "bowl", "cue-inhale", "cue-exhale"})
        assert [p.format() for p in result.problems] == [], path.name


# A broken replacement never falls back silently -------------------------------------------------


def _broken_copy(where: Locations) -> Path:
    folder = where.user_scripts
    folder.mkdir(parents=True)
    text = (BUNDLED / "returning-infusion.yaml").read_text(encoding="utf-8")
    broken = folder / "returning-infusion.yaml"
    broken.write_text(text.replace("type: scale", "type: scael", 1), encoding="utf-8")
    return broken


def test_a_broken_copy_hides_the_one_it_replaces() -> None:
    where = locations()
    broken = _broken_copy(where)
    library = load_library((), where)
    assert "returning-infusion" not in library.scripts
    assert [(old.source, bad.path) for old, bad in library.withheld] == [("bundled", broken)]
    assert unavailable_lines(library) == [f"Before your next infusion: {UNAVAILABLE}"]
    assert UNAVAILABLE == "not available just now. Please tell your care team."


def test_a_broken_copy_whose_yaml_cannot_be_read_still_hides_the_one_it_replaces() -> None:
    where = locations()
    folder = where.user_scripts
    folder.mkdir(parents=True)
    text = (BUNDLED / "week-after.yaml").read_text(encoding="utf-8")
    (folder / "mine.yaml").write_text(text.replace("title: A week on", "title: A week: on"))
    library = load_library((), where)
    assert "week-after" not in library.scripts
    assert [old.script.id for old, _ in library.withheld] == ["week-after"]


def test_a_good_later_copy_lifts_the_hiding(tmp_path: Path) -> None:
    where = locations()
    _broken_copy(where)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "r.yaml").write_text((BUNDLED / "returning-infusion.yaml").read_text())
    library = load_library((extra,), where)
    assert library.scripts["returning-infusion"].source == "extra"
    assert library.withheld == []


def test_companion_scripts_shows_the_folders_and_why_a_script_is_hidden() -> None:
    where = locations()
    broken = _broken_copy(where)
    out = companion("scripts").stdout
    assert f"Your scripts folder:   {where.user_scripts}\n" in out
    assert "Bundled scripts:" in out
    assert "unavailable: " in out and "unknown step type 'scael'" in out
    assert (
        "  returning-infusion: this broken copy was meant to replace the bundled one, so "
        f"patients see neither until it is fixed; run: companion validate {broken}" in out
    )


def test_companion_scripts_says_when_the_folder_is_not_there_yet() -> None:
    out = companion("scripts").stdout
    assert f"{locations().user_scripts} (not there yet; create it to add scripts)" in out


def test_validate_says_what_the_patient_will_miss() -> None:
    where = locations()
    broken = _broken_copy(where)
    done = companion("validate")
    assert done.returncode == 1
    assert (
        f"{broken}: this copy of 'returning-infusion' has errors, so patients see neither it "
        f"nor the copy it replaces ({BUNDLED / 'returning-infusion.yaml'}) until it is fixed"
    ) in done.stdout


def test_the_loader_knows_which_script_a_broken_file_meant(tmp_path: Path) -> None:
    result = load_text(tmp_path, with_steps("- {id: a, type: nope}\n"))
    assert (result.meant_id, result.meant_title) == ("t", "T")
    assert formatted(result)
