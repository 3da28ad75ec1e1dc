"""How a script marks the infusion it is for, and how far ahead it is offered: loaded from real
files, with each mistake placed at its line and column."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers.scripts import HEADER, formatted, load_text

STEPS = "steps: [{id: a, type: info, body: b}]\n"


def test_a_before_script_for_the_first_infusion(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEADER + "for_infusion: first\noffer_before: 3d\n" + STEPS)
    assert result.script is not None, formatted(result)
    assert result.script.for_infusion == "first"
    assert result.script.offer_ahead == timedelta(days=3)
    assert [result.script.prepares_for(n) for n in (1, 2, 3)] == [True, False, False]


def test_the_default_is_any_infusion_with_no_time_ahead(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEADER + STEPS)
    assert result.script is not None
    assert result.script.for_infusion == "any" and result.script.offer_ahead is None
    assert all(result.script.prepares_for(n) for n in (1, 2, 9))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            HEADER + "for_infusion: second\n" + STEPS,
            "8:15: error: for_infusion: 'second' is not one of: first, returning, any",
        ),
        (
            HEADER + "offer_before: soon\n" + STEPS,
            "8:15: error: offer_before: 'soon' should be a number and a unit",
        ),
        (
            HEADER.replace("phase: before", "phase: after")
            + "offer_after: 2h\nfor_infusion: first\n"
            + STEPS,
            "9:15: error: for_infusion: is only for before-scripts (phase: before)",
        ),
        (
            HEADER.replace("phase: before", "phase: after")
            + "offer_after: 2h\noffer_before: 1d\n"
            + STEPS,
            "9:15: error: offer_before: is only for before-scripts (phase: before)",
        ),
    ],
)
def test_mistakes_are_placed(tmp_path: Path, text: str, problem: str) -> None:
    result = load_text(tmp_path, text)
    assert result.script is None
    lines = formatted(result)
    assert len(lines) == 1, lines
    assert problem in lines[0]
