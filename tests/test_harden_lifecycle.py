"""The signal handlers' order of work, without a terminal: words first, then sound, then journal."""

from __future__ import annotations

import os
import threading
import time

import pytest

from companion import shutdown


class FakeApp:
    def __init__(self, failing: str = "") -> None:
        self.done: list[str] = []
        self.failing = failing
        self.exited: int | None = None

    def _step(self, name: str) -> None:
        self.done.append(name)
        if name == self.failing:
            raise OSError(name)

    def flush(self) -> None:
        self._step("flush")

    def close_sound(self) -> None:
        self._step("sound")

    def close_store(self) -> None:
        self._step("store")

    def exit(self, result: int | None = None, return_code: int = 0) -> None:
        self.exited = return_code  # a clean exit that never finishes: the fallback must act


def test_every_step_runs_even_when_one_fails() -> None:
    app = FakeApp(failing="flush")
    problems = shutdown.keep_everything(app)
    assert app.done == ["flush", "sound", "store"]
    assert [str(p) for p in problems] == ["flush"]


def test_hang_up_keeps_everything_then_leaves_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    codes: list[int] = []
    monkeypatch.setattr(os, "_exit", codes.append)
    app = FakeApp()
    shutdown.hang_up(app)
    assert app.done == ["flush", "sound", "store"]
    assert codes == [shutdown.HANGUP_EXIT]


def test_terminate_has_a_bounded_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    left = threading.Event()
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        left.set()

    monkeypatch.setattr(os, "_exit", fake_exit)
    monkeypatch.setattr(shutdown, "TERM_GRACE", 0.05)
    app = FakeApp()
    started = time.monotonic()
    shutdown.terminate(app)
    assert app.exited == shutdown.TERMINATED_EXIT
    assert left.wait(2)
    assert codes == [shutdown.TERMINATED_EXIT]
    assert time.monotonic() - started < 2


def test_not_installed_off_the_main_thread() -> None:
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(shutdown.install(FakeApp())))
    thread.start()
    thread.join()
    assert result == [False]
