"""Calm themes: soft dark (the default), soft light, and high contrast. No red anywhere."""

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
    primary="#3f6d91",
    secondary="#5d7d61",
    accent="#8a6d2f",
    warning="#8a6d2f",
    error="#8a6d2f",
    success="#5d7d61",
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
