"""Trends carry the infusion number of each answer: from the journal (a real SQLite file) to
the series, and onto the chart's axis under the bars."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from companion.app.widgets.trend import chart_rows
from companion.journal.model import numbered
from companion.journal.opening import open_journal
from companion.journal.series import scale_series, trend_of
from tests.helpers.apps import fixture_library
from tests.helpers.journals import T0, answer, run_info


def test_series_points_know_their_infusion_number() -> None:
    with open_journal() as store:
        second = store.add_infusion(T0 + timedelta(days=7))
        first = store.add_infusion(T0)
        for day, level, infusion in [(0, 7, first), (1, 5, first), (8, 3, second), (20, 2, None)]:
            store.add_run(
                run_info(day, script_id="test-before")._replace(infusion_id=infusion),
                [answer("anxiety", level, step_type="scale", at=T0 + timedelta(days=day))],
            )
        assert [p[2] for p in store.trend_points("test-before", "anxiety")] == [
            first,
            first,
            second,
            None,
        ]
        assert store.trend("test-before", "anxiety")[0] == (T0, 7)
        trend = trend_of(store)
        assert trend is not None
        numbers = {infusion.id: n for n, infusion in numbered(store.infusions())}
        (series,) = scale_series(fixture_library(False), trend, numbers)
        assert series.infusions == [1, 1, 2, None]
        assert [value for _, value in series.points] == [7, 5, 3, 2]


def test_the_chart_writes_each_infusion_number_once_under_its_bars() -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    points = [(start + timedelta(days=d), v) for d, v in enumerate([7, 5, 3, 2, 4])]
    rows = chart_rows(points, 0, 10, width=40, height=4, infusions=[1, 1, 2, None, 12])
    numbers = rows[-2]
    # Bars are 5 columns apart from column 4: numbers sit under the first bar of each infusion.
    assert numbers == "    1         2         12"
    assert rows[-1].startswith("    1 Mar")
    plain = chart_rows(points, 0, 10, width=40, height=4)
    assert len(plain) == len(rows) - 1
