"""Whether a step's words fit on one 80x24 screen without scrolling, worked out from the text.

The run screen at 80 columns and 24 lines leaves the step itself an area :data:`WIDTH` columns
wide and :data:`HEIGHT` lines tall when the step has a title (two more without one): the rest is
the script's title, the progress line, the note line, the buttons and the footer. The estimate
wraps the text as the screen does (paragraphs, list items under their bullet) and adds what each
kind of step draws under its words. It errs towards fitting: the warning is there to catch a
screen the patient would surely have to scroll, and the bundled scripts are checked against the
real screen by a test.
"""

from __future__ import annotations

import re
import textwrap

from companion.script import model

WIDTH = 76
"""Columns of the step area on an 80-column screen."""
HEIGHT = 13
"""Lines of the step area on a 24-line screen, for a step with a title."""
TITLE_LINES = 2
"""A title and the blank line under it."""

LIST_MOST = 14
"""A list of options or items is at most this tall; a longer one scrolls inside itself."""
TEXT_BOX = 8
"""The text box's height."""
SCALE = 7
"""The scale, the answer in words under it and its key hint."""

_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|\*|`")
"""Markdown's emphasis marks, which take no room on screen."""


def wrapped(text: str, width: int) -> int:
    """Lines a piece of plain text takes at ``width`` columns."""
    total = 0
    for line in text.strip("\n").split("\n"):
        total += max(1, len(textwrap.wrap(line, width)) if line.strip() else 1)
    return total


def markdown_lines(text: str, width: int = WIDTH) -> int:
    """Lines a Markdown body takes: paragraphs joined and wrapped, a blank line between
    blocks, list items wrapped under their bullet."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.strip("\n").split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    total = 0
    for block in blocks:
        items: list[str] = []
        for line in block:
            if _ITEM.match(line) or not items:
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        listed = bool(_ITEM.match(block[0]))
        for item in items:
            words = _EMPHASIS.sub("", _ITEM.sub("", item) if listed else item)
            total += max(1, len(textwrap.wrap(words, width - 2 if listed else width)))
    return total + max(0, len(blocks) - 1)


def _list_lines(texts: list[str]) -> int:
    return sum(wrapped(text, WIDTH - 6) for text in texts)


def lines_needed(step: model.Step, render: model.Render) -> int:
    """About how many lines the step's area needs at 80 columns, its title included.

    Vertical margins between neighbours overlap on screen (the larger one counts), so a
    prompt's blank line below it is also the blank line above what follows.
    """
    total = TITLE_LINES if step.title else 0
    prompt = getattr(step, "prompt", None)
    asked = isinstance(prompt, str) and not isinstance(step, model.InfoStep | model.BreathingStep)
    if asked and isinstance(prompt, str):
        total += wrapped(render(prompt), WIDTH) + 1
    if isinstance(step, model.InfoStep):
        total += markdown_lines(render(step.body)) + 1
    elif isinstance(step, model.ChecklistStep | model.ChoiceStep):
        texts = (
            [render(i.text) for i in step.items]
            if isinstance(step, model.ChecklistStep)
            else [render(o.text) for o in step.options]
        )
        total += (0 if asked else 1) + min(LIST_MOST, _list_lines(texts)) + 2
    elif isinstance(step, model.TextStep):
        if step.hint:
            total += wrapped(render(step.hint), WIDTH) + 1
        total += TEXT_BOX
    elif isinstance(step, model.ScaleStep):
        total += (0 if asked else 1) + SCALE
    elif isinstance(step, model.QuestionnaireStep):
        # One item at a time: "Question 2 of 9", the longest item, its answers, the key hint.
        longest = max(wrapped(render(i.text), WIDTH) for i in step.items)
        answers = sum(wrapped(render(a.text), WIDTH - 8) for a in step.answers)
        total += (0 if asked else 1) + 1 + longest + 1 + answers + 2
    return total


def overflow(step: model.Step, render: model.Render) -> int:
    """How many lines more than one 80x24 screen holds (0 when it fits)."""
    return max(0, lines_needed(step, render) - (HEIGHT + TITLE_LINES))
