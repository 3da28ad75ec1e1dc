"""Steady typing survives a kill: one key every 0.2 s for 10 s, then SIGKILL (no handler runs),
and the journal holds the words up to the last second."""

from __future__ import annotations

import signal
import sqlite3
import string
import time
from pathlib import Path

from tests.helpers.terminal import open_words, words_env

KEY_EVERY = 0.2
TYPING_FOR = 10.0
PROMISE = 1.0
"""Seconds of typing that may be lost: "at most the last second"."""


def saved_draft(home: Path) -> str:
    conn = sqlite3.connect(home / "data" / "journal.db")
    try:
        rows = conn.execute("SELECT text FROM drafts WHERE step_id = 'feel'").fetchall()
    finally:
        conn.close()
    return rows[0][0] if rows else ""


def test_steady_typing_then_sigkill_keeps_all_but_the_last_second(
    tmp_path: Path, isolated_home: Path
) -> None:
    env, args = words_env(tmp_path)
    app = open_words(env, args)
    keys = (string.ascii_lowercase * 3)[: int(TYPING_FOR / KEY_EVERY)]
    sent_at: list[float] = []
    try:
        start = time.monotonic()
        for index, key in enumerate(keys):
            # Keep to the beat, reading what the app draws meanwhile (a terminal that stops
            # reading would block the app's writes, and with them its timers).
            while (left := start + index * KEY_EVERY - time.monotonic()) > 0:
                app.pump(min(left, 0.05))
            app.type(key, pause=0.0)
            sent_at.append(time.monotonic())
        app.pump(0.3)
        print(app.text[-1500:])
        killed_at = time.monotonic()
        app.signal(signal.SIGKILL)
        assert app.wait_exit(5) == -signal.SIGKILL
    finally:
        app.close()
    saved = saved_draft(isolated_home)
    owed = sum(1 for moment in sent_at if moment <= killed_at - PROMISE)
    assert keys.startswith(saved), "the draft is exactly what was typed, in order"
    assert len(saved) >= owed, (
        f"{len(saved)} of {len(keys)} keys saved; the {owed} typed more than "
        f"{PROMISE} s before the kill were owed"
    )
