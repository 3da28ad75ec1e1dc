"""Every piece of text the app draws can be read: WCAG AA contrast (4.5:1) in every theme.

The colours are not read from a list kept by hand: each screen is drawn by the real app at
80x24, in each theme, and every cell holding a letter or digit is checked with the colour and
background it was actually drawn in (after Textual has blended transparent colours, muted text
and highlights). A screen or a widget added later is covered by adding it to :data:`SCREENS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.color import Color
from rich.style import Style
from textual.screen import ModalScreen

from companion.app.themes import THEMES
from companion.journal import SqliteStore
from tests.helpers.apps import make_app, sync
from tests.helpers.journals import journal_app

AA = 4.5


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    triplet = color.get_truecolor()

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in triplet)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: Color, other: Color) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_the_wcag_examples() -> None:
    black, white = Color.parse("#000000"), Color.parse("#ffffff")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)


def _colours(style: Style) -> tuple[Color, Color] | None:
    if style.color is None or style.bgcolor is None:
        return None
    fg, bg = style.color, style.bgcolor
    return (bg, fg) if style.reverse else (fg, bg)


def _read_here(app: Any) -> Callable[[int, int], bool]:
    """Whether the cell at (x, y) is text to read: not behind a modal screen's dimmed backdrop,
    and not in a disabled control (WCAG sets no minimum for inactive components)."""
    screen = app.screen
    skip = [w.region for w in screen.query("*") if w.disabled and w.region]
    keep = (
        [w.region for w in screen.children if w.display and w.region]
        if isinstance(screen, ModalScreen)
        else None
    )

    def wanted(x: int, y: int) -> bool:
        if any(region.contains(x, y) for region in skip):
            return False
        return keep is None or any(region.contains(x, y) for region in keep)

    return wanted


def low_contrast(app: Any) -> set[tuple[str, str, str, float]]:
    """(text, colour, background, ratio) for each run of text drawn below AA."""
    found: set[tuple[str, str, str, float]] = set()
    wanted = _read_here(app)
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if style is None or not any(ch.isalnum() for ch in text):
                continue
            if not wanted(start, y):
                continue
            colours = _colours(style)
            assert colours is not None, f"{text!r} has no colour of its own"
            fg, bg = colours
            ratio = contrast(fg, bg)
            if ratio < AA:
                found.add((text.strip(), fg.get_truecolor().hex, bg.get_truecolor().hex, ratio))
    return found


STEP_KEYS = {
    "home": [],
    "info, with Back": ["enter", "ctrl+n", "space", "ctrl+n", "9", "escape", "ctrl+n"],
    "checklist, ticked and highlighted": ["enter", "ctrl+n", "space", "down"],
    "scale, with a value": ["enter", "ctrl+n", "space", "ctrl+n", "4"],
    "choice, one chosen": ["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "space", "down"],
    "text, with a hint and a note": [
        *["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "ctrl+n"],
    ],
    "breathing": ["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "x", "ctrl+n"],
    "support": ["f1"],
    "support, offered": ["enter", "ctrl+n", "space", "ctrl+n", "9"],
    "summary": [
        *["enter", "ctrl+n", "space", "ctrl+n", "9", "escape", "ctrl+n", "ctrl+n", "ctrl+s"],
        *["x", "ctrl+n", "ctrl+n", "enter", "ctrl+n"],
    ],
    "audio": ["down", "enter", "ctrl+n"],
    "my infusions": ["i"],
}
THEME_NAMES = [theme.name for theme in THEMES]


async def below_aa_in_each_theme(
    app: Any, pilot: Any, themes: list[str] = THEME_NAMES
) -> dict[str, set[Any]]:
    """Draw the screen the app is on in every theme, one after the other, and collect what
    falls below AA in each (an empty dict: every text in every theme can be read).

    One app per screen, the themes switched in place as the settings screen does: a screen is
    reached once, not once per theme."""
    found: dict[str, set[Any]] = {}
    for theme in themes:
        app.theme = theme
        await pilot.pause()
        assert app.theme == theme
        if low := low_contrast(app):
            found[theme] = low
    return found


@pytest.mark.parametrize("screen", list(STEP_KEYS))
@sync
async def test_every_text_on_every_screen_meets_aa(screen: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*STEP_KEYS[screen])
        await pilot.pause()
        assert await below_aa_in_each_theme(app, pilot) == {}


JOURNAL_KEYS = {
    "journal": [],
    "journal search": ["ctrl+f", *"sea", "enter"],
    "journal run": ["enter"],
    "trends": ["ctrl+t"],
}


@pytest.mark.parametrize("screen", list(JOURNAL_KEYS))
@sync
async def test_every_text_in_the_journal_meets_aa(filled_journal: SqliteStore, screen: str) -> None:
    store = filled_journal
    app = journal_app(store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_journal()
            await pilot.pause()
            await pilot.press(*JOURNAL_KEYS[screen])
            await pilot.pause()
            assert await below_aa_in_each_theme(app, pilot) == {}
    finally:
        store.close()


@sync
async def test_the_check_finds_text_below_aa() -> None:
    """The light theme's accent before this check existed: the footer's keys were 3.5:1."""
    from textual.theme import Theme

    from companion.app.themes import SOFT_LIGHT

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        old = Theme(**{**vars(SOFT_LIGHT), "name": "old-light", "accent": "#8a6d2f"})
        app.register_theme(old)
        await pilot.pause()
        # Switched in place from a theme that passes, as the screens above are checked.
        found = await below_aa_in_each_theme(app, pilot, ["companion-dark", "old-light"])
        assert list(found) == ["old-light"]
        rounded = {(text, fg, bg, round(ratio, 2)) for text, fg, bg, ratio in found["old-light"]}
        assert ("f1", "#8a6d2f", "#e0dbcf", 3.53) in rounded


@pytest.mark.parametrize("wrong_try", [False, True], ids=["locked", "after a wrong passphrase"])
@sync
async def test_every_text_on_the_unlock_screen_meets_aa(wrong_try: bool) -> None:
    from tests.helpers.crypt import OTHER, locked_app

    app = locked_app()
    async with app.run_test(size=(80, 24)) as pilot:
        if wrong_try:
            await pilot.press(*OTHER, "enter")
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert await below_aa_in_each_theme(app, pilot) == {}
