"""What the journal screens read, worked out without Textual: the check-in series, search when
the store can do it, and where an export for the therapist goes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from companion.journal.model import Store
from companion.journal.search import SearchHit
from companion.paths import HOME_ENV
from companion.script.library import Library
from companion.script.model import ScaleStep

Search = Callable[[str], list[SearchHit]]
Trend = Callable[[str, str], list[tuple[datetime, int]]]


@dataclass(frozen=True)
class Series:
    """One scale step of one script, answered over time."""

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


def search_of(store: Store) -> Search | None:
    """The store's full-text search, or ``None`` when it has none (a preview's memory store)."""
    search = getattr(store, "search", None)
    if search is None:
        return None
    return lambda query: list(search(query, 100))


def trend_of(store: Store) -> Trend | None:
    trend = getattr(store, "trend", None)
    return trend if callable(trend) else None


def scale_series(library: Library, store: Store) -> list[Series]:
    """Every scale step of the scripts in use that has at least one answer; the most answered
    first (the one with the longest story to tell), then in the library's order."""
    trend = trend_of(store)
    if trend is None:
        return []
    found = []
    for loaded in library.scripts.values():
        script = loaded.script
        for step in script.steps:
            if not isinstance(step, ScaleStep):
                continue
            points = trend(script.id, step.id)
            if points:
                prompt = script.render(step.prompt or step.title or step.id)
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
                        points,
                        ", ".join(ends),
                    )
                )
    return sorted(found, key=lambda series: -len(series.points))


def export_folder(environ: dict[str, str] | None = None) -> Path:
    """Where "Export for my therapist" writes: ``$COMPANION_HOME`` when it is set (tests and
    demos), else the user's documents folder when there is one, else the home folder."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def export_path(folder: Path, today: date) -> Path:
    """``companion-journal-2026-05-04.md``, or ``...-2.md`` and so on when that name is taken."""
    stem = f"companion-journal-{today.isoformat()}"
    path = folder / f"{stem}.md"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.md"
        number += 1
    return path
