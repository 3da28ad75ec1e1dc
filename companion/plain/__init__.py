"""The plain mode: lines of text for screen readers, braille displays, pipes and any terminal.

:func:`run_plain` is what ``companion plain`` calls once the journal is open. The walk itself
is :class:`~companion.plain.session.Session`; how each step type is asked is in
:mod:`companion.plain.steps`. Nothing here draws, colours or moves a cursor.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TextIO

from companion import crash, platform, shutdown
from companion.audio.player import Player
from companion.journal.holding import HoldingStore
from companion.journal.model import Store
from companion.paths import Locations, UnsafeFolderError
from companion.plain.lines import LinesIn, LinesOut, OutputGone
from companion.plain.session import Leave, PlayerFactory, Session
from companion.script.library import Library
from companion.settings import SettingsFile


def run_plain(
    library: Library,
    store: Store,
    where: Locations,
    script_id: str | None,
    stdin: TextIO,
    stdout: TextIO,
    clock: Callable[[], datetime],
    player_factory: PlayerFactory = Player,
    notices: list[str] | None = None,
) -> int:
    """Walk scripts in plain lines until the patient quits or the input ends; the exit code."""
    out = LinesOut(stdout)
    session: Session | None = None

    def tell(message: str, trouble: bool) -> None:
        if session is not None:
            session.tell(message, trouble)
        else:
            out.say(message)

    holding = HoldingStore(store, tell)
    session = Session(
        library, holding, SettingsFile(where), LinesIn(stdin), out, clock, player_factory
    )
    for notice in notices or []:
        out.say(notice)
    try:
        with _signals(session):
            return session.main(script_id)
    except OutputGone:
        # Nobody is reading (a closed terminal, `| head`): keep everything, say nothing more.
        shutdown.keep_everything(session)
        _silence(stdout)
        return 0
    except KeyboardInterrupt:
        shutdown.keep_everything(session)
        out.blank()
        out.say("Everything you wrote is kept.")
        return 130
    except Exception as error:  # noqa: BLE001 - never a traceback in front of the patient
        problems = shutdown.keep_everything(session)
        if problems:
            error.__context__ = error.__context__ or problems[0]
        log = None
        try:
            log = crash.write_crash_log(where, error)
        except (OSError, UnsafeFolderError):
            log = None
        kept = f"Everything you wrote up to now is kept in your journal, in {where.data}."
        if holding.held:
            kept = crash.WORDS_HELD_LOST
        out.say(crash.apology(log, kept))
        return 1


def _silence(stream: TextIO) -> None:
    """Point a stream nobody reads at the null device, so that Python's last flush at exit
    does not complain about it."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


@contextmanager
def _signals(session: Session) -> Iterator[None]:
    """The terminal closing (SIGHUP, or SIGBREAK on Windows) or a request to stop (SIGTERM) end
    the plain mode through the same handlers as the app: the words kept, sound stopped, the
    journal closed. There is no event loop here: Python's own handlers run between lines."""
    wanted = [
        *((sig, shutdown.hang_up) for sig in platform.signals_named(*shutdown.HANGUP_SIGNALS)),
        *((sig, shutdown.terminate) for sig in platform.signals_named(*shutdown.STOP_SIGNALS)),
    ]
    before: dict[signal.Signals, object] = {}
    for sig, handler in wanted:
        try:
            before[sig] = signal.signal(sig, lambda *_, h=handler: h(session))
        except (OSError, ValueError):  # not the main thread: no handlers, nothing else changes
            continue
    try:
        yield
    finally:
        for sig, old in before.items():
            signal.signal(sig, old)  # type: ignore[arg-type]


__all__ = ["Leave", "run_plain"]
