"""The encryption tests' helpers: the passphrases, a journal full of words that can be looked for
in every byte, the app on a locked journal, and the real command with a passphrase on stdin."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from companion.app.app import CompanionApp, create_app
from companion.journal import protect
from companion.journal.opening import open_journal
from companion.journal.sqlite_store import SqliteStore
from companion.paths import locations
from tests.helpers.apps import NOW, fixture_library
from tests.helpers.journals import answer, run_info

PASSPHRASE = "quiet river stones"
OTHER = "a different passphrase"
WORDS = ("marigoldwhisper", "zephyrlantern", "quillbrook", "saffronhollow", "tidewicket")
"""One word in each place the patient's words live: an answer, its prompt, the script's title,
a draft, a second run. None of them occurs in anything but this test's journal."""


def fill(store: SqliteStore) -> int:
    """Write the words into an open journal; return the run with the draft."""
    first = store.add_run(
        run_info(0, title=f"Evening {WORDS[2]} check-in", phase="after"),
        [
            answer("feel", f"I felt {WORDS[0]} all day", prompt=f"How was the {WORDS[1]}?"),
            answer("mood", 7, step_type="scale", display="7 (steady)"),
        ],
    )
    store.add_run(run_info(1), [answer("note", f"A {WORDS[4]} kind of morning")])
    store.save_draft(first, "later", f"still typing {WORDS[3]}")
    return first


def journal_with_words() -> int:
    """Start the journal in the test's home with the words in it (:func:`fill`); it is closed."""
    with open_journal() as store:
        return fill(store)


def opener() -> Callable[[str], SqliteStore]:
    """How the app opens the encrypted journal in the isolated home with a passphrase."""
    where = locations()

    def open_with(passphrase: str) -> SqliteStore:
        key = protect.unlock(passphrase, where)
        try:
            return open_journal(where, key)
        finally:
            key.wipe()

    return open_with


def locked_app() -> CompanionApp:
    """Encryption turned on with :data:`PASSPHRASE`; the app opens on the unlock screen."""
    protect.turn_on(PASSPHRASE)
    return create_app(fixture_library(False), where=locations(), clock=lambda: NOW, opener=opener())


def home() -> Path:
    return Path(os.environ["COMPANION_HOME"])


def files_under(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def files_with_words(root: Path) -> dict[str, list[str]]:
    """Each file under ``root`` that holds any of :data:`WORDS`, with the words found."""
    found: dict[str, list[str]] = {}
    for path in files_under(root):
        data = path.read_bytes().lower()
        hits = [word for word in WORDS if word.encode() in data]
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


def everything(store: SqliteStore) -> tuple[object, ...]:
    """All a journal holds, to compare two journals by."""
    runs = store.runs()
    return (
        [(r.script_title, r.started_at, r.ended_at, r.phase) for r in runs],
        store.answers_by_run([r.id for r in runs]),
        {r.id: store.drafts(r.id) for r in runs},
        [(h.run.id, h.step_id, h.snippet) for h in store.search(WORDS[0])],
        store.trend("check-in", "mood"),
    )


def lines(*items: str) -> str:
    return "".join(item + "\n" for item in items)
