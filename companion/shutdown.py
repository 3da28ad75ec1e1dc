"""How the app ends when the world ends it: the terminal closes (SIGHUP) or it is told to stop.

Textual handles neither signal, so without this the process just dies with the patient's last
words still in a text box. Both handlers save the draft first, stop the sound process and close
the journal. After a hang-up the terminal is gone, so nothing is drawn: the process leaves at once.
After SIGTERM (or SIGINT) the app exits the ordinary way (the terminal is restored), and a timer
makes sure it has gone within a few seconds even if that way is stuck.

Which signals exist depends on the system (:mod:`companion.platform`): SIGHUP on Linux and macOS;
SIGBREAK on Windows, where closing the console window or pressing Ctrl+Break raises it; SIGTERM
everywhere. Each is looked up by name when the app starts, never at import time.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from typing import Protocol

from companion import platform

HANGUP_EXIT = 128 + 1
"""Exit code after the terminal went away (128 + SIGHUP's number, as a shell reports it)."""
TERMINATED_EXIT = 128 + 15
"""Exit code after being told to stop (128 + SIGTERM's number)."""
INTERRUPTED_EXIT = 128 + 2
"""Exit code after SIGINT (128 + its number)."""
HANGUP_SIGNALS = ("SIGHUP", "SIGBREAK")
"""The terminal or console window has gone (POSIX; Windows)."""
STOP_SIGNALS = ("SIGTERM",)
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


def terminate(app: Closable, code: int = TERMINATED_EXIT) -> None:
    """Asked to stop: keep the words, then exit cleanly, or leave after :data:`TERM_GRACE`."""
    keep_everything(app)
    fallback = threading.Timer(TERM_GRACE, os._exit, (code,))
    fallback.daemon = True
    fallback.start()
    app.exit(code, return_code=code)


def install(app: Closable) -> bool:
    """Handle the hang-up and stop signals this system has, on the running loop.

    SIGINT (``kill -INT``; ctrl+c in the app is a key, not a signal) is a request to stop like
    SIGTERM, not a KeyboardInterrupt through whatever code happens to be running.
    Main thread only; False when no handler could be installed.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    handlers = {
        sig: functools.partial(hang_up, app) for sig in platform.signals_named(*HANGUP_SIGNALS)
    }
    handlers.update(
        {sig: functools.partial(terminate, app) for sig in platform.signals_named(*STOP_SIGNALS)}
    )
    handlers.update(
        {
            sig: functools.partial(terminate, app, INTERRUPTED_EXIT)
            for sig in platform.signals_named("SIGINT")
        }
    )
    installed = platform.on_signals(asyncio.get_running_loop(), handlers)
    # A file-size limit must make a write fail (and be kept in memory), not kill the app.
    platform.ignore_file_size_limit()
    return installed
