"""Themes remembered, the preview reloading, and the crash path keeping the patient's words."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from companion.app.screens.problems import ProblemsScreen
from companion.app.screens.run import RunScreen
from companion.app.widgets.steps.text import TextView
from companion.journal.model import MemoryStore
from companion.paths import locations
from tests.helpers.apps import QUICK, make_app, preview_app, sync
from tests.helpers.scripts import SCRIPTS

SIZE = (80, 24)


@sync
async def test_theme_is_remembered_privately() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "companion-dark"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == "companion-light"
    path = locations().config / "settings.json"
    assert json.loads(path.read_text())["theme"] == "companion-light"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "companion-light"


@sync
async def test_command_palette_lists_the_actions() -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Support", "Back to the start", "Next theme", "Quit"} <= set(titles)


def prompt_text(app: object) -> str:
    screen = getattr(app, "screen", None)
    if not isinstance(screen, RunScreen):
        return ""
    prompts = screen.query(".step-prompt")
    return str(prompts.first(Static).content) if prompts else ""


async def _wait_for(condition: object, pilot: object, seconds: float = 4.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the preview did not reload in time")


@sync
async def test_preview_reloads_on_save_shows_problems_and_recovers(tmp_path: Path) -> None:
    script = tmp_path / "draft.yaml"
    good = (SCRIPTS / "soon.yaml").read_text()
    script.write_text(good.replace("How was today?", "How was your day?"))
    app = preview_app(script)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert "How was your day?" in str(screen.query_one(".step-prompt", Static).content)
        await pilot.press(*"noted")
        script.write_text(good.replace("How was today?", "How did today feel?"))
        await _wait_for(lambda: "feel" in prompt_text(app), pilot)
        script.write_text(good.replace("type: text", "type: txet"))

        def problems() -> list[str]:
            if not isinstance(app.screen, ProblemsScreen):
                return []
            return [str(w.content) for w in app.screen.query(".problem").results(Static)]

        await _wait_for(lambda: any("draft.yaml:" in p and "txet" in p for p in problems()), pilot)
        assert any(":13:" in p for p in problems()), problems()  # file:line:col
        script.write_text(good)
        await _wait_for(lambda: "How was today?" in prompt_text(app), pilot)
    assert not (locations().data).exists()  # nothing saved


@sync
async def test_preview_stays_on_the_same_step_and_reloads_on_key(tmp_path: Path) -> None:
    script = tmp_path / "before.yaml"
    text = (SCRIPTS / "before.yaml").read_text()
    script.write_text(text)
    app = preview_app(script)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "space", "ctrl+n")
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run.flow.current.id == "anxiety"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run.flow.current.id == "anxiety"
        assert app.screen.run.flow.answers["bring"] == ["driver"]


def test_crash_keeps_words_out_of_the_log(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "my very private words"

    def broken(self: TextView) -> None:
        raise RuntimeError(f"broke while holding {self.text()}")

    monkeypatch.setattr(TextView, "_save_draft", broken)
    store = MemoryStore()
    app = make_app(store, timings=QUICK)

    async def walk() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.press("ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s")
            # At once: steady typing is saved while it goes on, and the fault is in that saving.
            app.screen.query_one(TextArea).insert(secret)
            await pilot.pause(0.5)  # QUICK saves a draft 0.05 s after typing stops

    with pytest.raises(RuntimeError):
        asyncio.run(walk())
    assert app.return_code == 1
    logs = list((locations().state / "crashes").glob("crash-*.log"))
    assert len(logs) == 1
    log = logs[0].read_text()
    assert "RuntimeError" in log and "in broken" in log
    assert secret not in log and "private" not in log
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    said = app.crash_message or ""
    assert "sorry" in said and str(logs[0]) in said
    assert "Traceback" not in said and secret not in said
    run = store.runs()[0]
    assert store.drafts(run.id)["intention"] == secret  # flushed first
