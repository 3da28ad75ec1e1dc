"""Check-in trends: one scale step's answers over time, drawn as bars with their dates."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from companion.app.literal import join, literal
from companion.app.widgets.trend import BAND_ROOM, TrendChart, fit
from companion.journal.series import Series

CHART_WIDTH = 72


def series_option(index: int, series: Series) -> Option:
    count = "1 answer" if len(series.points) == 1 else f"{len(series.points)} answers"
    return Option(
        join(literal(series.title, "bold"), " · ", series.prompt, " ", f"({count})"),
        id=f"series:{index}",
    )


def caption(series: Series, width: int = CHART_WIDTH) -> str:
    room = len(str(series.high)) + 2
    if series.bands:
        room += min(BAND_ROOM, max(len(label) for _, label in series.bands)) + 3
    shown, _ = fit(series.points, width - room)
    first = series.points[-len(shown)][0].astimezone()
    last = series.points[-1][0].astimezone()
    years = str(first.year) if first.year == last.year else f"{first.year} to {last.year}"
    ends = f" {series.ends}." if series.ends else " Higher bars are higher numbers."
    if any(number is not None for number in series.infusions):
        ends += " The small numbers under the bars are your infusions."
    if series.bands:
        ends += " Each band is named on the right where it starts."
    if len(shown) < len(series.points):
        return f"The last {len(shown)} of {len(series.points)} answers, {years}.{ends}"
    return f"Every answer, {years}.{ends}"


class TrendScreen(Screen[None]):
    CSS_PATH = "trends.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back to my journal"),
    ]

    def __init__(self, series: list[Series]) -> None:
        super().__init__()
        self.series = series

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("Check-ins over time", id="trend-title")
            if not self.series:
                yield Static(
                    "When you have answered a check-in scale, your answers will be drawn here"
                    " over time.",
                    id="trend-empty",
                )
            else:
                yield OptionList(
                    *[series_option(i, s) for i, s in enumerate(self.series)], id="series"
                )
                yield Static("", id="trend-prompt")
                yield TrendChart(id="chart")
                yield Static("", id="trend-caption")
        yield Footer()

    def on_mount(self) -> None:
        if self.series:
            choices = self.query_one("#series", OptionList)
            choices.focus()
            choices.highlighted = 0
            self.show(0)

    @on(OptionList.OptionHighlighted, "#series")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show(event.option_index)

    def show(self, index: int) -> None:
        series = self.series[index]
        self.query_one("#trend-prompt", Static).update(literal(series.prompt))
        chart = self.query_one(TrendChart)
        chart.show(
            series.points, series.low, series.high, CHART_WIDTH, series.infusions, series.bands
        )
        self.query_one("#trend-caption", Static).update(literal(caption(series)))
