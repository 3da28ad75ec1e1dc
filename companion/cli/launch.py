"""What the ``companion`` command calls: build the app through the factory and run it."""

from __future__ import annotations

import gc
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from companion.app.app import CompanionApp, create_app
from companion.journal.model import MemoryStore
from companion.paths import Locations, locations
from companion.plaintext import visible
from companion.script.cache import load_index_cached

if TYPE_CHECKING:
    from companion.journal import SqliteStore
    from companion.script.cards import LibraryIndex

NEEDS_A_TERMINAL = (
    "The companion needs a terminal window to run in. Open a terminal and type: {command}"
)
PLAIN_INSTEAD = (
    "To use it as plain lines of text instead (a screen reader, a braille display or a pipe), "
    "type: companion plain"
)


def _in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _started(app: CompanionApp) -> None:
    """What start-up made (modules, classes, the library's index) lives as long as the app: set
    it aside from the cyclic collector, which the command paused while it was made, and turn that
    back on once the app's first frame is on the terminal: the objects the first frame makes are
    short-lived and in no cycle, so a collection walking them finds nothing."""
    gc.freeze()
    app.after_first_frame(gc.enable)


def run_app(extra_dirs: list[Path]) -> int:
    """Open the journal, then the app; a journal that cannot be opened is explained in one line."""
    if not _in_a_terminal():
        print(NEEDS_A_TERMINAL.format(command="companion"), file=sys.stderr)
        print(PLAIN_INSTEAD, file=sys.stderr)
        return 2
    from companion.journal import JournalError, open_journal

    where = locations()
    library = load_index_cached(extra_dirs, where)
    from companion.crash import tighten_notes
    from companion.journal.protect import needs_passphrase

    tighten_notes(where)
    try:
        encrypted = needs_passphrase(where)
    except OSError:  # the folder cannot be looked in: opening the journal says why, in a sentence
        encrypted = False
    if encrypted:
        return _run_encrypted(library, where)
    try:
        store = open_journal(where)
    except JournalError as error:
        print(visible(str(error)), file=sys.stderr)
        return 1
    try:
        app = create_app(library, lambda: store, where)
        app.notices = list(store.notices)
        _started(app)
        result = app.run()
    finally:
        store.close()
    return app.return_code if app.return_code is not None else (result or 0)


def _run_encrypted(library: LibraryIndex, where: Locations) -> int:
    """The app starts on its unlock screen; the journal opens with the passphrase there."""
    from companion.journal import open_journal
    from companion.journal.protect import unlock

    def opener(passphrase: str) -> SqliteStore:
        key = unlock(passphrase, where)
        try:
            return open_journal(where, key)
        finally:
            key.wipe()

    app = create_app(library, where=where, opener=opener)
    _started(app)
    try:
        result = app.run()
    finally:
        app.close_store()
    return app.return_code if app.return_code is not None else (result or 0)


def run_preview(path: Path) -> int:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        print(visible(f"{path}: no such file"), file=sys.stderr)
        return 2
    except OSError as exc:
        print(visible(f"{path}: cannot be read: {exc.strerror or exc}"), file=sys.stderr)
        return 1
    except RuntimeError:  # a symlink loop, on some Python versions
        print(visible(f"{path}: cannot be read: it is a loop of symbolic links"), file=sys.stderr)
        return 1
    if not stat.S_ISREG(mode):  # a pipe would hold the preview waiting for a writer
        from companion.script.yamlsafe import not_a_file  # PyYAML: not imported to start the app

        print(visible(f"{path}: {not_a_file(mode)}"), file=sys.stderr)
        return 1
    if not _in_a_terminal():
        print(NEEDS_A_TERMINAL.format(command=f"companion preview {path}"), file=sys.stderr)
        return 2
    app = create_app(None, MemoryStore, locations(), preview=path)
    _started(app)
    result = app.run()
    return app.return_code if app.return_code is not None else (result or 0)
