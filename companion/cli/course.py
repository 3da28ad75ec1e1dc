"""``companion infusion add|list|remove`` and ``companion calendar``: argument setup and what
each does. Times are typed and shown in local time; errors are one calm line, and the exit
code is 0 when the thing asked for was done."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from companion.course import CALENDAR_NAME
from companion.course.when import WHEN_FORMS

if TYPE_CHECKING:
    from companion.cli.passphrase import Passphrases
    from companion.journal.model import Store
    from companion.journal.sqlite_store import SqliteStore

# What the commands run is imported when they run: every command (``companion export`` too)
# builds the parser these functions fill, and the course's rules and calendar import the
# script model (about 35 ms).


def add_infusion_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add an infusion",
        description="Add an infusion to your course, at a local date and time.",
    )
    add.add_argument("when", metavar="WHEN", help=f"when it begins: {WHEN_FORMS}")
    add.add_argument(
        "--minutes",
        metavar="N",
        default="",
        help="how long it usually takes, in minutes (otherwise two hours)",
    )
    add.add_argument("--note", metavar="TEXT", default="", help="a short note for yourself")
    actions.add_parser(
        "list",
        help="list your infusions, numbered, in local time",
        description="List the infusions of your course, numbered, in local time.",
    )
    remove = actions.add_parser(
        "remove",
        help="remove an infusion by its number in the list",
        description="Remove an infusion. What you wrote for it stays in your journal.",
    )
    remove.add_argument(
        "number", metavar="N", help="its number, as `companion infusion list` shows"
    )


def add_calendar_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help=f"write to FILE instead of {CALENDAR_NAME} in your documents folder",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _now() -> datetime:
    return datetime.now(UTC)


def _open(passphrases: Passphrases | None) -> SqliteStore:
    """The journal, unlocked with its passphrase when it is encrypted (asked for once)."""
    from companion.cli.encryption import journal_key
    from companion.cli.passphrase import Passphrases
    from companion.journal.opening import open_journal

    key = journal_key(passphrases or Passphrases())
    try:
        store = open_journal(key=key)
    finally:
        if key is not None:
            key.wipe()
    for notice in store.notices:
        _say(notice)
    return store


def run_infusion(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    from companion.cli.passphrase import NoPassphrase
    from companion.journal.errors import JournalError

    try:
        with _open(passphrases) as store:
            if args.action == "add":
                return _add(store, args)
            if args.action == "remove":
                return _remove(store, args.number)
            return _list(store)
    except (NoPassphrase, JournalError) as exc:
        _say(str(exc))
        return 1
    except OSError as exc:
        _say(f"Your journal could not be opened: {exc.strerror or exc}.")
        return 1


def _add(store: Store, args: argparse.Namespace) -> int:
    from companion.course import edit
    from companion.course.rules import Course
    from companion.course.when import WhenError
    from companion.course.words import infusion_line

    now = _now()
    try:
        fields = edit.read_fields(args.when, args.minutes, args.note, now)
    except WhenError as problem:
        _say(str(problem))
        return 1
    infusion_id = edit.add(store, fields)
    course = Course.of(store)
    infusion = course.by_id(infusion_id)
    assert infusion is not None
    print(f"Added: {infusion_line(course, infusion, now)}")
    return 0


def _list(store: Store) -> int:
    from companion.course.rules import Course
    from companion.course.words import infusion_line, next_line

    now = _now()
    course = Course.of(store)
    if not course.infusions:
        print("No infusions yet. Add one with: companion infusion add 'YYYY-MM-DD HH:MM'")
        return 0
    for infusion in course.infusions:
        line = infusion_line(course, infusion, now)
        print(f"{line} · {infusion.note}" if infusion.note else line)
    print(next_line(course, now, "When you are back, press b on the companion's home screen."))
    return 0


def _remove(store: Store, number_text: str) -> int:
    from companion.course import edit
    from companion.course.rules import Course

    course = Course.of(store)
    count = len(course.infusions)
    infusion = course.by_number(int(number_text)) if number_text.isdecimal() else None
    if infusion is None:
        if count == 0:
            _say("There are no infusions to remove.")
        else:
            which = "1" if count == 1 else f"a number from 1 to {count}"
            _say(
                f"There is no infusion {number_text!r}: give {which}, as `companion infusion list` shows."
            )
        return 1
    unlinked = store.remove_infusion(infusion.id)
    print(edit.removed_words(course, infusion, unlinked))
    if course.number(infusion) < count:
        print("The infusions after it move up one; `companion infusion list` shows them.")
    return 0


def run_calendar(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    from companion.cli.passphrase import NoPassphrase
    from companion.course.calendar import course_calendar, local_zone, write_calendar
    from companion.course.rules import Course
    from companion.journal.errors import JournalError
    from companion.script.library import load_library

    library = load_library(args.scripts)
    scripts = [loaded.script for loaded in library.scripts.values()]
    from companion.journal.export import export_folder

    output: Path = args.output or export_folder() / CALENDAR_NAME
    try:
        with _open(passphrases) as store:
            data = course_calendar(store, scripts, _now(), local_zone())
            empty = not Course.of(store).infusions
    except (NoPassphrase, JournalError) as exc:
        _say(str(exc))
        return 1
    except OSError as exc:
        _say(f"Your journal could not be opened: {exc.strerror or exc}.")
        return 1
    try:
        write_calendar(data, output, overwrite=args.force or args.output is None)
    except FileExistsError:
        _say(f"There is already a file at {output}. Choose another name, or add --force.")
        return 1
    except OSError as exc:
        _say(f"The calendar could not be written to {output}: {exc.strerror or exc}.")
        return 1
    print(f"Your calendar file is {output}.")
    if empty:
        print("It has no entries yet: add your infusions with `companion infusion add`.")
    else:
        print(
            "Open it on your phone or computer to add the reminders; saving it again later updates them."
        )
    return 0
