"""Calm themes: soft dark (the default), soft light, and high contrast. No red anywhere.

Every text the app draws meets WCAG AA (4.5:1) in each of them: tests/test_contrast.py draws
every screen and measures what was drawn.
"""

from __future__ import annotations

from textual.theme import Theme

SOFT_DARK = Theme(
    name="companion-dark",
    primary="#7fa7c9",
    secondary="#9db8a0",
    accent="#c9b37f",
    warning="#d8b878",
    error="#d8b878",
    success="#9db8a0",
    foreground="#dcdcd6",
    background="#1e2126",
    surface="#262a30",
    panel="#2e333a",
    dark=True,
)

SOFT_LIGHT = Theme(
    name="companion-light",
    # Dark enough for 4.5:1 (WCAG AA) on every light surface, the footer's panel included
    # (tests/test_contrast.py checks every text the app draws).
    primary="#396283",
    secondary="#4b644e",
    accent="#735b27",
    warning="#735b27",
    error="#735b27",
    success="#4b644e",
    foreground="#2b2f33",
    background="#f4f1ea",
    surface="#ebe7de",
    panel="#e0dbcf",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="companion-contrast",
    primary="#ffff66",
    secondary="#66ffff",
    accent="#ffffff",
    warning="#ffff66",
    error="#ffff66",
    success="#66ffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
)

THEMES = (SOFT_DARK, SOFT_LIGHT, HIGH_CONTRAST)
DEFAULT_THEME = SOFT_DARK.name
