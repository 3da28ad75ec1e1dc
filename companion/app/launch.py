"""What the ``companion`` command calls: build the app through the factory and run it."""

from __future__ import annotations

from pathlib import Path

from companion.app.app import create_app
from companion.journal.model import MemoryStore, Store
from companion.paths import locations
from companion.script.library import load_library


def default_store() -> Store:
    """The store the app writes through. The lead swaps in the journal's SQLite store here."""
    return MemoryStore()


def run_app(extra_dirs: list[Path]) -> int:
    where = locations()
    library = load_library(extra_dirs, where)
    app = create_app(library, default_store, where)
    result = app.run()
    return app.return_code if app.return_code is not None else (result or 0)


def run_preview(path: Path) -> int:
    if not path.is_file():
        print(f"{path}: no such file")
        return 2
    app = create_app(None, MemoryStore, locations(), preview=path)
    result = app.run()
    return app.return_code if app.return_code is not None else (result or 0)
