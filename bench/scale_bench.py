"""Benchmark (not a test): the journal as it grows, up to ten years of a weekly course.

Ten years of weekly infusions, each with a before and an after run and check-ins between, is
about 5,000 runs (50,000 answers). For journals of 500, 1,000, 2,000 and 5,000 runs (the same
generated entries as bench/journal_bench.py), in this process: open the journal and list its
runs, search a word, export to Markdown, and the trends screen (the check-in series worked out
and the screen drawn at 80x24, headless). The curve is the time per run: at 5,000 runs against
500, about 1x means linear. Run it with ``.venv/bin/python -m bench.scale_bench``.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Row
from bench.journal_bench import SEARCH_WORD, build_companion, generate
from companion.journal import open_journal
from companion.journal.export import export_markdown
from companion.journal.series import Series, scale_series
from companion.journal.sqlite_store import SqliteStore
from companion.paths import Locations
from companion.script.library import Library, load_library

SIZES = (500, 1000, 2000, 5000)
REPEAT = 3

# The generated runs are check-ins of two scripts with three scales each: scripts of those ids,
# so that the trends screen has their series to draw.
CHECK_IN = """\
format: 1
id: {phase}-check-in
title: {title}
phase: {phase}
support:
  - {{label: Your care team, contact: Call the clinic}}
steps:
  - {{id: anxiety, type: scale, prompt: How anxious do you feel right now?, labels: {{0: Calm, 10: Very}}}}
  - {{id: mood, type: scale, prompt: How is your mood today?}}
  - {{id: sleep, type: scale, prompt: How did you sleep last night?}}
"""


def median_ms(action: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def trends_drawn(series: Callable[[], list[Series]]) -> float:
    """Work out the series and draw the trends screen at 80x24 (headless); ms to painted."""
    from textual.app import App

    from companion.app.screens.trends import TrendScreen

    async def go() -> float:
        app: App[None] = App()
        async with app.run_test(size=(80, 24)) as pilot:
            began = time.perf_counter()
            await app.push_screen(TrendScreen(series()))
            await pilot.pause()
            return (time.perf_counter() - began) * 1000

    return asyncio.run(go())


def measure(folder: Path) -> dict[int, dict[str, float]]:
    scripts = folder / "scripts"
    scripts.mkdir()
    for phase, title in (("before", "Before-session check-in"), ("after", "After the session")):
        (scripts / f"{phase}.yaml").write_text(CHECK_IN.format(phase=phase, title=title))
    entries = generate(max(SIZES))
    found: dict[int, dict[str, float]] = {}
    for size in SIZES:
        where: Locations = build_companion(folder / str(size), entries[:size])
        library = load_library([scripts], where)

        def opened(where: Locations = where) -> None:
            store = open_journal(where)
            store.runs()
            store.close()

        results = {"open": median_ms(opened)}
        with open_journal(where) as store:

            def series(store: SqliteStore = store, library: Library = library) -> list[Series]:
                return scale_series(library, store.trend_points)

            results |= {
                "search": median_ms(functools.partial(store.search, SEARCH_WORD, limit=None)),
                "export": median_ms(functools.partial(export_markdown, store)),
                "trends": statistics.median(trends_drawn(series) for _ in range(REPEAT)),
            }
        found[size] = results
        print(
            f"  {size:>5} runs: "
            + ", ".join(f"{name} {value:.1f} ms" for name, value in results.items())
        )
    return found


def rows(found: dict[int, dict[str, float]]) -> list[Row]:
    small, large = min(found), max(found)
    made = []
    for name, label in (
        ("open", "open the journal and list its runs"),
        ("search", f"search '{SEARCH_WORD}'"),
        ("export", "export to Markdown"),
        ("trends", "trends screen (series worked out, drawn at 80x24)"),
    ):
        curve = " · ".join(f"{size:,}: {found[size][name]:.0f} ms" for size in sorted(found))
        per_run = (found[large][name] / large) / (found[small][name] / small)
        middle = max(size for size in found if size < large)
        per_run_late = (found[large][name] / large) / (found[middle][name] / middle)
        made.append(
            Row(
                f"ten years of a weekly course ({large:,} runs): {label}, in-process",
                f"{found[large][name]:.0f} ms",
                f"curve {curve}; time per run at {large:,} vs {small:,}: {per_run:.2f}x, "
                f"vs {middle:,}: {per_run_late:.2f}x",
                "about linear or better (per run <= 1.3x)",
                "linear or better" if max(per_run, per_run_late) <= 1.3 else "worse than linear",
            )
        )
    return made


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as folder:
        return rows(measure(Path(folder)))


if __name__ == "__main__":
    for row in run():
        print(row)
