"""Which characters are never text: the quick check for them agrees with the pattern."""

from __future__ import annotations

import pytest

from companion.plaintext import CONTROL, has_control, visible

AROUND = ["", "plain words", "a · middle dot", "emoji 🌊 and a curly ’ quote", "Ünïcödé\n\ttabbed"]


@pytest.mark.parametrize("around", AROUND)
def test_every_character_up_to_the_bidi_controls_is_judged_as_the_pattern_judges_it(
    around: str,
) -> None:
    """Narrow text (every character below U+0100) is checked as Latin-1 bytes, wider text by
    the pattern: each character from U+0000 to U+206F, inside text of either width, is found
    exactly when the pattern finds it."""
    for code in range(0x2070):
        text = f"{around}{chr(code)}{around}"
        assert has_control(text) == (CONTROL.search(text) is not None), hex(code)


def test_controls_are_shown_by_stand_ins_in_narrow_and_wide_text() -> None:
    assert visible("tab\tand line\nstay") == "tab\tand line\nstay"
    assert visible("esc \x1b[31m · done") == "esc \u241b[31m · done"
    assert visible("C1 \x9b and \x85 · next") == "C1 \ufffd and \ufffd · next"
    assert visible("wide ’ \u202e reversed \x7f") == "wide ’ \ufffd reversed \u2421"
    text = "nothing to change · ’ 🌊"
    assert visible(text) is text
