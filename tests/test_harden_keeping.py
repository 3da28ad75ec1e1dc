"""A disk that refuses writes: the words stay on screen and in memory, and the patient is told."""

from __future__ import annotations

import json
import resource
import sqlite3
from pathlib import Path
from typing import Any

from textual.widgets import TextArea

from companion.app.app import create_app
from companion.app.screens.run import RunScreen
from companion.journal.holding import QUIT_HELD, SAVED_AGAIN, TROUBLE, HoldingStore
from companion.journal.model import Answer, now
from companion.paths import locations
from companion.script.library import Library
from companion.script.loader import load_script
from companion.script.model import LoadedScript
from tests.helpers.apps import NOW, sync
from tests.helpers.journals import RefusingStore
from tests.helpers.terminal import WORDS_SCRIPT, gone, open_words, words_env


def answer(step: str, text: str) -> Answer:
    return Answer(step, "text", "Prompt?", text, text, now(), care_team=False)


def test_refused_writes_are_held_in_order_and_saved_later() -> None:
    told: list[tuple[str, bool]] = []
    inner = RefusingStore()
    store = HoldingStore(inner, lambda message, trouble: told.append((message, trouble)))
    run = store.start_run("s", "S", "", "before")
    inner.full = True
    store.save_draft(run, "a", "first draft")
    store.record_answer(run, answer("a", "first words"))
    store.save_draft(run, "b", "second draft")
    assert told == [(TROUBLE, True)]  # told once, calmly
    assert store.answers(run)["a"].value == "first words"  # reads show what is held
    assert store.drafts(run) == {"b": "second draft"}
    assert inner.answers(run) == {}
    assert not store.retry()
    inner.full = False
    store.set_position(run, "b")  # the next write saves everything held first
    assert told[-1] == (SAVED_AGAIN, False)
    assert inner.answers(run)["a"].value == "first words"
    assert inner.drafts(run) == {"b": "second draft"}
    assert store.held == ()


def words_app(store: RefusingStore, folder: Path) -> Any:
    path = folder / "words.yaml"
    path.write_text(WORDS_SCRIPT, encoding="utf-8")
    result = load_script(path, tracks=None)
    assert result.script is not None
    library = Library()
    library.scripts[result.script.id] = LoadedScript(result.script, path, result.sha256, "extra")
    return create_app(library, lambda: store, locations(), clock=lambda: NOW)


def messages(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


@sync
async def test_a_full_disk_mid_run_keeps_the_words_and_tells_the_patient(tmp_path: Path) -> None:
    inner = RefusingStore()
    app = words_app(inner, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_script("first-infusion")
        await pilot.pause()
        await pilot.press(*"words while the disk fills")
        inner.full = True
        await pilot.press("ctrl+n")  # the answer is refused by the disk
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.run.flow.current.id == "more"  # the patient goes on
        assert TROUBLE in messages(app)
        await pilot.press("ctrl+b")
        assert screen.query_one(TextArea).text == "words while the disk fills"  # still on screen
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and QUIT_HELD in messages(app)  # not closed over unsaved words
        inner.full = False
        holding = app.store
        assert isinstance(holding, HoldingStore)
        assert app._retry_timer is not None  # tries again every few seconds by itself
        assert holding.retry()  # what that timer does
        await pilot.pause()
        assert SAVED_AGAIN in messages(app)
        assert app._retry_timer is None
        run_id = inner.runs()[0].id
        assert inner.answers(run_id)["feel"].value == "words while the disk fills"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@sync
async def test_starting_a_script_on_a_full_disk_is_explained(tmp_path: Path) -> None:
    inner = RefusingStore()
    inner.full = True
    app = words_app(inner, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_script("first-infusion")
        await pilot.pause()
        assert not isinstance(app.screen, RunScreen)
        assert any("could not be started" in m for m in messages(app))


def test_the_real_journal_refusing_writes_under_a_file_size_limit(tmp_path: Path) -> None:
    """The running app's file-size limit drops to one byte (a disk that is suddenly full)."""
    home = tmp_path / "companion"
    env, args = words_env(tmp_path, COMPANION_HOME=str(home))
    words = "words written while the disk was full"
    app = open_words(env, args)
    try:
        limit = resource.prlimit(app.proc.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(app.proc.pid, resource.RLIMIT_FSIZE, (1, limit[1]))
        app.mark()
        app.type(words)
        assert app.wait_for("could not be saved")  # the draft, after a pause
        app.press("\x0e")  # ctrl+n: the answer is refused too; the patient goes on
        assert app.wait_for("And anything else")
        app.mark()
        resource.prlimit(app.proc.pid, resource.RLIMIT_FSIZE, limit)
        assert app.wait_for("Everything you wrote", timeout=15)  # the retry timer saved it
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        assert gone(app)
    finally:
        app.close()
    with sqlite3.connect(home / "data" / "journal.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT step_id, value FROM answers").fetchall()
    assert rows == [("feel", json.dumps(words))]
