"""What the patient can begin from: the scripts for before and after an infusion, the one whose
time has come, and a run to continue. Worked out here, without Textual, for any front end."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from companion.course.rules import (
    Course,
    CourseSettings,
    ready_after,
    ready_before,
    suggested_before,
)
from companion.course.words import next_line
from companion.journal.model import Infusion, RunInfo, Store
from companion.script.cards import LibraryIndex, ScriptCard, unavailable_titles

if TYPE_CHECKING:
    from companion.run.run import Run
    from companion.script.library import Library
    from companion.script.model import LoadedScript


class HomeData(NamedTuple):
    """Everything the home screen shows, from the library and the journal."""

    before: list[ScriptCard]
    """Before-scripts, those meant for the coming infusion first."""
    after: list[ScriptCard]
    """After-scripts, the ready ones first (the most recently due first)."""
    ready: tuple[str, ...]
    """The ids of the scripts whose time has come and that are not yet done."""
    unfinished: list[tuple[RunInfo, str]]
    """Runs to continue, each with a line saying where the patient was."""
    unavailable: list[str]
    """A line for each script that could not be loaded, in words for the patient."""
    course_line: str = ""
    """The next infusion, or an invitation to add it."""
    back_from: Infusion | None = None
    """The infusion the patient may be coming back from ("I'm back" records its end)."""


NOBODY_WATCHES = (
    "Nobody sees what you write here unless you share it, and nobody watches this app: it is "
    "not an emergency service."
)
"""Said by every front end where the patient begins (the plain mode adds its own way to reach
people: typing help)."""
ABOUT_THE_APP = f"{NOBODY_WATCHES} F1 shows who you can reach."
"""What the home screen says about the app itself, at first start and every time after. The
people to reach are the scripts' own support entries, shown by F1; the app names nobody."""

UNAVAILABLE = "not available just now. Please tell your care team."
"""What the patient reads about a script that could not be loaded (the therapist's reasons are
in ``companion scripts`` and ``companion validate``)."""


def unavailable_lines(library: Library | LibraryIndex) -> list[str]:
    """One line per broken script, named by its title where it has one: "Before your next
    infusion: not available just now. Please tell your care team." """
    titles = (
        library.unavailable if isinstance(library, LibraryIndex) else unavailable_titles(library)
    )
    lines = {f"{title or 'One part of the companion'}: {UNAVAILABLE}": None for title in titles}
    return list(lines)


def unfinished_runs(library: Library | LibraryIndex, store: Store) -> list[tuple[RunInfo, str]]:
    """Runs that can be continued (their script is still here), each with a line saying where
    the patient was, in the journal's order. Builds the whole library (from an index) only when
    the journal holds an unfinished run."""
    found = []
    for info in store.unfinished():
        if isinstance(library, LibraryIndex):
            library = library.library
        scripts = library.scripts
        if info.script_id in scripts:
            from companion.run.run import Run  # the flow: only when there is a run to continue

            run = Run.resume(scripts[info.script_id], store, info.id)
            found.append((info, f"You were at {run.flow.progress.label.lower()}"))
    return found


def home_data(
    library: Library | LibraryIndex,
    store: Store,
    now: datetime,
    settings: CourseSettings | None = None,
) -> HomeData:
    """What home offers now: one unfinished run at most, the scripts whose time has come.
    Drawn from the library's index: the script model is not needed for it."""
    index = library if isinstance(library, LibraryIndex) else LibraryIndex.of(library)
    cards = index.cards
    course = Course.of(store, settings)
    runs = store.runs()
    ready = (*ready_before(course, cards, runs, now), *ready_after(course, cards, runs, now))
    suggested = suggested_before(course, cards, now)
    before = [card for card in cards if card.phase == "before"]
    after = [card for card in cards if card.phase == "after"]
    rank = {script_id: place for place, script_id in enumerate(ready)}
    return HomeData(
        before=sorted(before, key=lambda c: (c.id not in suggested, c.id not in rank)),
        after=sorted(after, key=lambda c: rank.get(c.id, len(rank))),
        ready=ready,
        unfinished=unfinished_runs(index, store)[:1],
        unavailable=unavailable_lines(index),
        course_line=next_line(course, now),
        back_from=course.in_progress(now),
    )


def start_run(
    loaded: LoadedScript, store: Store, now: datetime, settings: CourseSettings | None = None
) -> Run:
    """Begin a run of ``loaded`` in the journal, tied to the infusion it belongs to (if any):
    what choosing a script on home does, in every front end."""
    from companion.run.run import Run

    infusion = Course.of(store, settings).infusion_for(loaded.script, now)
    return Run.start(loaded, store, infusion_id=None if infusion is None else infusion.id)
