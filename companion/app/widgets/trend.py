"""A check-in chart drawn with block characters: one bar per answer, dates underneath."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from textual.content import Content
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Eighths of a cell, from empty to full."""

Point = tuple[date | datetime, int]


def short_date(when: date | datetime) -> str:
    """``3 Mar`` in local time (``3 Mar 25`` would be ambiguous, so years are left to the caption)."""
    if isinstance(when, datetime):
        when = when.astimezone().date()
    return f"{when.day} {when:%b}"


def fit(points: Sequence[Point], width: int) -> tuple[list[Point], int]:
    """The most recent points that fit in ``width`` columns, and the columns each bar gets
    (its bar plus a gap of one)."""
    if not points or width < 2:
        return [], 2
    slot = max(2, min(5, width // len(points)))
    shown = list(points[-(width // slot) :])
    return shown, slot


BAND_ROOM = 20
"""Columns at most for the band names on the right of a questionnaire's chart."""


def band_labels(bands: Sequence[tuple[int, str]], low: int, high: int, height: int) -> list[str]:
    """For each row from the bottom, the name of the band it starts (else ""): a row belongs to
    the band of the total at its middle, and a band is named on its lowest row."""
    span = max(high - low, 1)
    labels = []
    previous = None
    for row in range(height):
        middle = low + span * (row + 0.5) / height
        band = next((label for up_to, label in bands if middle <= up_to + 0.5), None)
        labels.append(band if band is not None and band != previous else "")
        previous = band
    return labels


def chart_rows(
    points: Sequence[Point],
    low: int,
    high: int,
    width: int = 76,
    height: int = 8,
    infusions: Sequence[int | None] = (),
    bands: Sequence[tuple[int, str]] = (),
) -> list[str]:
    """The chart as lines of text, at most ``width`` columns: ``height`` rows of bars with the
    scale's ``high`` and ``low`` written on the left, an axis, and dates under the first and
    last bars (and one in the middle when there is room). Only the newest points that fit are
    drawn; a value at ``low`` has no bar, only its mark on the axis. With ``bands`` (a
    questionnaire's), each band is named on the right, level with where it starts."""
    gutter = max(len(str(low)), len(str(high))) + 1
    names = band_labels(bands, low, high, height) if bands else []
    room = min(BAND_ROOM, max((len(n) for n in names), default=0))
    label_width = room + 3 if room else 0
    shown, slot = fit(points, width - gutter - 1 - label_width)
    span = max(high - low, 1)
    bar = slot - 1
    columns: list[str] = []  # one string per bar, bottom row first
    for _, value in shown:
        eighths = round((min(max(value, low), high) - low) / span * height * 8)
        cells = []
        for row in range(height):
            part = min(max(eighths - row * 8, 0), 8)
            cells.append(BLOCKS[part])
        columns.append("".join(cells))
    rows = []
    for row in reversed(range(height)):
        label = str(high) if row == height - 1 else str(low) if row == 0 else ""
        tick = "┤" if label else "│"
        body = "".join(col[row] * bar + " " for col in columns)
        line = f"{label:>{gutter - 1}} {tick}{body}"
        if names and names[row]:
            name = names[row] if len(names[row]) <= room else names[row][: room - 1] + "…"
            line = line.ljust(width - label_width) + " ├ " + name
        rows.append(line.rstrip())
    axis = "".join("┴" + "─" * bar for _ in columns)
    rows.append(f"{'':>{gutter - 1}} └{axis}"[:width].rstrip())
    if any(n is not None for n in infusions):
        numbers = list(infusions)[len(points) - len(shown) :]
        rows.append(_number_line(numbers, slot, gutter + 1, width))
    rows.append(_date_line(shown, slot, gutter + 1, width))
    return rows


def _number_line(numbers: Sequence[int | None], slot: int, offset: int, width: int) -> str:
    """Each bar's infusion number under it, once for the bars of one infusion."""
    line = [" "] * width
    free = 0
    for index, number in enumerate(numbers):
        if number is None or (index and numbers[index - 1] == number):
            continue
        text = str(number)
        start = offset + index * slot
        if start < free or start + len(text) > width:
            continue
        line[start : start + len(text)] = text
        free = start + len(text) + 1
    return "".join(line).rstrip()


def _date_line(shown: Sequence[Point], slot: int, offset: int, width: int) -> str:
    if not shown:
        return ""
    line = [" "] * width
    placed: list[tuple[int, int]] = []

    def place(index: int, align_right: bool) -> None:
        text = short_date(shown[index][0])
        start = offset + index * slot
        if align_right:
            start = min(start + slot - 1, width) - len(text)
        start = max(0, min(start, width - len(text)))
        end = start + len(text)
        if any(start <= b + 1 and a <= end + 1 for a, b in placed):
            return
        placed.append((start, end))
        line[start:end] = text

    place(0, False)
    if len(shown) > 1:
        place(len(shown) - 1, True)
    if len(shown) > 2:
        place(len(shown) // 2, False)
    return "".join(line).rstrip()


class TrendChart(Static):
    """Shows :func:`chart_rows` for the points it is given."""

    DEFAULT_CSS = """
    TrendChart {
        height: auto;
        color: $secondary;
    }
    """

    def show(
        self,
        points: Sequence[Point],
        low: int,
        high: int,
        width: int = 72,
        infusions: Sequence[int | None] = (),
        bands: Sequence[tuple[int, str]] = (),
    ) -> None:
        if not points:
            self.update("Nothing written here yet.")
            return
        rows = chart_rows(points, low, high, width, infusions=infusions, bands=bands)
        self.update(Content("\n".join(rows)))
