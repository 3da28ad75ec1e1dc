"""A command line that begins with a command's name is parsed by that command's part of the
parser alone (``companion export`` builds no other command's arguments): it must parse, help
and refuse exactly as the whole parser does."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from companion.cli import COMMANDS, build_parser


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(subparsers.choices)


def _outcome(command: str | None, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(build_parser(command).parse_args(argv))
        except SystemExit as exit:
            result = ("exit", exit.code)
    return result, out.getvalue(), err.getvalue()


def test_the_list_of_commands_is_the_parser_s() -> None:
    assert list(COMMANDS) == _commands(build_parser())


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_s_own_parser_gives_its_help_as_the_whole_parser_does(command: str) -> None:
    whole = _outcome(None, [command, "--help"])
    assert whole[0] == ("exit", 0) and whole[1]
    assert _outcome(command, [command, "--help"]) == whole
    assert _commands(build_parser(command)) == [command]


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],
        ["export", "--format", "json", "-o", "out.json", "--since", "2026-03-01", "--force"],
        ["export", "--format", "pdf"],
        ["export", "--since", "yesterday"],
        ["export", "--encrypt", "--output", "sealed.age"],
        ["forget", "now"],
        ["validate", "a.yaml", "--strict", "--scripts", "more"],
        ["pack", "install", "clinic.zip"],
        ["pack"],
        ["new", "questionnaire", "--like", "phq-9", "-o", "mine.yaml"],
        ["new", "questionnaire", "--like", "nothing-like-this"],
        ["infusion", "add", "2026-12-10 10:00", "--minutes", "90"],
        ["calendar", "-o", "course.ics", "--scripts", "dir"],
        ["plain", "first-infusion"],
        ["scripts", "--sounds"],
        ["settings", "--clinic-id", ""],
    ],
)
def test_a_command_line_is_parsed_or_refused_alike(argv: list[str]) -> None:
    assert _outcome(argv[0], argv) == _outcome(None, argv)


@pytest.mark.parametrize("columns", [None, "57", "203", "0", "wide"])
def test_help_is_laid_out_as_argparse_lays_it_out_itself(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    """The parser's help formatter finds the terminal's width without shutil: the width and
    every help text are what argparse's own formatter (which asks shutil) makes."""
    import shutil

    from companion.cli import arguments

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert arguments.terminal_columns() == shutil.get_terminal_size().columns
    ours = [_outcome(None, ["--help"])] + [_outcome(c, [c, "--help"]) for c in COMMANDS]
    monkeypatch.setattr(arguments, "HelpFormatter", argparse.HelpFormatter)
    theirs = [_outcome(None, ["--help"])] + [_outcome(c, [c, "--help"]) for c in COMMANDS]
    assert ours == theirs
