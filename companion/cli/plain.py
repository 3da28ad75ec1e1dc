"""``companion plain``: the plain mode, started without importing anything that draws."""

from __future__ import annotations

import sys
from pathlib import Path

from companion.paths import locations
from companion.script.library import load_library


def run_plain_mode(script_id: str | None, extra_dirs: list[Path]) -> int:
    """The plain mode: no terminal needed (a pipe will do), the same journal as the app."""
    from datetime import UTC, datetime

    from companion.journal import JournalError, open_journal
    from companion.plain import run_plain

    for stream in (sys.stdout, sys.stdin):
        # A terminal set to an old encoding must not end the walk over one curly quote.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    where = locations()
    library = load_library(extra_dirs, where)
    try:
        store = open_journal(where)
    except JournalError as error:
        print(str(error), file=sys.stderr)
        return 1
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
