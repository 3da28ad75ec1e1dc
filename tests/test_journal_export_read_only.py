"""A Markdown export opens the journal read-only, without checking every page first (see
companion.journal.opening.open_to_read): nothing of the journal is changed or left behind, a
journal after a crash, an encrypted or a newer one take the full opening, and damage met while
reading writes nothing, sets the journal aside as any opening would, and says so calmly."""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.cli.journal import NOTHING_EXPORTED, add_export_arguments, run_export
from companion.journal import JournalTooNewError, journal_files, open_journal, protect
from companion.journal import export as export_module
from companion.journal.export import export_markdown
from companion.journal.health import is_damage
from companion.journal.opening import open_to_read
from companion.journal.schema import LATEST
from tests.helpers.crypt import PASSPHRASE
from tests.helpers.journals import answer, interrupt_a_transaction, run_info

NOW = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "now", lambda: NOW)


def _journal(runs: int = 30) -> None:
    """Enough words for the answers to fill many pages (each run ten answers)."""
    with open_journal() as store:
        for day in range(runs):
            words = [answer(f"step-{n}", f"day {day} thought {n} " * 12) for n in range(10)]
            store.add_run(run_info(day, title=f"Check-in {day}"), words)


def _folder() -> dict[str, str]:
    """Every file beside the journal, with a digest of its bytes."""
    folder = journal_files().folder
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _full_export() -> str:
    with open_journal() as store:
        assert store.notices == ()
        return export_markdown(store)


def _export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="companion")
    add_export_arguments(parser.add_subparsers(dest="command").add_parser("export"))
    return run_export(parser.parse_args(["export", *argv]))


def _leaves(table: str) -> list[int]:
    """The page numbers of ``table``'s leaves, in the order a scan reads them."""
    conn = sqlite3.connect(journal_files().db)
    try:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (table,),
        ).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find pages with")
    finally:
        conn.close()
    return [int(row[0]) for row in rows]


def _page_size() -> int:
    conn = sqlite3.connect(journal_files().db)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def test_a_healthy_journal_is_read_as_the_full_opening_reads_it_and_left_as_it_was() -> None:
    _journal()
    expected = _full_export()
    before = _folder()
    with open_to_read() as store:
        assert store.read_only and store.notices == ()
        assert export_markdown(store) == expected
        assert not hasattr(store, "start_run")  # a reader: it has no way to write
    assert _folder() == before  # not a byte changed, no side file left


def test_damage_met_while_reading_is_raised_with_the_journal_untouched() -> None:
    _journal()
    db = journal_files().db
    data = bytearray(db.read_bytes())
    size = _page_size()
    page = _leaves("answers")[3]
    data[(page - 1) * size : (page - 1) * size + 64] = b"\xee" * 64  # its header: garbage
    db.write_bytes(bytes(data))
    before = _folder()
    with open_to_read() as store:
        assert store.read_only  # nothing looked at the answers' pages before the export
        with pytest.raises(sqlite3.DatabaseError) as raised:
            export_markdown(store)
    assert is_damage(raised.value)
    assert _folder() == before


def test_pages_reached_out_of_order_are_damage_though_each_page_reads_well() -> None:
    """Two of the answers' leaves swapped: every page is a well-formed page of that table, so
    reading them finds nothing wrong; the ids going back is what gives it away."""
    _journal()
    db = journal_files().db
    data = bytearray(db.read_bytes())
    size = _page_size()
    first, second = _leaves("answers")[2:4]
    a = slice((first - 1) * size, first * size)
    b = slice((second - 1) * size, second * size)
    data[a], data[b] = data[b], data[a]
    db.write_bytes(bytes(data))
    with open_to_read() as store:
        assert store.read_only
        with pytest.raises(sqlite3.DatabaseError) as raised:
            export_markdown(store)
    assert is_damage(raised.value)
    with open_journal() as store:  # the full opening's check agrees: it is set aside
        assert len(store.notices) == 1 and store.runs() == []


@pytest.mark.parametrize("to_file", [True, False], ids=["to-a-file", "to-the-screen"])
def test_exporting_a_damaged_journal_writes_nothing_and_keeps_it_safe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_file: bool
) -> None:
    _journal()
    db = journal_files().db
    data = bytearray(db.read_bytes())
    size = _page_size()
    page = _leaves("answers")[5]
    data[(page - 1) * size : page * size] = bytes(size)  # a page of zeros
    db.write_bytes(bytes(data))
    target = tmp_path / "for-my-therapist.md"
    assert _export(["--output", str(target)] if to_file else []) == 1
    out, err = capsys.readouterr()
    assert out == "" and not target.exists()
    assert "Traceback" not in err
    assert "could not be read" in err and NOTHING_EXPORTED in err
    [kept] = [p for p in journal_files().damaged_copies() if str(p) in err]
    assert kept.read_bytes() == bytes(data)  # set aside byte for byte


def test_a_file_that_is_not_a_journal_writes_nothing_either(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the full opening (the read-only one cannot even read its first page): before,
    the export went on and wrote the new, empty journal."""
    files = journal_files()
    files.folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    files.db.write_bytes(b"not a journal at all " * 500)
    files.db.chmod(0o600)
    target = tmp_path / "out.md"
    assert _export(["-o", str(target)]) == 1
    _, err = capsys.readouterr()
    assert NOTHING_EXPORTED in err and not target.exists()


def test_a_crash_s_rollback_journal_is_rolled_back_by_the_full_opening_first() -> None:
    with open_journal() as store:
        store.add_run(run_info(0, title="Evening check-in"), [answer("feel", "kept words")])
    rollback = interrupt_a_transaction()
    with open_to_read() as store:
        assert not store.read_only
        text = export_markdown(store)
    assert "Evening check-in" in text and "kept words" in text
    assert "half-written" not in text
    assert not rollback.exists()


WRITE_AND_DIE = textwrap.dedent(
    """\
    import os
    from companion.journal import open_journal
    from tests.helpers.journals import answer, run_info

    store = open_journal()
    store.add_run(run_info(1, title="Written just before the crash"), [answer("a", "late words")])
    os._exit(0)  # no close: the words are in the write-ahead log only
    """
)


def test_words_still_in_the_write_ahead_log_after_a_crash_are_exported() -> None:
    """A journal with a log beside it takes the full opening: read alone, the file would miss
    the words the log holds."""
    _journal(2)
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_DIE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    wal = journal_files().db.with_name("journal.db-wal")
    assert wal.stat().st_size > 0
    with open_to_read() as store:
        assert not store.read_only
        text = export_markdown(store)
    assert "Written just before the crash" in text and "late words" in text


def test_an_encrypted_journal_takes_the_full_opening_and_exports_the_same() -> None:
    _journal(3)
    plain = _full_export()
    protect.turn_on(PASSPHRASE)
    key = protect.unlock(PASSPHRASE)
    try:
        with open_to_read(key=key) as store:
            assert not store.read_only
            assert export_markdown(store) == plain
    finally:
        key.wipe()


def test_a_journal_from_a_newer_app_is_refused_untouched() -> None:
    _journal(1)
    conn = sqlite3.connect(journal_files().db)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = _folder()
    with pytest.raises(JournalTooNewError):
        open_to_read()
    assert _folder() == before


EXPORT = """
import sys
from companion.cli import main
code = main(["export"])
sys.stderr.write("\\n" + repr({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""
"""Reports with repr, not json: the export must be seen not to import json itself."""

NOT_ON_EXPORT = [
    "companion.script.model",  # the course's rules and calendar, the questionnaires' list
    "companion.script.instruments",
    "companion.course.rules",
    "companion.course.calendar",
    "companion.cli.course",
    "companion.journal.age",  # a plain journal needs no key, no age file, no hashing
    "companion.journal.keys",
    "hashlib",
    "getpass",
    "cryptography",
    "sqlcipher3",
    "yaml",
    "textual",
    "rich",
    "zoneinfo",
    "json",  # a journal of scales, choices and written answers reads no value through it
    "companion.journal.sqlite_store",  # read through a JournalReader: no model, no dataclasses
    "companion.journal.model",
    "dataclasses",
    "inspect",
]


def test_companion_export_imports_only_what_the_export_needs() -> None:
    """``companion export`` of a plain journal, in a fresh process as a patient runs it."""
    _journal(2)
    done = subprocess.run(
        [sys.executable, "-c", EXPORT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        # Without the tests' lighter key-sealing work (a sitecustomize that imports the key
        # module into every process it is given to).
        env={
            k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "PYTHONPATH"
        },
    )
    result = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr[-2000:]
    assert done.stdout.startswith("# My journal") and "day 1 thought 9" in done.stdout
    modules = set(result["modules"])
    assert [name for name in NOT_ON_EXPORT if name in modules] == []
    assert (
        "companion.journal.export" in modules
    )  # the test would pass on a process that did nothing
