"""A changed script never overwrites earlier words: an answer is reused only where the step's
id, type and option/item ids still fit; otherwise it stays in the journal as it was, and the
step starts empty."""

from __future__ import annotations

import dataclasses

from companion.app.app import create_app
from companion.app.screens.run import RunScreen
from companion.journal import open_journal
from companion.journal.model import Answer, MemoryStore, Store, now
from companion.paths import locations
from companion.run.run import Run, answer_fits
from companion.script.model import (
    ChecklistStep,
    ChoiceStep,
    LoadedScript,
    Option,
    ScaleStep,
    Step,
    TextStep,
)
from tests.helpers.apps import NOW, fixture_library, sync

WORDS = "I was scared of the needle, and then it was fine"


def changed(step_id: str, new: Step) -> LoadedScript:
    loaded = fixture_library().scripts["test-before"]
    steps = tuple(new if s.id == step_id else s for s in loaded.script.steps)
    return dataclasses.replace(loaded, script=dataclasses.replace(loaded.script, steps=steps))


def test_answer_fits_by_type_range_and_ids() -> None:
    scale = ScaleStep(id="a", type="scale", min=0, max=10)
    choice = ChoiceStep(
        id="c", type="choice", options=(Option(id="x", text="X"), Option(id="y", text="Y"))
    )
    assert answer_fits(scale, "scale", 7) and answer_fits(scale, "scale", None)
    assert not answer_fits(scale, "text", 7)
    assert not answer_fits(scale, "scale", 11)
    assert not answer_fits(scale, "scale", True)
    assert answer_fits(choice, "choice", ["x"])
    assert not answer_fits(choice, "choice", ["gone"])
    assert not answer_fits(choice, "choice", ["x", "y"]), "one answer only"
    assert not answer_fits(TextStep(id="t", type="text", prompt="P"), "text", 3)


def test_text_turned_scale_keeps_the_words_when_the_scale_is_answered() -> None:
    store = open_journal()
    run_id = store.start_run("test-before", "Getting ready", "old", "before")
    store.record_answer(run_id, Answer("anxiety", "text", "How do you feel?", WORDS, WORDS, now()))
    loaded = changed("anxiety", ScaleStep(id="anxiety", type="scale", prompt="How anxious?"))
    run = Run.resume(loaded, store, run_id)
    assert "anxiety" not in run.flow.answers, "the step starts empty"
    run.record(loaded.script.step("anxiety"), 4)
    kept = store.answers(run_id)
    assert kept["anxiety"].value == 4
    earlier = [a for a in kept.values() if a.value == WORDS]
    assert len(earlier) == 1
    assert (earlier[0].prompt, earlier[0].step_type) == ("How do you feel?", "text")
    assert earlier[0].answered_at == store.answers(run_id)[earlier[0].step_id].answered_at
    store.close()


def test_a_removed_option_and_a_draft_on_a_step_no_longer_text_are_kept() -> None:
    store: Store = MemoryStore()
    run_id = store.start_run("test-before", "Getting ready", "old", "before")
    store.record_answer(run_id, Answer("hopes", "choice", "Hopes", ["gone"], "Gone option", now()))
    store.save_draft(run_id, "bring", "half a sentence")
    bring = fixture_library().scripts["test-before"].script.step("bring")
    assert isinstance(bring, ChecklistStep)
    new_bring = ChecklistStep(id="bring", type="checklist", items=bring.items)
    loaded = changed("bring", new_bring)
    run = Run.resume(loaded, store, run_id)
    assert "hopes" not in run.flow.answers
    run.record(loaded.script.step("hopes"), None)  # skipped this time
    run.record(loaded.script.step("bring"), ["driver"])
    values = [a.value for a in store.answers(run_id).values()]
    assert ["gone"] in values and None in values and ["driver"] in values
    assert "half a sentence" in store.drafts(run_id).values()


@sync
async def test_continuing_in_the_app_after_text_became_a_scale() -> None:
    store = MemoryStore()
    run_id = store.start_run("test-before", "Getting ready", "old", "before")
    store.record_answer(run_id, Answer("anxiety", "text", "How do you feel?", WORDS, WORDS, now()))
    store.set_position(run_id, "anxiety")
    library = fixture_library()
    library.scripts["test-before"] = changed(
        "anxiety", ScaleStep(id="anxiety", type="scale", prompt="How anxious, 0 to 10?")
    )
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        app.continue_run(run_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.run.flow.current.id == "anxiety"
        await pilot.press("5")
        await pilot.press("ctrl+n")
        await pilot.pause()
    answers = store.answers(run_id)
    assert answers["anxiety"].value == 5
    assert WORDS in [a.value for a in answers.values()]
