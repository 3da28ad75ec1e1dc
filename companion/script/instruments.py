"""Standard questionnaires the format knows by name: their structure, scoring, published cut-offs
and LOINC codes (sources in docs/instruments.md), and the skeleton a clinic starts from.

No item or answer wording is kept here or written out: the instruments' words belong to their
official forms, which the clinic copies into the blanks of a skeleton. ``companion validate``
refuses a script while any blank is left (:data:`companion.script.model.BLANK`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    """What is published about one instrument."""

    name: str
    items: int
    values: tuple[int, ...]
    """The value of each answer, lowest first."""
    bands: tuple[tuple[int, str], ...]
    """(up_to, label): the published cut-offs, on the (multiplied) total."""
    loinc: tuple[str, str] | None
    """(code, display) of the LOINC total-score term, where one was verified."""
    multiply: int = 1
    alert_item: int | None = None
    """The item (from 1) that asks about thoughts of self-harm, when the instrument has one."""
    about: str = ""


INSTRUMENTS: dict[str, Known] = {
    "phq-9": Known(
        name="PHQ-9",
        items=9,
        values=(0, 1, 2, 3),
        bands=(
            (4, "Minimal"),
            (9, "Mild"),
            (14, "Moderate"),
            (19, "Moderately severe"),
            (27, "Severe"),
        ),
        loinc=("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
        alert_item=9,
        about="depression, over the past two weeks",
    ),
    "gad-7": Known(
        name="GAD-7",
        items=7,
        values=(0, 1, 2, 3),
        bands=((4, "Minimal"), (9, "Mild"), (14, "Moderate"), (21, "Severe")),
        loinc=(
            "70274-6",
            "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        ),
        about="anxiety, over the past two weeks",
    ),
    "phq-2": Known(
        name="PHQ-2",
        items=2,
        values=(0, 1, 2, 3),
        bands=((2, "Below the screening cut-off"), (6, "At or above the screening cut-off")),
        loinc=("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
        about="depression, a two-item first step",
    ),
    "gad-2": Known(
        name="GAD-2",
        items=2,
        values=(0, 1, 2, 3),
        bands=((2, "Below the screening cut-off"), (6, "At or above the screening cut-off")),
        loinc=None,
        about="anxiety, a two-item first step",
    ),
    "who-5": Known(
        name="WHO-5",
        items=5,
        values=(0, 1, 2, 3, 4, 5),
        bands=((48, "Low well-being"), (100, "Above the cut-off")),
        loinc=None,
        multiply=4,
        about="well-being, over the past two weeks (higher is better)",
    ),
}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (the texts here are plain ASCII of our own)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(like: str) -> str:
    """A whole script holding one questionnaire shaped like ``like``: the structure, answer
    values, scoring and bands filled in, and a marked blank for every text from the form."""
    known = INSTRUMENTS[like]
    blank = "<<fill in: {} from the official {} form>>"
    lines = [
        f"# A {known.name} skeleton, written by `companion new questionnaire --like {like}`.",
        "# The structure, the answer values, the scoring and the bands follow the published",
        f"# instrument ({known.about}).",
        "# docs/instruments.md gives the sources and the licence terms.",
        "# Every <<fill in ...>> is a blank: copy the wording from the official form your clinic",
        "# uses. `companion validate` refuses this file until every blank is filled.",
        "format: 1",
        f"id: {like}-check-in",
        "title: " + _quoted(f"{known.name} check-in"),
        "phase: before",
        "support:",
        "  - label: Your care team",
        "    contact: "
        + _quoted("<<fill in: how to reach your care team, such as a phone number>>"),
        "  - label: A crisis line, day or night",
        "    contact: " + _quoted("<<fill in: a crisis line where your patients live>>"),
        "steps:",
        f"  - id: {like}",
        "    type: questionnaire",
        f"    instrument: {like}",
        '    title: "The past two weeks"',
        "    prompt: " + _quoted(blank.format("the instruction above the items", known.name)),
        "    answers:",
    ]
    for number, value in enumerate(known.values, start=1):
        text = _quoted(blank.format(f"answer {number}", known.name))
        lines += [f"      - value: {value}", f"        text: {text}"]
    lines.append("    items:")
    for number in range(1, known.items + 1):
        text = _quoted(blank.format(f"item {number}", known.name))
        lines += [f"      - id: item-{number}", f"        text: {text}"]
    lines.append("    score: sum")
    if known.multiply != 1:
        lines.append(f"    multiply: {known.multiply}")
    lines.append("    bands:")
    for up_to, label in known.bands:
        lines += [f"      - up_to: {up_to}", f"        label: {_quoted(label)}"]
    if known.alert_item is not None:
        lines += [
            "    # Opens the support screen at once, crisis lines included, on any answer but the",
            "    # first to the item that asks about thoughts of self-harm.",
            "    alert_when:",
            f"      item: item-{known.alert_item}",
            f"      at_least: {known.values[1]}",
        ]
    lines += ["    care_team: true", "    optional: false"]
    return "\n".join(lines) + "\n"
