"""The flow engine on its own: conditions, visibility, moving about, progress, resume."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.run.flow import Flow, effective_answers, holds, looks_at, visible_steps
from companion.script.model import AllOf, AnswerValue, AnyOf, StepCondition, is_answered
from tests.helpers.scripts import fixture_script

BEFORE = fixture_script("before")


def ids(flow: Flow) -> list[str]:
    return [s.id for s in flow.visible]


@pytest.mark.parametrize(
    ("op", "wanted", "value", "expected"),
    [
        ("at_least", 5, 5, True),
        ("at_least", 5, 4, False),
        ("at_least", 5, None, False),
        ("at_least", 5, "7", False),
        ("at_most", 3, 3, True),
        ("at_most", 3, 4, False),
        ("at_most", 3, ["3"], False),
        ("includes", "a", ["a", "b"], True),
        ("includes", "a", ["b"], False),
        ("includes", "a", "a", False),
        ("includes", "a", None, False),
        ("checked", "x", ["x"], True),
        ("checked", "x", [], False),
        ("answered", True, "words", True),
        ("answered", True, "   ", False),
        ("answered", True, None, False),
        ("answered", True, [], False),
        ("answered", True, 0, True),
        ("answered", False, None, True),
        ("answered", False, "words", False),
    ],
)
def test_every_operator(op: str, wanted: object, value: object, expected: bool) -> None:
    condition = StepCondition("s", op, wanted)  # type: ignore[arg-type]
    assert holds(condition, {"s": value}) is expected  # type: ignore[dict-item]


def test_missing_step_counts_as_unanswered() -> None:
    assert holds(StepCondition("s", "answered", False), {})
    assert not holds(StepCondition("s", "at_least", 0), {})


def test_all_and_any_nest() -> None:
    high = StepCondition("a", "at_least", 5)
    picked = StepCondition("b", "includes", "x")
    cond = AllOf((high, AnyOf((picked, StepCondition("c", "answered", True)))))
    assert holds(cond, {"a": 6, "b": ["x"]})
    assert holds(cond, {"a": 6, "c": "yes"})
    assert not holds(cond, {"a": 6})
    assert not holds(cond, {"a": 2, "b": ["x"]})
    assert holds(AnyOf((high, picked)), {"b": ["x"]})
    assert not holds(AnyOf((high, picked)), {})


def test_is_answered() -> None:
    assert is_answered(0) and is_answered(["a"]) and is_answered("x")
    assert not is_answered(None) and not is_answered("") and not is_answered([])


def test_visible_steps_follow_answers() -> None:
    base = [s.id for s in visible_steps(BEFORE, {})]
    assert "calming" not in base and "feeling-ok" not in base and "clarity-note" not in base
    assert "no-answer" in base  # intention not answered yet
    shown = [s.id for s in visible_steps(BEFORE, {"anxiety": 7, "hopes": ["clarity"]})]
    assert "calming" in shown and "clarity-note" in shown and "feeling-ok" not in shown


def test_hidden_steps_answer_does_not_count() -> None:
    # clarity-note is hidden unless "clarity" is chosen; its kept answer is ignored meanwhile.
    answers: dict[str, AnswerValue] = {"hopes": ["relief"], "clarity-note": "some words"}
    assert "clarity-note" not in effective_answers(BEFORE, answers)
    answers["hopes"] = ["clarity"]
    assert effective_answers(BEFORE, answers)["clarity-note"] == "some words"


def test_hidden_condition_chain() -> None:
    # music-note needs the music item and (intention or hopes) answered.
    base: dict[str, AnswerValue] = {"bring": ["driver", "music"], "intention": "be curious"}
    assert "music-note" in [s.id for s in visible_steps(BEFORE, base)]
    assert "music-note" not in [s.id for s in visible_steps(BEFORE, {**base, "bring": ["driver"]})]
    only_hopes = {"bring": ["music"], "hopes": ["relief"]}
    assert "music-note" in [s.id for s in visible_steps(BEFORE, only_hopes)]


def test_next_back_and_required_checklist() -> None:
    flow = Flow(BEFORE)
    assert flow.current.id == "welcome" and not flow.can_go_back
    assert flow.next() is None
    assert flow.current.id == "bring"
    reason = flow.next()
    assert reason is not None and "tick" in reason
    assert flow.current.id == "bring"
    flow.answer("bring", ["water"])
    assert flow.next() is not None
    flow.answer("bring", ["driver"])
    assert flow.next() is None
    assert flow.current.id == "anxiety"
    assert flow.back() and flow.current.id == "bring"
    assert flow.back() and flow.current.id == "welcome"
    assert not flow.back()


def test_skip_only_optional() -> None:
    flow = Flow(BEFORE, {"bring": ["driver"]}, position="anxiety")
    assert flow.can_skip
    assert flow.skip()
    assert flow.answers["anxiety"] is None
    assert flow.current.id == "hopes"
    flow.skip()
    assert flow.current.id == "intention"
    assert not flow.can_skip and not flow.skip()
    assert flow.next() is not None  # intention is not optional
    flow.answer("intention", "   ")
    assert flow.next() is not None
    flow.answer("intention", "be kind to myself")
    assert flow.next() is None


def test_back_goes_to_previous_visible_and_changes_reevaluate() -> None:
    flow = Flow(BEFORE, {"bring": ["driver"]}, position="anxiety")
    flow.answer("anxiety", 7)
    flow.next()
    assert flow.current.id == "calming"
    flow.next()
    assert flow.current.id == "hopes"
    flow.back()
    assert flow.current.id == "calming"
    flow.back()
    flow.answer("anxiety", 2)
    flow.next()
    assert flow.current.id == "feeling-ok"
    flow.next()
    assert flow.current.id == "hopes"
    flow.back()
    assert flow.current.id == "feeling-ok"
    assert "calming" not in ids(flow)


def test_progress_counts_visible_steps() -> None:
    flow = Flow(BEFORE)
    total = len(ids(flow))
    assert flow.progress.label == f"Step 1 of about {total}"
    assert flow.progress.fraction == 0.0
    flow.answer("anxiety", 9)
    assert flow.progress.total == total + 1


def test_the_total_is_said_plainly_only_once_nothing_ahead_can_change_it() -> None:
    flow = Flow(BEFORE)
    seen = []
    while not flow.complete:
        seen.append((flow.current.id, flow.progress.certain))
        answers: dict[str, AnswerValue] = {
            "bring": ["driver"],
            "intention": "words",
            "mood": ["hopeful"],
        }
        if flow.current.id in answers:
            flow.answer(flow.current.id, answers[flow.current.id])
        assert flow.next() is None
    # The last step (no-answer) looks at the intention: once past it, the total is certain.
    assert seen == [
        ("welcome", False),
        ("bring", False),
        ("anxiety", False),
        ("hopes", False),
        ("intention", False),
        ("breathe", True),
        ("mood", True),
    ]
    assert "about" not in flow.progress.label


def test_a_script_without_conditions_says_its_total_plainly() -> None:
    steps = tuple(s for s in BEFORE.steps if s.when is None)
    flow = Flow(replace(BEFORE, steps=steps))
    assert flow.progress.label == f"Step 1 of {len(steps)}"


def test_a_condition_on_a_step_already_behind_leaves_the_total_certain() -> None:
    flow = Flow(BEFORE)
    flow.answer("bring", ["music"])
    flow.answer("intention", "x")
    flow.resume("breathe")
    # music-note and no-answer look only at steps behind: answers ahead cannot change them.
    assert flow.progress.certain


def test_looks_at_names_every_step_in_nested_conditions() -> None:
    note = BEFORE.step("music-note")
    assert note.when is not None
    assert looks_at(note.when) == {"bring", "intention", "hopes"}


def test_complete_and_back_from_the_end() -> None:
    flow = Flow(fixture_script("soon"))
    assert flow.next() is None
    assert flow.complete and flow.progress.fraction == 1.0
    assert flow.can_go_back and flow.back()
    assert not flow.complete and flow.current.id == "how"


def test_resume() -> None:
    flow = Flow(BEFORE, {"bring": ["driver"]}, position="hopes")
    assert flow.current.id == "hopes"
    # hidden step: the next visible one after it
    flow = Flow(BEFORE, {"bring": ["driver"], "anxiety": 1}, position="calming")
    assert flow.current.id == "feeling-ok"
    # gone: the first visible step without an answer
    flow = Flow(BEFORE, {"bring": ["driver"]}, position="no-such-step")
    assert flow.current.id == "anxiety"


def test_current_step_hidden_by_a_change_moves_on() -> None:
    flow = Flow(BEFORE, {"bring": ["driver"], "anxiety": 7}, position="calming")
    flow.answer("anxiety", 4)
    assert flow.current.id == "hopes"


def test_support_is_offered_past_a_scale_steps_line() -> None:
    anxiety = BEFORE.step("anxiety")
    assert anxiety.offers_support(8) and anxiety.offers_support(10)
    assert not anxiety.offers_support(7) and not anxiety.offers_support(None)
    sleep = fixture_script("after").step("sleep")
    assert sleep.offers_support(1) and not sleep.offers_support(2)
    assert not BEFORE.step("welcome").offers_support(9)


def test_waiting_for_messages_are_gentle() -> None:
    cases: list[tuple[str, AnswerValue]] = [("bring", []), ("intention", ""), ("mood", None)]
    for step_id, value in cases:
        reason = BEFORE.step(step_id).waiting_for(value)
        assert reason is not None
        assert "error" not in reason.lower() and "!" not in reason and "must" not in reason


VALUES = st.one_of(
    st.none(),
    st.integers(-2, 12),
    st.text(max_size=5),
    st.lists(st.sampled_from(["driver", "water", "music", "relief", "clarity", "unsure"])),
)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.sampled_from([s.id for s in BEFORE.steps]), VALUES),
        st.tuples(st.sampled_from(["next", "back", "skip"]), st.none(), st.none()),
        st.tuples(
            st.just("resume"), st.sampled_from([*[s.id for s in BEFORE.steps], "gone"]), st.none()
        ),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(ACTIONS)
def test_random_walks_stay_consistent(actions: list[tuple[str, str | None, object]]) -> None:
    flow = Flow(BEFORE)
    for action, step_id, value in actions:
        if action == "answer" and step_id is not None:
            flow.answer(step_id, value)  # type: ignore[arg-type]
        elif action == "next":
            flow.next()
        elif action == "back":
            flow.back()
        elif action == "skip":
            flow.skip()
        elif action == "resume" and step_id is not None:
            flow.resume(step_id)
        progress = flow.progress
        assert 1 <= progress.number <= progress.total == len(flow.visible)
        assert 0.0 <= progress.fraction <= 1.0
        assert flow.current.id in ids(flow)
