"""A fault inside the app: the words are saved, the patient reads an apology, the log holds no words."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Static
from textual.worker import WorkerFailed

from companion.app import app as app_module
from companion.app.app import CompanionApp
from companion.paths import locations
from tests.helpers.apps import make_app, sync
from tests.helpers.terminal import gone, offered_back, open_words, words_env

WORDS = "my grandmother's garden in june"

FAULT = """\
from companion.app.widgets.steps.text import TextView


def _broken(self):
    raise RuntimeError("cannot keep: " + self.text())


TextView._save_draft = _broken
"""
"""Loaded by the app's own Python (``sitecustomize`` on PYTHONPATH): the draft timer raises,
with the patient's words in the exception message."""


APP_CSS = str(Path(app_module.__file__).with_name("app.tcss"))


def crash_logs(home: Path) -> list[Path]:
    return sorted((home / "state" / "crashes").glob("crash-*.log"))


def test_a_fault_in_a_step_keeps_the_words_and_shows_only_an_apology(tmp_path: Path) -> None:
    fault = tmp_path / "fault"
    fault.mkdir()
    (fault / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
    home = tmp_path / "companion"
    env, args = words_env(tmp_path, COMPANION_HOME=str(home), PYTHONPATH=str(fault))
    app = open_words(env, args)
    try:
        # All at once (a paste, or a fast typist), so the fault comes after every word is in:
        # steady typing is saved while it goes on, and the fault is in that saving.
        app.type(WORDS, pause=0.0)
        assert app.wait_exit(10) == 1
        assert gone(app)
        after = bytes(app.raw).rsplit(b"\x1b[?1049l", 1)[1].decode("utf-8", "replace")
    finally:
        app.close()
    assert "We are sorry" in after
    assert str(home / "data") in after.replace("\r\n", "").replace("\n", "")
    assert "garden" not in after and "Traceback" not in after
    (log,) = crash_logs(home)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    report = log.read_text(encoding="utf-8")
    assert "_broken" in report and "RuntimeError (message withheld)" in report
    assert "garden" not in report
    env.pop("PYTHONPATH")
    assert offered_back(env, args, WORDS)


async def crashed(app: CompanionApp, error: type[Exception]) -> str:
    """Run the app headless until the fault ends it; return what the patient would read."""
    with pytest.raises(error):  # run_test hands the app's exception back to the test
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_message is not None
    return app.crash_message


@sync
async def test_a_fault_in_a_worker_goes_through_the_crash_path(isolated_home: Path) -> None:
    class Faulty(CompanionApp):
        CSS_PATH = APP_CSS

        def on_ready(self) -> None:
            self.run_worker(self._work(), exit_on_error=True)

        async def _work(self) -> None:
            raise ValueError(WORDS)

    base = make_app()
    app = Faulty(base.index, base.store_factory, base.where, base.clock, base.words_kept)
    message = await crashed(app, WorkerFailed)
    assert "We are sorry" in message and WORDS not in message
    (log,) = crash_logs(isolated_home)
    assert "_work" in log.read_text(encoding="utf-8")
    assert WORDS not in log.read_text(encoding="utf-8")


@sync
async def test_a_fault_while_mounting_goes_through_the_crash_path(
    isolated_home: Path,
) -> None:
    class Faulty(CompanionApp):
        CSS_PATH = APP_CSS

        def on_mount(self) -> None:
            super().on_mount()
            self.mount(Broken())

    class Broken(Static):
        def on_mount(self) -> None:
            raise KeyError(WORDS)

    base = make_app()
    app = Faulty(base.index, base.store_factory, base.where, base.clock, base.words_kept)
    message = await crashed(app, KeyError)
    assert "We are sorry" in message
    report = crash_logs(isolated_home)[0].read_text(encoding="utf-8")
    assert "KeyError (message withheld)" in report and WORDS not in report
    assert locations().state in crash_logs(isolated_home)[0].parents


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
@sync
async def test_no_crash_note_where_someone_else_could_read_it(isolated_home: Path) -> None:
    crashes = isolated_home / "state" / "crashes"
    crashes.mkdir(parents=True)
    os.chown(crashes, 65534, 65534)  # nobody

    class Faulty(CompanionApp):
        CSS_PATH = APP_CSS

        def on_ready(self) -> None:
            raise RuntimeError(WORDS)

    base = make_app()
    app = Faulty(base.index, base.store_factory, base.where, base.clock, base.words_kept)
    message = await crashed(app, RuntimeError)
    assert "We are sorry" in message and "short note" not in message
    assert list(crashes.iterdir()) == []
