"""The real app on a pseudo-terminal, on this machine as it is: no sound card and no .asoundrc.

Pressing Play must give the one calm line, and nothing ALSA prints may reach the terminal.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from companion.audio.player import REASONS
from tests.helpers.sound import needs_sound
from tests.helpers.terminal import PtyApp

pytestmark = pytest.mark.pty
CURSOR = re.compile(rb"\x1b\[(\d+);(\d+)H")

SCRIPT = """\
format: 1
id: listen
title: A quiet moment
phase: before
summary: Listening.
minutes: 5
support:
  - label: Your care team
    contact: Call the clinic
steps:
  - id: listen
    type: audio
    title: Listen
    track: surf
    prompt: Listen to the waves.
  - id: done
    type: info
    body: That is all.
"""


def app_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV"))}
    env.update(
        HOME=str(home),
        COMPANION_HOME=str(home / "companion"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        TEXTUAL_ANIMATIONS="none",
    )
    env.pop("ALSA_CONFIG_PATH", None)
    return env


@needs_sound
def test_no_sound_card_shows_one_calm_line_and_no_alsa_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert not (home / ".asoundrc").exists()
    script = tmp_path / "listen.yaml"
    script.write_text(SCRIPT)
    app = PtyApp(["preview", str(script)], app_env(home))
    try:
        assert app.wait_for("Play"), app.text[-2000:]
        app.mark()
        app.press(" ")
        assert app.wait_for(REASONS["no-device"]), app.text[-2000:]
        app.pump(0.5)
        assert app.proc.poll() is None  # still running, still usable
        app.press("\x0e")  # ctrl+n
        assert app.wait_for("That is all."), app.text[-2000:]
        app.press("ctrl+q")
        assert app.wait_exit() == 0
    finally:
        app.close()
    screen = app.text
    # Textual repaints whole lines, so the line may be drawn more than once; always on one row.
    raw = bytes(app.raw)
    line = REASONS["no-device"].encode()
    rows = set()
    for found in re.finditer(re.escape(line), raw):
        moves = list(CURSOR.finditer(raw, 0, found.start()))
        assert moves, "the line is placed on the screen"
        rows.add(moves[-1].group(1))
    assert len(rows) == 1, rows
    assert "ALSA" not in screen and b"ALSA" not in bytes(app.raw)
    assert "Traceback" not in screen
