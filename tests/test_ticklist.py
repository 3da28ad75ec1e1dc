"""Long checklist items and choices are read whole: they wrap, never end in an ellipsis."""

from __future__ import annotations

from textual.app import App, ComposeResult

from companion.app.widgets.ticklist import TickList, TickRow
from tests.helpers.apps import sync

LONG = (
    "A ride home: someone you trust to take you home afterwards, because most clinics ask "
    "that you do not drive yourself that day, and yours will tell you what it asks"
)


class Harness(App[None]):
    def __init__(self, multiple: bool) -> None:
        super().__init__()
        self.multiple = multiple
        self.changes: list[list[str]] = []

    def compose(self) -> ComposeResult:
        yield TickList(
            [("ride", LONG), ("water", "Water"), ("snack", "A snack")],
            ["water"],
            multiple=self.multiple,
        )

    def on_tick_list_changed(self, event: TickList.Changed) -> None:
        self.changes.append(event.selected)


@sync
async def test_long_items_wrap_with_every_word_shown() -> None:
    app = Harness(multiple=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = list(app.query(TickRow))
        assert rows[0].size.height >= 3, "a long item takes several lines"
        lines = [rows[0].render_line(y).text for y in range(rows[0].size.height)]
        words = " ".join(" ".join(lines).split())
        assert "tell you what it asks" in words
        assert "…" not in words


@sync
async def test_several_are_ticked_with_space_in_list_order() -> None:
    app = Harness(multiple=True)
    async with app.run_test() as pilot:
        ticks = app.query_one(TickList)
        ticks.focus()
        await pilot.press("space")  # the cursor starts on the ticked item: water off
        await pilot.press("up", "space")  # ride
        await pilot.press("down", "down", "space")  # snack
        assert ticks.selected == ["ride", "snack"]
        assert app.changes == [[], ["ride"], ["ride", "snack"]]


@sync
async def test_one_is_chosen_and_a_click_chooses() -> None:
    app = Harness(multiple=False)
    async with app.run_test() as pilot:
        ticks = app.query_one(TickList)
        ticks.focus()
        await pilot.pause()
        assert ticks.highlighted == 1, "the chosen answer is where the cursor starts"
        await pilot.press("down", "enter")
        assert ticks.selected == ["snack"]
        await pilot.click(TickRow, offset=(2, 0))
        assert ticks.selected == ["ride"]
        assert app.changes == [["snack"], ["ride"]]
