"""A run in plain Python, as a line-by-line front end would drive it: no Textual anywhere.

Every answer reaches the store as it is given; leaving and skipping a step follow the step
type's own rules.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from companion.journal.model import MemoryStore
from companion.run.run import SKIP_KEEPS_WORDS, Run
from companion.script.model import LoadedScript
from tests.helpers.scripts import SCRIPTS, fixture_script

BEFORE = LoadedScript(fixture_script("before"), SCRIPTS / "before.yaml", "f" * 64, "extra")


def started() -> tuple[Run, MemoryStore]:
    store = MemoryStore()
    return Run.start(BEFORE, store), store


def go_to(run: Run, step_id: str) -> None:
    run.flow.resume(step_id)
    run.moved()


def test_a_run_starts_in_the_store_at_its_first_step() -> None:
    run, store = started()
    assert run.flow.current.id == "welcome"
    assert store.run(run.run_id).position == "welcome"


def test_leaving_a_text_step_records_its_words_and_clearing_them_forgets() -> None:
    run, store = started()
    go_to(run, "intention")
    step = run.flow.current
    run.leave(step, "to stay curious")
    assert store.answers(run.run_id)["intention"].value == "to stay curious"
    run.leave(step, "   ")
    assert "intention" not in store.answers(run.run_id)
    run.leave(step, "")  # nothing kept, nothing typed: nothing happens
    assert "intention" not in run.flow.answers


def test_leaving_an_untouched_checklist_records_it_as_it_stands() -> None:
    run, store = started()
    go_to(run, "bring")
    run.leave(run.flow.current, [])
    assert store.answers(run.run_id)["bring"].value == []
    assert store.answers(run.run_id)["bring"].display == "Nothing ticked"
    run.record(run.flow.current, ["driver"])
    run.leave(run.flow.current, [])  # already answered: leaving changes nothing
    assert store.answers(run.run_id)["bring"].value == ["driver"]


def test_skip_keeps_typed_words_and_refuses_a_step_that_needs_an_answer() -> None:
    run, store = started()
    go_to(run, "clarity-note")
    run.record(BEFORE.script.step("hopes"), ["clarity"])
    go_to(run, "clarity-note")
    assert run.skip("a clear head") == SKIP_KEEPS_WORDS
    assert run.flow.current.id == "clarity-note"
    assert run.skip("") is None
    assert run.flow.current.id == "intention"
    assert store.answers(run.run_id)["clarity-note"].display == "Skipped"
    reason = run.skip("")  # the intention is not optional
    assert reason and "must" not in reason and run.flow.current.id == "intention"


def test_answers_are_kept_in_the_words_the_patient_saw() -> None:
    run, store = started()
    run.record(BEFORE.script.step("anxiety"), 10)
    run.record(BEFORE.script.step("hopes"), ["relief", "clarity"])
    kept = store.answers(run.run_id)
    assert (kept["anxiety"].prompt, kept["anxiety"].display) == (
        "How anxious do you feel right now?",
        "10 (Very anxious)",
    )
    assert kept["hopes"].display == "• Relief from low mood\n• Some clarity"
    assert BEFORE.script.step("anxiety").offers_support(10)


def test_a_preview_run_carries_answers_over_to_where_it_was() -> None:
    store = MemoryStore()
    run = Run.start(BEFORE, store, {"anxiety": 7, "intention": "rest"}, position="intention")
    assert run.flow.current.id == "intention"
    assert store.answers(run.run_id)["intention"].value == "rest"
    assert store.run(run.run_id).position == "intention"


def test_a_plain_front_end_can_run_a_script_without_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from companion.home import home_data\n"
        "from companion.journal.model import MemoryStore\n"
        "from companion.run.run import Run\n"
        "from companion.script.library import load_library\n"
        "from companion.paths import locations\n"
        "from datetime import datetime, UTC\n"
        "library = load_library([], locations())\n"
        "store = MemoryStore()\n"
        "data = home_data(library, store, datetime.now(UTC))\n"
        "run = Run.start(library.scripts[data.before[0].id], store)\n"
        "while not run.flow.complete:\n"
        "    step = run.flow.current\n"
        "    if run.flow.next() is not None:\n"
        "        run.record(step, 'words' if step.type == 'text' else 0 if step.type == 'scale'"
        " else [i.id for i in getattr(step, 'items', getattr(step, 'options', []))][:1])\n"
        "        assert run.flow.next() is None, step.id\n"
        "run.finish()\n"
        "print(store.run(run.run_id).finished, sorted(m for m in sys.modules if 'textual' in m))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    finished, textual = out.stdout.split(" ", 1)
    assert finished == "True"
    assert textual.strip() == "[]"
