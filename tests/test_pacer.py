"""The pacer's shape: its size follows the breath, and the box is always whole and centred."""

from __future__ import annotations

from companion.app.widgets.pacer import MAX_BOX, MIN_BOX, box_size, draw_box
from companion.breathing import PRESETS, phase_at


def test_the_box_grows_with_the_breath_and_keeps_an_even_width() -> None:
    sizes = [box_size(i / 100) for i in range(101)]
    assert sizes[0] == MIN_BOX and sizes[-1] == MAX_BOX
    assert sizes == sorted(sizes)
    assert all(width % 2 == 0 for width, _ in sizes)
    assert box_size(-1.0) == MIN_BOX and box_size(2.0) == MAX_BOX


def test_the_box_is_whole_at_every_size() -> None:
    for i in range(11):
        width, height = box_size(i / 10)
        lines = draw_box(width, height)
        assert len(lines) == height
        assert all(len(line) == width for line in lines)
        assert lines[0][0] == "╭" and lines[-1][-1] == "╯"


def test_box_breathing_grows_shrinks_and_rests() -> None:
    box = PRESETS["box"]
    assert box_size(phase_at(box, 0.0).size) == MIN_BOX
    assert MIN_BOX < box_size(phase_at(box, 2.0).size) < MAX_BOX
    assert box_size(phase_at(box, 6.0).size) == MAX_BOX
    assert box_size(phase_at(box, 14.0).size) == MIN_BOX
