"""Which characters are never text: the quick check for them agrees with the pattern."""

from __future__ import annotations

import pytest

from companion.plaintext import CONTROL, has_control, visible

AROUND = ["", "plain words", "a · middle dot", "emoji 🌊 and a curly ’ quote", "Ünïcödé\n\ttabbed"]


@pytest.mark.parametrize("around", AROUND)
def test_every_character_up_to_the_bidi_controls_is_judged_as_the_pattern_judges_it(
    around: str,
) -> None:
    """Each character from U+0000 to U+206F, inside text of any width (all below U+0100, or
    wider), is found exactly when the pattern finds it; and the quick check looks for exactly
    the characters the pattern matches."""
    for code in range(0x2070):
        text = f"{around}{chr(code)}{around}"
        assert has_control(text) == (CONTROL.search(text) is not None), hex(code)


@pytest.mark.parametrize("pad", ["x", "·", "🌊"], ids=["ascii", "latin-1", "wide"])
def test_long_texts_are_judged_as_the_pattern_judges_them(pad: str) -> None:
    """A long text (an export) is searched character by character, a short one (a line the app
    draws) by the pattern: both agree with it, at the start, the middle and the end."""
    from companion.plaintext import LONG_TEXT

    body = pad * LONG_TEXT
    for code in [*range(0x00, 0xA1), 0x2029, *range(0x202A, 0x2070)]:
        for text in (chr(code) + body, body + chr(code) + body, body + chr(code)):
            assert has_control(text) == (CONTROL.search(text) is not None), hex(code)


def test_the_quick_check_knows_every_control_character() -> None:
    from companion.plaintext import _CONTROLS

    matched = [chr(code) for code in range(0x110000) if CONTROL.fullmatch(chr(code))]
    assert sorted(_CONTROLS) == matched


def test_controls_are_shown_by_stand_ins_in_narrow_and_wide_text() -> None:
    assert visible("tab\tand line\nstay") == "tab\tand line\nstay"
    assert visible("esc \x1b[31m · done") == "esc \u241b[31m · done"
    assert visible("C1 \x9b and \x85 · next") == "C1 \ufffd and \ufffd · next"
    assert visible("wide ’ \u202e reversed \x7f") == "wide ’ \ufffd reversed \u2421"
    text = "nothing to change · ’ 🌊"
    assert visible(text) is text
