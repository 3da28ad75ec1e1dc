"""The check-in chart as text: bars scaled to the scale's ends, labels, dates, fitting the width."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from companion.app.widgets.trend import BLOCKS, chart_rows, fit, short_date

DAYS = [date(2026, 3, 1) + timedelta(days=7 * i) for i in range(6)]


def test_bars_reach_the_top_at_the_highest_value_and_nothing_at_the_lowest() -> None:
    rows = chart_rows([(DAYS[0], 10), (DAYS[1], 0), (DAYS[2], 5)], 0, 10, height=4)
    assert rows[0].startswith("10 ┤")
    assert rows[3].startswith(" 0 ┤")
    assert all(row.startswith("   │") for row in rows[1:3])
    bodies = [row[4:].ljust(14) for row in rows[:4]]  # top row first; bars 4 wide, gaps of 1
    assert [b[0:4] for b in bodies] == ["████"] * 4  # 10 of 10: full height
    assert [b[5:9] for b in bodies] == ["    "] * 4  # 0: no bar, only its mark on the axis
    assert [b[10:14] for b in bodies] == ["    ", "    ", "████", "████"]  # 5: half


def test_partial_rows_use_eighth_blocks() -> None:
    rows = chart_rows([(DAYS[0], 1)], 0, 8, height=1)
    # 1 of 8 on a one-row chart is one eighth of a cell.
    assert BLOCKS[1] in rows[0]


def test_axis_and_dates_follow_the_bars() -> None:
    rows = chart_rows([(d, 3) for d in DAYS], 0, 10, width=60)
    axis, dates = rows[-2], rows[-1]
    assert axis.startswith("   └┴")
    assert axis.count("┴") == len(DAYS)
    assert dates.lstrip().startswith("1 Mar")
    assert dates.rstrip().endswith("5 Apr")
    assert "22 Mar" in dates  # the middle one, when there is room


def test_never_wider_than_asked_and_keeps_the_newest() -> None:
    many = [(date(2020, 1, 1) + timedelta(days=i), i % 11) for i in range(500)]
    rows = chart_rows(many, 0, 10, width=76)
    assert max(len(r) for r in rows) <= 76
    shown, slot = fit(many, 76 - 4)
    assert slot == 2 and len(shown) == 36
    assert shown[-1] == many[-1]
    assert rows[-1].rstrip().endswith(short_date(many[-1][0]))


def test_negative_scales_and_values_outside_are_clamped() -> None:
    rows = chart_rows([(DAYS[0], -5), (DAYS[1], 9), (DAYS[2], -9)], -5, 5, height=2)
    assert rows[0].startswith(" 5 ┤")
    assert rows[1].startswith("-5 ┤")
    assert rows[1][4:8] == "    " and rows[0][9:13] == "████"  # -5 at the bottom, 9 clamped to 5
    assert max(len(r) for r in rows) <= 76


def test_dates_are_local_days() -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert short_date(late) == short_date(late.astimezone())
    assert short_date(date(2026, 12, 25)) == "25 Dec"


def test_no_points_draws_an_empty_frame() -> None:
    rows = chart_rows([], 0, 10)
    assert rows[0].startswith("10 ┤") and rows[-1] == ""
