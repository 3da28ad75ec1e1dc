"""Scoring, bands, conditions and the alert of a questionnaire, and its score in the journal:
plain Python on the real loader and the real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.journal import open_journal
from companion.journal.codec import score_of, score_text, value_of, value_text
from companion.run.flow import Flow
from companion.run.run import Run
from companion.script.loader import load_script
from companion.script.model import LoadedScript, QuestionnaireStep, Script
from tests.helpers.scripts import DATA, TRACKS, load_text, with_steps

MOOD = DATA / "questionnaires" / "mood.yaml"


def mood() -> tuple[LoadedScript, QuestionnaireStep]:
    result = load_script(MOOD, TRACKS)
    assert result.script is not None
    step = result.script.step("mood")
    assert isinstance(step, QuestionnaireStep)
    return LoadedScript(result.script, MOOD, result.sha256, "extra"), step


def render(text: str) -> str:
    return text


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ({"sleep": 0, "unsafe": 0}, 0, "Light"),
        ({"sleep": 2, "unsafe": 0}, 2, "Light"),
        ({"sleep": 2, "unsafe": 1}, 3, "Heavy"),
        ({"sleep": 3, "unsafe": 3}, 6, "Heavy"),
        ({"sleep": 3}, None, None),
        ({}, None, None),
    ],
)
def test_total_and_band(answers: dict[str, int], total: int | None, band: str | None) -> None:
    _, step = mood()
    assert step.total(answers) == total
    assert step.band_of(step.total(answers)) == band
    assert (step.lowest, step.highest) == (0, 6)


def test_values_that_are_not_offered_or_items_that_do_not_exist_do_not_count() -> None:
    _, step = mood()
    assert step.given({"sleep": 7, "unsafe": 1, "other": 2}) == {"unsafe": 1}
    assert step.total({"sleep": 7, "unsafe": 1}) is None


def test_multiply_scales_the_total_and_the_range(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        with_steps(
            """\
            - id: well
              type: questionnaire
              answers: [{value: 0, text: Never}, {value: 5, text: Always}]
              items: [{id: a, text: A}, {id: b, text: B}]
              multiply: 10
              bands: [{up_to: 40, label: Low}, {up_to: 100, label: High}]
            """
        ),
    )
    assert result.problems == []
    assert result.script is not None
    step = result.script.step("well")
    assert isinstance(step, QuestionnaireStep)
    assert (step.lowest, step.highest) == (0, 100)
    assert step.total({"a": 5, "b": 0}) == 50
    assert step.band_of(50) == "High"


def test_in_words_has_the_total_and_band_first_then_each_answer() -> None:
    _, step = mood()
    words = step.in_words({"sleep": 2, "unsafe": 1}, render)
    assert words.splitlines() == [
        "Total 3 of 6: Heavy",
        "I slept badly: Most days",
        "I had thoughts of not wanting to be here: Some days",
    ]
    assert step.in_words({"sleep": 2}, render).splitlines()[0] == (
        "1 of 2 answered, so no total yet"
    )
    assert step.in_words(None, render) == "Skipped"


def test_the_alert_item_offers_support_at_its_value_and_above_only() -> None:
    _, step = mood()
    assert not step.offers_support({"sleep": 3})
    assert not step.offers_support({"sleep": 3, "unsafe": 0})
    assert step.offers_support({"unsafe": 1})
    assert step.offers_support({"sleep": 0, "unsafe": 3})
    assert not step.offers_support(None)


def test_waiting_for_asks_for_every_item_or_a_skip() -> None:
    _, step = mood()
    assert step.waiting_for(None) is None  # optional: going on without answering is a choice
    assert step.waiting_for({"sleep": 1, "unsafe": 0}) is None
    reason = step.waiting_for({"sleep": 1})
    assert reason is not None and "1 question is still unanswered" in reason and "Skip" in reason


def test_a_required_questionnaire_waits_for_every_item(tmp_path: Path) -> None:
    text = MOOD.read_text(encoding="utf-8").replace("care_team: true", "care_team: true\n    optional: false")  # fmt: skip
    result = load_text(tmp_path, text)
    assert result.script is not None
    flow = Flow(result.script)
    assert not flow.can_skip
    assert flow.next() == "2 questions are still unanswered. Answer each one to go on, when you are ready."  # fmt: skip
    flow.answer("mood", {"sleep": 1, "unsafe": 0})
    assert flow.next() is None


def visible(script: Script, answers: dict[str, int] | None) -> list[str]:
    flow = Flow(script, {} if answers is None else {"mood": answers})
    return [s.id for s in flow.visible]


def test_later_steps_show_for_a_band_or_a_total() -> None:
    loaded, _ = mood()
    script = loaded.script
    assert visible(script, {"sleep": 3, "unsafe": 1}) == ["mood", "heavy"]
    assert visible(script, {"sleep": 1, "unsafe": 0}) == ["mood", "light"]
    # No total until every item is answered: neither a band nor a total holds yet.
    assert visible(script, {"sleep": 3}) == ["mood"]
    assert visible(script, None) == ["mood"]


def test_a_run_records_each_item_with_its_score_in_the_real_journal() -> None:
    loaded, _ = mood()
    with open_journal() as store:
        run = Run.start(loaded, store)
        run.record(loaded.script.step("mood"), {"sleep": 2})
        kept = store.answers(run.run_id)["mood"]
        assert kept.value == {"sleep": 2}
        assert kept.score is not None and kept.score.total is None
        run.record(loaded.script.step("mood"), {"sleep": 2, "unsafe": 1})
        run_id = run.run_id
    with open_journal() as store:
        kept = store.answers(run_id)["mood"]
        assert kept.value == {"sleep": 2, "unsafe": 1}
        assert kept.display.startswith("Total 3 of 6: Heavy")
        score = kept.score
        assert score is not None
        assert (score.total, score.band, score.lowest, score.highest) == (3, "Heavy", 0, 6)
        assert [(i.id, i.value, i.answer) for i in score.items] == [
            ("sleep", 2, "Most days"),
            ("unsafe", 1, "Some days"),
        ]
        assert score.choices[0] == (0, "Never")
        assert score.bands == ((2, "Light"), (6, "Heavy"))
        assert store.trend("mood-week", "mood") == [(kept.answered_at, 3)]


def test_resuming_a_run_brings_the_items_back() -> None:
    loaded, _ = mood()
    with open_journal() as store:
        run = Run.start(loaded, store)
        run.record(loaded.script.step("mood"), {"sleep": 2})
        again = Run.resume(loaded, store, run.run_id)
        assert again.flow.answers["mood"] == {"sleep": 2}


def test_a_changed_script_does_not_change_a_kept_score(tmp_path: Path) -> None:
    loaded, step = mood()
    changed_path = tmp_path / "mood.yaml"
    changed_path.write_text(
        MOOD.read_text(encoding="utf-8")
        .replace("label: Heavy", "label: Hard going")
        .replace("band: Heavy", "band: Hard going"),
        "utf-8",
    )
    result = load_script(changed_path, TRACKS)
    assert result.script is not None
    changed = LoadedScript(result.script, changed_path, result.sha256, "extra")
    with open_journal() as store:
        first = Run.start(loaded, store)
        first.record(step, {"sleep": 3, "unsafe": 3})
        second = Run.start(changed, store)
        second.record(changed.script.step("mood"), {"sleep": 3, "unsafe": 3})
        old = store.answers(first.run_id)["mood"].score
        new = store.answers(second.run_id)["mood"].score
    assert old is not None and new is not None
    assert (old.band, new.band) == ("Heavy", "Hard going")
    assert old.definition != new.definition


@pytest.mark.parametrize("value", [{"a": 1, "b": 0}, {"only": 3}])
def test_questionnaire_values_round_trip_through_the_codec(value: dict[str, int]) -> None:
    assert value_of(value_text(value)) == value


@pytest.mark.parametrize("text", ['{"a": true}', '{"a": "1"}', '{"a": 1.5}', "{}"])
def test_stored_questionnaire_values_that_are_not_answers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        value_of(text)


def test_scores_round_trip_through_the_codec() -> None:
    _, step = mood()
    score = step.scored({"sleep": 1, "unsafe": 3}, render)
    assert score is not None
    text = score_text(score)
    assert text is not None
    assert score_of(text) == score
