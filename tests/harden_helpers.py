"""The real app under a pseudo-terminal, opened on a script whose first steps ask for words."""

from __future__ import annotations

import os
from pathlib import Path

from tests.ptyutil import PtyApp

WORDS_SCRIPT = """\
format: 1
id: first-infusion
title: Words first
phase: before
support:
  - label: Care team
    contact: Call 555-0100
steps:
  - id: feel
    type: text
    title: Your words
    prompt: Write anything at all.
  - id: more
    type: text
    title: More words
    prompt: And anything else.
"""
"""Replaces the first bundled "before" script, so the first option on the home screen opens it."""


def words_env(tmp_path: Path, **extra: str) -> tuple[dict[str, str], list[str]]:
    """Environment and arguments for the app on :data:`WORDS_SCRIPT`."""
    scripts = tmp_path / "scripts"
    scripts.mkdir(exist_ok=True)
    (scripts / "words.yaml").write_text(WORDS_SCRIPT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for fixed in ("COLUMNS", "LINES"):
        env.pop(fixed, None)
    env.update(extra)
    return env, ["--scripts", str(scripts)]


def open_words(
    env: dict[str, str],
    args: list[str],
    size: tuple[int, int] = (80, 24),
    resizable: bool = False,
    controlling: bool = False,
) -> PtyApp:
    """Start the app and open the words script's first step."""
    repo = Path(__file__).resolve().parent.parent
    app = PtyApp(args, env, size=size, cwd=repo, resizable=resizable, controlling=controlling)
    assert app.wait_for("Welcome"), app.text[-2000:]
    app.press("enter")
    assert app.wait_for("Write anything"), app.text[-2000:]
    return app


def offered_back(env: dict[str, str], args: list[str], words: str) -> bool:
    """Restart, continue the unfinished run, and see whether ``words`` are shown again."""
    app = PtyApp(args, env, cwd=Path(__file__).resolve().parent.parent)
    try:
        assert app.wait_for("Continue where"), app.text[-2000:]
        app.press("enter")
        shown = app.wait_for(words)
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
        return shown
    finally:
        app.close()


def session_processes(session: int) -> list[int]:
    """Live (or zombie) processes in a session: a finished app leaves none behind."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def gone(app: PtyApp) -> bool:
    """The app's process has been reaped and nothing it started is left."""
    return app.proc.returncode is not None and not session_processes(app.proc.pid)
