"""``companion export`` and ``companion forget`` through real argparse, on a real journal."""

from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path

import pytest

from companion.cli.journal import (
    UNPROTECTED,
    add_export_arguments,
    add_forget_arguments,
    run_export,
    run_forget,
)
from companion.journal import journal_files, open_journal
from companion.journal.forget import forget
from tests.helpers.journals import answer, mode, run_info


def _reply(reply: str, _prompt: str) -> str:
    return reply


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="companion")
    commands = parser.add_subparsers(dest="command")
    add_export_arguments(commands.add_parser("export"))
    add_forget_arguments(commands.add_parser("forget"))
    return parser


def _journal() -> None:
    with open_journal() as store:
        store.add_run(run_info(0), [answer("a", "the first time I felt light")])
        store.add_run(run_info(30), [answer("a", "a month later")])


def test_export_markdown_to_stdout_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    _journal()
    assert run_export(_parser().parse_args(["export"])) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# My journal")
    assert "the first time I felt light" in out
    assert UNPROTECTED in err


def test_export_json_to_a_private_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _journal()
    target = tmp_path / "mine.json"
    args = _parser().parse_args(
        ["export", "--format", "json", "--output", str(target), "--since", "2026-03-15"]
    )
    assert run_export(args) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"written to {target}" in err and UNPROTECTED in err
    assert mode(target) == 0o600
    runs = json.loads(target.read_text())["runs"]
    assert [r["answers"][0]["value"] for r in runs] == ["a month later"]


def test_export_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _journal()
    target = tmp_path / "mine.md"
    target.write_text("keep me")
    assert run_export(_parser().parse_args(["export", "-o", str(target)])) == 1
    assert "already a file" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert run_export(_parser().parse_args(["export", "-o", str(target), "--force"])) == 0
    assert target.read_text().startswith("# My journal")


def test_a_path_with_control_characters_is_printed_with_stand_ins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file named with an escape sequence (\x1b]0;… sets the terminal's title) is named in the
    refusal, but never reaches the terminal as a control."""
    _journal()
    target = tmp_path / "notes\x1b]0;owned\x07.md"
    target.write_text("keep me")
    assert run_export(_parser().parse_args(["export", "-o", str(target)])) == 1
    err = capsys.readouterr().err
    assert "already a file" in err and "owned" in err
    assert "\x1b" not in err and "\x07" not in err
    assert target.read_text() == "keep me"


def test_export_bad_date_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        _parser().parse_args(["export", "--since", "yesterday"])
    assert caught.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_export_without_a_journal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export(_parser().parse_args(["export"])) == 1
    assert "nothing to export" in capsys.readouterr().err
    assert not journal_files().db.exists()


def test_export_while_the_journal_is_open_is_one_calm_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _journal()
    with open_journal():
        assert run_export(_parser().parse_args(["export"])) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "Your journal is already open in another window."


def test_forget_needs_the_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    _journal()
    args = _parser().parse_args(["forget"])
    for reply in ["yes", "", "forget", "forget my journal please"]:
        assert run_forget(args, input_fn=functools.partial(_reply, reply)) == 1
        assert journal_files().db.exists()
    assert "Nothing was deleted" in capsys.readouterr().out


def test_forget_end_of_input_removes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    _journal()

    def closed(_prompt: str) -> str:
        raise EOFError

    assert run_forget(_parser().parse_args(["forget"]), input_fn=closed) == 1
    assert journal_files().db.exists()


def test_forget_removes_every_file_and_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    _journal()
    files = journal_files()
    (files.folder / "journal.db.damaged-20260101-000000").write_bytes(b"old")
    store = open_journal()
    store.save_draft(1, "b", "unfinished thought")
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return "  Forget   my journal "

    assert run_forget(_parser().parse_args(["forget"]), input_fn=typed) == 1
    assert "open in another window" in capsys.readouterr().err
    assert files.db.exists()
    store.close()

    assert run_forget(_parser().parse_args(["forget"]), input_fn=typed) == 0
    out = capsys.readouterr().out
    assert '"forget my journal"' in prompts[0]
    for name in ["journal.db", "journal.lock", "journal.db.damaged-20260101-000000"]:
        assert str(files.folder / name) in out
    assert not files.folder.exists()
    assert run_forget(_parser().parse_args(["forget"]), input_fn=typed) == 0
    assert "no journal" in capsys.readouterr().out


def test_forget_returns_what_it_removed_including_wal_files() -> None:
    _journal()
    store = open_journal()
    wal, shm = store.files.side_files()[:2]
    assert wal.exists() and shm.exists()
    store._lock.release()  # the app was killed: its -wal and -shm are left behind
    removed = forget()
    store._conn.close()
    assert wal in removed and shm in removed
    assert journal_files().db in removed
    assert not journal_files().folder.exists()
