"""Everything that does not fit at 80x24 can be reached by keyboard, and the footer says so.

A long info body and a long checklist (with its prompt above it) in a script written on the
spot, and the bundled first-infusion checklist, walked with Page Up/Down and the arrows through
the real app. Plus "My journal" from home, by a key the footer shows.
"""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot

from companion.app.app import CompanionApp, create_app
from companion.app.screens.journal import JournalScreen
from companion.app.screens.run import RunScreen
from companion.app.widgets.ticklist import TickList
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.script.library import Library, load_library
from companion.script.loader import load_script
from companion.script.model import LoadedScript
from tests.helpers.apps import NOW, fake_player, make_app, open_first, sync
from tests.helpers.scripts import HEADER, write

SIZE = (80, 24)
PARAGRAPHS = 30
ITEMS = 16


def long_script(tmp_path: Path) -> Path:
    body = "\n\n".join(
        f"      Paragraph {n}: a calm sentence that takes up a line or so of the screen."
        for n in range(1, PARAGRAPHS + 1)
    )
    items = "\n".join(
        f"      - id: item-{n}\n        text: Thing number {n} to have ready on the day"
        for n in range(1, ITEMS + 1)
    )
    return write(
        tmp_path,
        HEADER
        + f"""\
steps:
  - id: long-read
    type: info
    title: A long read
    body: |
{body}
  - id: long-list
    type: checklist
    title: A long list
    prompt: The prompt above the list, which must be readable when the step opens.
    items:
{items}
""",
    )


def app_for(path: Path) -> CompanionApp:
    result = load_script(path, tracks=None)
    assert result.script is not None, result.problems
    library = Library()
    library.scripts[result.script.id] = LoadedScript(result.script, path, result.sha256, "extra")
    return create_app(
        library, MemoryStore, locations(), clock=lambda: NOW, player_factory=fake_player
    )


def area(pilot: Pilot[int]) -> VerticalScroll:
    return pilot.app.screen.query_one("#step-area", VerticalScroll)


def footer(pilot: Pilot[int]) -> str:
    """The bottom line of the screen, as drawn."""
    strips = pilot.app.screen._compositor.render_strips()
    return "".join(segment.text for segment in strips[-1])


def shown(pilot: Pilot[int], selector: str) -> bool:
    """Whether the widget is inside the visible part of the step area."""
    widget = pilot.app.screen.query(selector).first()
    visible = area(pilot).content_region
    region = widget.region
    return region.height > 0 and visible.contains_region(region)


@sync
async def test_a_long_info_body_scrolls_by_page_and_arrow_keys(tmp_path: Path) -> None:
    app = app_for(long_script(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "T")
        assert isinstance(app.screen, RunScreen)
        scroll = area(pilot)
        assert scroll.max_scroll_y > 0, "the body must be longer than the screen for this test"
        assert scroll.scroll_y == 0
        assert "More below" in footer(pilot) and "More above" not in footer(pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        first_page = scroll.scroll_y
        assert first_page > 0
        assert "More below" in footer(pilot) and "More above" in footer(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y == first_page + 1
        await pilot.press("up", "up")
        await pilot.pause()
        assert scroll.scroll_y == first_page - 1
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        assert "More below" not in footer(pilot) and "More above" in footer(pilot)
        screen_text = "\n".join(
            "".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()
        )
        assert f"Paragraph {PARAGRAPHS}:" in screen_text
        for _ in range(10):
            await pilot.press("pageup")
        await pilot.pause()
        assert scroll.scroll_y == 0
        assert "More above" not in footer(pilot)


@sync
async def test_a_long_checklist_opens_at_its_prompt_and_scrolls_by_keyboard(
    tmp_path: Path,
) -> None:
    app = app_for(long_script(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "T")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run.flow.current.id == "long-list"
        scroll = area(pilot)
        assert scroll.max_scroll_y > 0
        assert isinstance(app.focused, TickList)
        assert shown(pilot, ".step-prompt"), "the prompt must show when the step opens"
        assert "More below" in footer(pilot)
        # The arrows walk the list; the highlighted item is always in sight.
        for n in range(ITEMS - 1):
            await pilot.press("down")
            await pilot.pause()
            assert shown(pilot, "TickRow.-highlighted"), n
        assert app.focused.highlighted == ITEMS - 1
        # At the last item, the arrow goes on to scroll what is below the list: the hint.
        for _ in range(3):
            await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        assert shown(pilot, ".step-hint")
        assert "More below" not in footer(pilot)
        await pilot.press("space")
        # Page Up goes back to the prompt without moving the highlight.
        for _ in range(5):
            await pilot.press("pageup")
        await pilot.pause()
        assert scroll.scroll_y == 0 and shown(pilot, ".step-prompt")
        assert app.focused.highlighted == ITEMS - 1
        assert app.screen.run.flow.answers["long-list"] == [f"item-{ITEMS}"]


@sync
async def test_the_first_infusion_checklist_prompt_is_readable_at_80x24() -> None:
    where = locations()
    library = load_library((), where)
    app = create_app(library, MemoryStore, where, clock=lambda: NOW, player_factory=fake_player)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, library.scripts["first-infusion"].script.title)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        for _ in range(30):
            if screen.run.flow.current.id == "preparation":
                break
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert screen.run.flow.current.id == "preparation"
        assert shown(pilot, ".step-prompt")
        # The footer says "More below" exactly when something is below (the bundled list fits
        # at 80x24 since its words were shortened; the long list above covers what does not).
        assert ("More below" in footer(pilot)) == (area(pilot).max_scroll_y > 0)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert shown(pilot, ".step-hint")
        assert "More below" not in footer(pilot)


@sync
async def test_my_journal_is_one_key_from_home_and_the_footer_shows_it() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "j My journal" in footer(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
