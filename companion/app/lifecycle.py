"""How the app ends when the world ends it: the terminal closes (SIGHUP) or it is told to stop.

Textual handles neither signal, so without this the process just dies with the patient's last
words still in a text box. Both handlers save the draft first, stop the sound process and close
the journal. After a hang-up the terminal is gone, so nothing is drawn: the process leaves at once.
After SIGTERM the app exits the ordinary way (the terminal is restored), and a timer makes sure it
has gone within a few seconds even if that way is stuck.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Protocol

HANGUP_EXIT = 128 + signal.SIGHUP
TERMINATED_EXIT = 128 + signal.SIGTERM
TERM_GRACE = 3.0
"""Seconds a clean exit may take after SIGTERM before the process leaves regardless."""


class Closable(Protocol):
    """What the handlers need from the app."""

    def flush(self) -> None: ...
    def close_sound(self) -> None: ...
    def close_store(self) -> None: ...
    def exit(self, result: int | None = None, return_code: int = 0) -> None: ...


def keep_everything(app: Closable) -> list[BaseException]:
    """Save drafts, stop sound, close the journal; every step is tried even if one fails."""
    problems: list[BaseException] = []
    for step in (app.flush, app.close_sound, app.close_store):
        try:
            step()
        except Exception as error:  # noqa: BLE001 - the next step must still run
            problems.append(error)
    return problems


def hang_up(app: Closable) -> None:
    """The terminal has gone: keep the words and leave without touching the screen."""
    keep_everything(app)
    os._exit(HANGUP_EXIT)


def terminate(app: Closable) -> None:
    """Asked to stop: keep the words, then exit cleanly, or leave after :data:`TERM_GRACE`."""
    keep_everything(app)
    fallback = threading.Timer(TERM_GRACE, os._exit, (TERMINATED_EXIT,))
    fallback.daemon = True
    fallback.start()
    app.exit(TERMINATED_EXIT, return_code=TERMINATED_EXIT)


def install(app: Closable) -> bool:
    """Handle SIGHUP and SIGTERM on the running loop (main thread only; False if not possible)."""
    if threading.current_thread() is not threading.main_thread():
        return False
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGHUP, hang_up, app)
        loop.add_signal_handler(signal.SIGTERM, terminate, app)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    # A file-size limit must make a write fail (and be kept in memory), not kill the app.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return True
