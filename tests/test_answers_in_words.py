"""How answers read back to the patient and their care team, and options that stand alone."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from companion.app.app import create_app
from companion.app.screens.home import HomeScreen
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.breathing import PRESETS, describe, readable_seconds
from companion.home import ABOUT_THE_APP
from companion.journal.export import export_markdown
from companion.journal.model import Answer, MemoryStore, now
from companion.paths import locations
from companion.script import model
from companion.script.library import load_library
from tests.helpers.apps import make_app, open_first, sync
from tests.helpers.scripts import load_text, with_steps

OPTIONS = (
    model.Option(id="ride", text="A ride home, arranged."),
    model.Option(id="clothes", text="Loose clothes, a warm layer"),
    model.Option(id="none", text="Nothing in particular", exclusive=True),
)
CHOICE = model.ChoiceStep(id="c", type="choice", options=OPTIONS, multiple=True)


def same(text: str) -> str:
    return text


def test_several_chosen_items_are_a_list_one_to_a_line() -> None:
    assert CHOICE.in_words(["ride", "clothes"], same) == (
        "• A ride home, arranged.\n• Loose clothes, a warm layer"
    )
    assert CHOICE.in_words(["ride"], same) == "A ride home, arranged."
    assert CHOICE.in_words([], same) == "Nothing chosen"
    items = tuple(model.ChecklistItem(id=o.id, text=o.text) for o in OPTIONS[:2])
    checklist = model.ChecklistStep(id="l", type="checklist", items=items)
    assert checklist.in_words(["ride", "clothes"], same).splitlines() == [
        "• A ride home, arranged.",
        "• Loose clothes, a warm layer",
    ]


def test_scale_answers_carry_the_words_around_them() -> None:
    scale = model.ScaleStep(
        id="s", type="scale", labels={0: "Very hard", 5: "Mixed", 10: "Very good"}
    )
    assert scale.in_words(3, same) == "3, between Very hard (0) and Mixed (5)"
    assert scale.in_words(5, same) == "5 (Mixed)"
    assert scale.in_words(8, same) == "8, between Mixed (5) and Very good (10)"
    top_only = model.ScaleStep(id="s", type="scale", labels={10: "Very anxious"})
    assert top_only.in_words(4, same) == (
        "4, between the bottom of the scale (0) and Very anxious (10)"
    )
    bottom_only = model.ScaleStep(id="s", type="scale", labels={0: "Calm"})
    assert bottom_only.in_words(4, same) == "4, between Calm (0) and the top of the scale (10)"
    bare = model.ScaleStep(id="s", type="scale")
    assert bare.in_words(4, same) == "4 on a scale of 0 to 10"


def test_the_export_shows_several_chosen_items_as_a_markdown_list() -> None:
    store = MemoryStore()
    run_id = store.start_run("s", "Getting ready", "h", "before")
    value = ["ride", "clothes"]
    display = CHOICE.in_words(value, same)
    store.record_answer(
        run_id,
        Answer(
            step_id="c",
            step_type="choice",
            prompt="What?",
            value=value,
            display=display,
            answered_at=now(),
        ),
    )
    text = export_markdown(store)
    assert "- A ride home, arranged.\n- Loose clothes, a warm layer\n" in text


def test_an_exclusive_option_clears_the_others_and_the_others_clear_it() -> None:
    assert CHOICE.toggle(["ride", "clothes"], "none") == ["none"]
    assert CHOICE.toggle(["none"], "ride") == ["ride"]
    assert CHOICE.toggle(["clothes"], "ride") == ["ride", "clothes"]
    assert CHOICE.toggle(["ride", "clothes"], "ride") == ["clothes"]
    single = model.ChoiceStep(id="c", type="choice", options=OPTIONS)
    assert single.exclusive_ids() == set()


def test_exclusive_loads_from_a_script(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        with_steps(
            "- id: c\n  type: choice\n  multiple: true\n  options:\n"
            "    - {id: a, text: A}\n    - {id: n, text: Nothing, exclusive: true}\n"
        ),
    )
    assert result.script is not None
    step = result.script.steps[0]
    assert isinstance(step, model.ChoiceStep) and step.exclusive_ids() == {"n"}


@sync
async def test_choosing_nothing_in_particular_clears_the_ticks_on_screen(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        with_steps(
            "- id: c\n  type: choice\n  multiple: true\n  options:\n"
            "    - {id: a, text: Apples}\n    - {id: b, text: Pears}\n"
            "    - {id: n, text: Nothing in particular, exclusive: true}\n"
        ),
        encoding="utf-8",
    )
    library = load_library((tmp_path,), locations())
    store = MemoryStore()
    app = create_app(library, lambda: store, locations())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, "T")
        await pilot.press("space", "down", "space")
        screen = pilot.app.screen
        assert isinstance(screen, RunScreen)
        assert screen.run.flow.answers["c"] == ["a", "b"]
        await pilot.press("down", "space")
        assert screen.run.flow.answers["c"] == ["n"]
        await pilot.press("up", "up", "space")
        assert screen.run.flow.answers["c"] == ["a"]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
    run_id = store.runs()[0].id
    assert store.answers(run_id)["c"].display == "Apples"


def test_the_pacer_reads_numbers_a_person_reads() -> None:
    step = model.BreathingStep(id="b", type="breathing", preset="coherent")
    assert describe(step, PRESETS["coherent"]) == (
        "Slow, even breathing: in 5.5, out 5.5 (seconds)"
    )
    box = model.BreathingStep(id="b", type="breathing", preset="box")
    assert describe(box, PRESETS["box"]) == "Box breathing: in 4, hold 4, out 4, rest 4 (seconds)"
    assert [readable_seconds(s) for s in (4, 4.25, 5.45454545, 7.0, 2.5)] == [
        "4",
        "4.5",
        "5.5",
        "7",
        "2.5",
    ]


@sync
async def test_home_says_nobody_watches_the_app_from_the_first_start() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, HomeScreen)
        about = app.screen.query_one("#about", Static)
        assert str(about.render()) == ABOUT_THE_APP
        assert about.region.bottom < 24
    assert "not an emergency service" in ABOUT_THE_APP
    assert "Nobody sees what you write here" in ABOUT_THE_APP
