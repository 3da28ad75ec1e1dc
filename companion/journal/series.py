"""What the journal shows besides the runs, worked out without Textual: the check-in series over
time, and search, when the store can do them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from companion.journal.model import Searchable, Store, Trending
from companion.journal.search import SearchHit
from companion.script.library import Library
from companion.script.model import QuestionnaireStep, ScaleStep

Search = Callable[[str], list[SearchHit]]
Trend = Callable[[str, str], list[tuple[datetime, int, int | None]]]
"""A scale step's answers over time, each with the id of its run's infusion (or ``None``)."""


@dataclass(frozen=True)
class Series:
    """One scale step of one script answered over time, or a questionnaire's totals."""

    script_id: str
    step_id: str
    title: str
    """The script's title, as the patient knows it."""
    prompt: str
    low: int
    high: int
    points: list[tuple[datetime, int]]
    ends: str = ""
    """What the scale's ends mean, when the script says: ``0 is Calm, 10 is Very anxious``."""
    infusions: list[int | None] = field(default_factory=list)
    """For each point, the number in the course of the infusion it was answered for."""
    bands: tuple[tuple[int, str], ...] = ()
    """A questionnaire's bands of totals, (up_to, label), ascending."""


def search_of(store: Store) -> Search | None:
    """The store's full-text search, or ``None`` when it has none (a preview's memory store)."""
    if not isinstance(store, Searchable):
        return None
    return lambda query: list(store.search(query, 100))


def trend_of(store: Store) -> Trend | None:
    """The store's series of one scale step over time, or ``None`` when it has none."""
    return store.trend_points if isinstance(store, Trending) else None


def scale_series(
    library: Library, trend: Trend, numbers: Mapping[int, int] | None = None
) -> list[Series]:
    """Every scale step and questionnaire of the scripts in use that has at least one answer
    (a questionnaire: one total); the most answered first (the one with the longest story to
    tell), then in the library's order. ``numbers`` gives each infusion id its number in the
    course."""
    numbers = numbers or {}
    found = []
    for loaded in library.scripts.values():
        script = loaded.script
        for step in script.steps:
            if isinstance(step, QuestionnaireStep):
                totals = trend(script.id, step.id)
                if totals:
                    found.append(
                        Series(
                            script.id,
                            step.id,
                            script.title,
                            f"{script.render(step.title or step.asked())} (the total)",
                            step.lowest,
                            step.highest,
                            [(at, total) for at, total, _ in totals],
                            f"Totals from {step.lowest} to {step.highest}",
                            [None if i is None else numbers.get(i) for _, _, i in totals],
                            tuple((b.up_to, script.render(b.label)) for b in step.bands),
                        )
                    )
                continue
            if not isinstance(step, ScaleStep):
                continue
            points = trend(script.id, step.id)
            if points:
                prompt = script.render(step.asked())
                ends = [
                    f"{value} is {script.render(label)}"
                    for value in (step.min, step.max)
                    if (label := step.label(value))
                ]
                found.append(
                    Series(
                        script.id,
                        step.id,
                        script.title,
                        prompt,
                        step.min,
                        step.max,
                        [(at, value) for at, value, _ in points],
                        ", ".join(ends),
                        [None if i is None else numbers.get(i) for _, _, i in points],
                    )
                )
    return sorted(found, key=lambda series: -len(series.points))
