"""A questionnaire in the real app: answered by keyboard (number keys, arrows), the alert that
opens support with the crisis line, going on afterwards, the summary, My journal and the trend
of totals; snapshots at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from companion.app.app import CompanionApp
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.app.screens.support import SupportScreen
from companion.app.widgets.steps.questionnaire import ItemAnswers, QuestionnaireView
from companion.journal import SqliteStore, open_journal
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.script.library import Library
from tests.helpers.apps import make_app, open_first, sync
from tests.helpers.journals import T0
from tests.helpers.questionnaires import MOOD, all_items, answer_run, filled_script, loaded

pytestmark = pytest.mark.usefixtures("utc")

SMALL = (80, 24)
LARGE = (120, 40)


def library() -> Library:
    lib = Library()
    script = loaded(MOOD)
    lib.scripts[script.script.id] = script
    return lib


def mood_app(store: MemoryStore | SqliteStore | None = None) -> CompanionApp:
    return make_app(store, library=library())


def view(pilot: Pilot[Any]) -> QuestionnaireView:
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen)
    return screen.query_one(QuestionnaireView)


def shown(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


@sync
async def test_number_keys_answer_each_item_and_move_on() -> None:
    store = MemoryStore()
    app = mood_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        assert shown(pilot, "#item-count") == "Question 1 of 2"
        assert shown(pilot, "#item-text") == "I slept badly"
        assert isinstance(app.focused, ItemAnswers)
        await pilot.press("2")
        await pilot.pause()
        run_id = store.runs()[0].id
        assert store.answers(run_id)["mood"].value == {"sleep": 2}  # kept the moment it is given
        assert shown(pilot, "#item-count") == "Question 2 of 2 · 1 answered"
        await pilot.press("0")
        await pilot.pause()
        kept = store.answers(run_id)["mood"]
        assert kept.value == {"sleep": 2, "unsafe": 0}
        assert kept.score is not None and (kept.score.total, kept.score.band) == (2, "Light")
        assert "Every question is answered" in shown(pilot, "#item-done")
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.run.flow.current.id == "light"  # shown only for a total of 2 or less
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        texts = [str(s.render()) for s in app.screen.query(".answer").results(Static)]
        assert any("Total 2 of 6: Light" in t for t in texts)


@sync
async def test_arrows_and_enter_answer_and_left_goes_back_to_change_an_answer() -> None:
    store = MemoryStore()
    app = mood_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert view(pilot).answers == {"sleep": 2}
        await pilot.press("left")
        await pilot.pause()
        assert shown(pilot, "#item-count") == "Question 1 of 2 · 1 answered"
        assert app.screen.query_one(ItemAnswers).chosen == 2
        await pilot.press("3")
        await pilot.pause()
        assert view(pilot).answers == {"sleep": 3}
        assert store.answers(store.runs()[0].id)["mood"].value == {"sleep": 3}


@sync
async def test_next_before_every_item_is_answered_says_so_gently_and_stays() -> None:
    app = mood_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        await pilot.press("1", "ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run.flow.current.id == "mood"
        assert "1 question is still unanswered" in shown(pilot, "#note")


@sync
async def test_skip_leaves_the_whole_questionnaire_out() -> None:
    store = MemoryStore()
    app = mood_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # no total: no band step shows
        assert store.answers(store.runs()[0].id)["mood"].value is None


@sync
async def test_the_alert_opens_support_with_the_crisis_line_and_the_patient_goes_on() -> None:
    app = mood_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        await pilot.press("0")
        await pilot.pause()
        assert not isinstance(app.screen, SupportScreen)  # the first item is not watched
        await pilot.press("2")
        await pilot.pause()
        support = app.screen
        assert isinstance(support, SupportScreen)
        assert support.offered
        care_team = [(c.label, c.contact) for c in support.view.care_team]
        assert ("A crisis line", "Call or text 988, day or night") in care_team
        assert support.view.crisis, "an alert item offers the crisis lines in full"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert view(pilot).answers == {"sleep": 0, "unsafe": 2}
        await pilot.press("left", "right", "3")  # answering again does not open it again
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.run.flow.current.id == "heavy"


@sync
async def test_a_resumed_run_opens_on_the_first_unanswered_item(tmp_path: Path) -> None:
    store = MemoryStore()
    app = mood_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot, "Weekly check-in")
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await screen.show_step()  # as when the run is opened again
        await pilot.pause()
        assert shown(pilot, "#item-count") == "Question 2 of 2 · 1 answered"


def answer_first(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_first(pilot, "Weekly check-in")
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_snapshot_an_item(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(mood_app(), terminal_size=size, run_before=answer_first("2"))


def test_snapshot_the_alert(snap_compare: Any) -> None:
    assert snap_compare(mood_app(), terminal_size=SMALL, run_before=answer_first("2", "1"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_snapshot_the_summary(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = ("2", "1", "escape", "ctrl+n", "ctrl+n")
    assert snap_compare(mood_app(), terminal_size=size, run_before=answer_first(*keys))


def course_journal(tmp_path: Path) -> SqliteStore:
    """PHQ-9 every two weeks across a course, totals falling."""
    phq = filled_script(tmp_path, "phq-9")
    step = next(s for s in phq.script.steps)
    store = open_journal(locations())
    for week, value in enumerate([3, 3, 2, 2, 1, 1, 0]):
        answers = all_items(step, value)  # type: ignore[arg-type]
        answers["item-1"] = max(0, value - 1)
        # each PHQ-9 the day before an infusion of the course, every two weeks
        infusion = store.add_infusion(T0 + timedelta(weeks=2 * week, days=1))
        answer_run(store, phq, answers, 2 * week, infusion_id=infusion)
    return store


def course_app(tmp_path: Path) -> CompanionApp:
    store = course_journal(tmp_path)
    lib = Library()
    phq = filled_script(tmp_path, "phq-9")
    lib.scripts[phq.script.id] = phq
    return make_app(store, library=lib)


def in_trends() -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.open_journal()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_snapshot_the_trend_of_totals(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(course_app(tmp_path), terminal_size=size, run_before=in_trends())


@sync
async def test_the_trend_of_totals_has_every_total_and_names_the_bands(tmp_path: Path) -> None:
    app = course_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await in_trends()(pilot)
        from companion.app.screens.trends import TrendScreen

        screen = app.screen
        assert isinstance(screen, TrendScreen)
        (series,) = screen.series
        assert [v for _, v in series.points] == [26, 26, 17, 17, 8, 8, 0]
        assert series.infusions == [1, 2, 3, 4, 5, 6, 7]  # the totals across the course
        chart = str(screen.query_one("#chart", Static).render())
        for band in ("Minimal", "Mild", "Moderate", "Moderately severe", "Severe"):
            assert f"├ {band}" in chart
        assert "Each band is named on the right" in shown(pilot, "#trend-caption")


@sync
async def test_my_journal_shows_the_total_and_band_with_the_date(tmp_path: Path) -> None:
    app = course_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        from companion.app.screens.journal_run import JournalRunScreen

        screen = app.screen
        assert isinstance(screen, JournalRunScreen)
        assert "24 May 2026" in str(screen.query_one("#run-when", Static).render())
        answers = [str(s.render()) for s in screen.query(".answer").results(Static)]
        assert answers[0].splitlines()[0] == "Total 0 of 27: Minimal"


def test_snapshot_my_journal_run(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.open_journal()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap_compare(course_app(tmp_path), terminal_size=SMALL, run_before=run_before)


def test_number_keys_are_the_values_when_each_is_one_digit_else_the_places(
    tmp_path: Path,
) -> None:
    from companion.app.widgets.steps.questionnaire import answer_keys
    from companion.script.model import AnswerChoice, QuestionnaireItem, QuestionnaireStep

    def step(values: list[int]) -> QuestionnaireStep:
        return QuestionnaireStep(
            id="q",
            type="questionnaire",
            answers=tuple(AnswerChoice(value=v, text=f"A{v}") for v in values),
            items=(QuestionnaireItem(id="i", text="I"),),
        )

    assert answer_keys(step([0, 1, 2, 3])) == ["0", "1", "2", "3"]
    assert answer_keys(step([1, 2, 3, 4, 5])) == ["1", "2", "3", "4", "5"]
    assert answer_keys(step([0, 10, 20])) == ["1", "2", "3"]
    assert answer_keys(step(list(range(0, 110, 10)))) == [""] * 11
