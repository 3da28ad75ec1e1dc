"""``companion plain``: the plain mode, started without importing anything that draws.

An encrypted journal is opened here, before the walk begins, with its passphrase: read without
echo from a terminal, or as one line from a pipe, through the same :class:`Passphrases` as every
other command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli.passphrase import NoPassphrase, Passphrases
from companion.paths import Locations, locations
from companion.plain.lines import LinesOut
from companion.script.cache import load_library_cached

if TYPE_CHECKING:
    from companion.journal import SqliteStore

ENCRYPTED = "Your journal is encrypted."
ASK_HIDDEN = "Type its passphrase, then press Enter. What you type is not shown."
ASK_PIPED = "Type its passphrase, then press Enter."
WRONG = "That passphrase does not open your journal. Please try again."
STAYS_CLOSED = "No passphrase was given, so your journal stays closed. Nothing was changed."


def open_for_plain(where: Locations, passphrases: Passphrases, out: LinesOut) -> SqliteStore | None:
    """The journal, opened (with its passphrase when it is encrypted, asked until it is right);
    ``None`` when the input ended before a passphrase came. Other troubles raise
    :class:`~companion.journal.JournalError`."""
    from companion.journal import open_journal
    from companion.journal.errors import WrongPassphraseError
    from companion.journal.protect import needs_passphrase, unlock

    if not needs_passphrase(where):
        return open_journal(where)
    out.say(ENCRYPTED)
    while True:
        out.say(ASK_HIDDEN if passphrases.interactive else ASK_PIPED)
        try:
            passphrase = passphrases.ask("Passphrase: ")
        except NoPassphrase:
            out.say(STAYS_CLOSED)
            return None
        try:
            key = unlock(passphrase, where)
        except WrongPassphraseError:
            out.say(WRONG)
            continue
        try:
            return open_journal(where, key)
        finally:
            key.wipe()


def run_plain_mode(script_id: str | None, extra_dirs: list[Path]) -> int:
    """The plain mode: no terminal needed (a pipe will do), the same journal as the app."""
    from datetime import UTC, datetime

    from companion.journal import JournalError
    from companion.plain import run_plain

    for stream in (sys.stdout, sys.stdin):
        # A terminal set to an old encoding must not end the walk over one curly quote.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    where = locations()
    # As the app: from the parsed-library cache when every file it read is unchanged.
    library = load_library_cached(extra_dirs, where)
    try:
        # Before the walk starts reading standard input line by line.
        store = open_for_plain(where, Passphrases(sys.stdin), LinesOut(sys.stdout))
    except JournalError as error:
        print(str(error), file=sys.stderr)
        return 1
    if store is None:
        return 0
    try:
        return run_plain(
            library,
            store,
            where,
            script_id,
            sys.stdin,
            sys.stdout,
            lambda: datetime.now(UTC),
            notices=list(store.notices),
        )
    finally:
        store.close()
