"""What each screen looks like, at 80x24 and 120x40, in the soft dark and soft light themes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from companion.app.app import CompanionApp
from tests.helpers.apps import make_app, preview_app
from tests.helpers.scripts import SCRIPTS

SMALL = (80, 24)
LARGE = (120, 40)

BEFORE_STEPS = {
    "info": [],
    "checklist": ["ctrl+n"],
    "scale": ["ctrl+n", "space", "ctrl+n", "4"],
    "choice-multiple": ["ctrl+n", "space", "ctrl+n", "ctrl+s", "space"],
    "text": ["ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", *"I would like to rest."],
    "breathing": ["ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "x", "ctrl+n"],
    "choice-single": ["ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s", "x", "ctrl+n", "ctrl+n"],
    "summary": [
        *["ctrl+n", "space", "ctrl+n", "9", "escape", "ctrl+n", "ctrl+n", "ctrl+s"],
        *["x", "ctrl+n", "ctrl+n", "enter", "ctrl+n"],
    ],
}


def walk(keys: list[str], theme: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        if theme:
            pilot.app.theme = theme
        await pilot.press("enter", *keys)
        await pilot.pause()

    return run_before


def app() -> CompanionApp:
    return make_app()


def test_home(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SMALL)


@pytest.mark.parametrize("name", list(BEFORE_STEPS))
def test_before_steps(snap_compare: Any, name: str) -> None:
    assert snap_compare(app(), terminal_size=SMALL, run_before=walk(BEFORE_STEPS[name]))


def test_support_offered(snap_compare: Any) -> None:
    keys = ["ctrl+n", "space", "ctrl+n", "9"]
    assert snap_compare(app(), terminal_size=SMALL, run_before=walk(keys))


def test_too_small(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(50, 14))


def test_preview_problems(snap_compare: Any, tmp_path: Path) -> None:
    broken = tmp_path / "draft.yaml"
    broken.write_text((SCRIPTS / "soon.yaml").read_text().replace("type: text", "type: txet"))
    assert snap_compare(preview_app(broken), terminal_size=SMALL)


def test_support_contrast(snap_compare: Any) -> None:
    async def contrast(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "companion-contrast"
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SMALL, run_before=contrast)


def _screens() -> dict[str, list[str]]:
    screens = {
        "home": ["escape"],
        **{name: ["enter", *keys] for name, keys in BEFORE_STEPS.items()},
    }
    screens["audio"] = ["down", "enter", "ctrl+n"]
    screens["support"] = ["enter", "f1"]
    return screens


SCREENS = _screens()
MATRIX = [
    (name, size, theme)
    for name in SCREENS
    for size, theme in [
        (SMALL, "companion-light"),
        (LARGE, "companion-dark"),
        (LARGE, "companion-light"),
    ]
]


@pytest.mark.parametrize(
    ("name", "size", "theme"),
    MATRIX,
    ids=[f"{n}-{s[0]}x{s[1]}-{t.removeprefix('companion-')}" for n, s, t in MATRIX],
)
def test_every_screen_in_each_size_and_theme(
    snap_compare: Any, name: str, size: tuple[int, int], theme: str
) -> None:
    """Each screen at 80x24 and 120x40, light and dark (80x24 dark is above)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await pilot.press(*SCREENS[name])
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(
    ("size", "theme"),
    [(SMALL, "companion-light"), (LARGE, "companion-dark"), (LARGE, "companion-light")],
)
def test_preview_problems_in_each_size_and_theme(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    broken = tmp_path / "draft.yaml"
    broken.write_text((SCRIPTS / "soon.yaml").read_text().replace("type: text", "type: txet"))

    async def themed(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await pilot.pause()

    assert snap_compare(preview_app(broken), terminal_size=size, run_before=themed)
