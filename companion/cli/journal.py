"""``companion export`` and ``companion forget``: argument setup and what each one does.

The CLI module wires these into its subcommands. Messages are plain and calm, errors are one
line, and the exit code is 0 when the thing asked for was done, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli.encryption import journal_key
from companion.cli.passphrase import NoPassphrase, Passphrases
from companion.journal.errors import JournalError, damage_errors
from companion.journal.opening import journal_files, open_journal
from companion.plaintext import visible

if TYPE_CHECKING:
    from companion.journal.keys import JournalKey

CONFIRMATION = "forget my journal"

SHARE_APART = (
    "Tell your therapist this passphrase another way than the file itself: "
    "by phone or in person, say."
)
SEALED = (
    "The export is encrypted with its own passphrase. It opens with the standard age tool "
    "(age -d FILE) or with companion decrypt-export FILE."
)

NOTHING_EXPORTED = (
    "So nothing was exported: the journal kept now is a new one, with nothing in it yet."
)
UNREADABLE = (
    "Part of your journal could not be read, so nothing was exported. Your journal was not changed."
)

UNPROTECTED = (
    "Please note: an exported journal is not protected. Anyone who can open the file can read "
    "it, so keep it safe and share it only if you choose to."
)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use the form YYYY-MM-DD, for example 2026-03-01"
        ) from None


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = parser.description or (
        "Write your journal as Markdown (to read, print or send to your therapist) "
        "or as JSON (every detail, to move it elsewhere), or your scored questionnaires as FHIR "
        "(for your clinic's records system)."
    )
    parser.add_argument(
        "--format",
        choices=("md", "json", "fhir"),
        default="md",
        help="md: a readable document (the default); json: every field; fhir: your scored "
        "questionnaires as a FHIR R4 Bundle (JSON), with the clinic identifier from "
        "`companion settings` if you gave one, and nothing else that names you",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write to FILE, readable only by you, instead of printing it",
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=_date,
        help="only sessions from this day on",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it already exists",
    )
    parser.add_argument(
        "--encrypt",
        action="store_true",
        help="seal the export with a passphrase of its own (an age file: age -d FILE opens it); "
        "needs --output",
    )


def _say(message: str) -> None:
    """A sentence for the person at the terminal; a path or an error in it may hold control
    characters (a file named with an escape), shown as stand-ins, never acted on."""
    print(visible(message), file=sys.stderr)


def _print_bytes(data: bytes) -> None:
    """Print an export as its own bytes: no CRLF on Windows, no locale codec on any system."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a stream that only takes text (a test's or an embedding's)
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    out.write(data)
    out.flush()


def run_export(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    # Imported here: every command (the app too) builds the parser that this module serves.
    from companion.journal.export import export_bytes, write_export
    from companion.journal.forget import journal_exists

    if not journal_exists(journal_files()):
        _say("There is no journal yet, so there is nothing to export.")
        return 1
    output: Path | None = args.output
    sealed = getattr(args, "encrypt", False)
    if sealed and output is None:
        _say("An encrypted export needs a file to go to: add --output FILE.")
        return 1
    ask = passphrases or Passphrases()
    try:
        key = journal_key(ask)
        export_passphrase = ask.new("passphrase for this export", SHARE_APART) if sealed else ""
        try:
            text = _exported(args, key)
        finally:
            if key is not None:
                key.wipe()
    except NoPassphrase as exc:
        _say(str(exc))
        return 1
    except JournalError as exc:
        _say(str(exc))
        return 1
    except OSError as exc:
        _say(f"Your journal could not be opened: {exc.strerror or exc}.")
        return 1
    if text is None:
        return 1
    try:
        if output is None:
            shown = visible(text)  # the words exactly in a file; never a control on a screen
            _print_bytes(export_bytes(shown))
            if shown != text:
                _say(
                    "Some characters that could have changed your terminal are shown as "
                    "symbols here; --output keeps them exactly."
                )
        elif sealed:
            from companion.journal import age

            data = age.encrypt(export_bytes(text), age.passphrase_bytes(export_passphrase))
            write_export(data, output, overwrite=args.force)
        else:
            write_export(text, output, overwrite=args.force)
    except FileExistsError:
        _say(f"There is already a file at {output}. Choose another name, or add --force.")
        return 1
    except OSError as exc:
        where = output if output is not None else "the screen"
        _say(f"The export could not be written to {where}: {exc.strerror or exc}.")
        return 1
    if output is not None:
        _say(f"Your journal was written to {output}.")
    _say(SEALED if sealed else UNPROTECTED)
    return 0


def _set_aside(notices: Iterable[str], copies: Iterable[Path], kept_before: set[Path]) -> bool:
    """Say what the opening noticed; True (and says nothing is exported) when it set a damaged
    journal aside, so that the export is of a new, empty journal and is not written."""
    for notice in notices:
        _say(notice)
    if set(copies) - kept_before:
        _say(NOTHING_EXPORTED)
        return True
    return False


def _exported(args: argparse.Namespace, key: JournalKey | None) -> str | None:
    """The export's text; ``None`` (said why) when the journal turned out damaged.

    A Markdown export only reads, and reads every row it writes from the tables themselves:
    it opens the journal read-only without checking every page first (:func:`open_to_read`),
    and SQLite checks each page as it is read. If one is damaged, nothing is written and the
    journal is opened as at any start, which keeps the damaged journal safe under a dated name
    (and says so). JSON and FHIR read through the journal's indexes too: they take the full
    opening. Whenever the journal that was to be exported is found damaged, the export writes
    nothing: the new journal started in its place holds nothing to export.
    """
    from companion.journal.export import export_json, export_markdown
    from companion.journal.health import is_damage
    from companion.journal.opening import open_to_read

    files = journal_files()
    kept_before = set(files.damaged_copies())
    if args.format != "md":
        with open_journal(key=key) as full:
            if _set_aside(full.notices, files.damaged_copies(), kept_before):
                return None
            if args.format == "json":
                return export_json(full, args.since)
            from companion.journal.fhir import export_fhir
            from companion.paths import locations
            from companion.settings import load_settings

            return export_fhir(full, args.since, load_settings(locations()).clinic_id)
    store = open_to_read(key=key)
    try:
        with store:
            if _set_aside(store.notices, files.damaged_copies(), kept_before):
                return None
            return export_markdown(store, args.since)
    except damage_errors() as exc:
        if not is_damage(exc):
            raise
        if not store.read_only:
            _say(UNREADABLE)
            return None
    # Damage met while reading: the full opening checks the journal and sets it aside.
    with open_journal(key=key) as store:
        if _set_aside(store.notices, files.damaged_copies(), kept_before):
            return None
        try:
            return export_markdown(store, args.since)
        except damage_errors() as exc:
            if not is_damage(exc):
                raise
            _say(UNREADABLE)
            return None


def add_forget_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = parser.description or (
        "Delete your journal and everything in it from this computer, after you confirm."
    )


def _normal(reply: str) -> str:
    return " ".join(reply.lower().split())


def run_forget(
    args: argparse.Namespace,
    input_fn: Callable[[str], str] = input,
    passphrases: Passphrases | None = None,
) -> int:
    from companion.journal.forget import forget, journal_exists

    files = journal_files()
    if not journal_exists(files):
        print("There is no journal on this computer to forget.")
        return 0
    try:
        key = journal_key(passphrases or Passphrases())
    except NoPassphrase as exc:
        _say(str(exc))
        return 1
    except JournalError as exc:
        _say(f"{str(exc).rstrip('.')}. Nothing was deleted.")
        return 1
    if key is not None:
        key.wipe()
    print("This deletes your journal and everything written in it, for good:")
    print(f"  {files.folder}")
    print("Exports you saved elsewhere are not touched.")
    try:
        reply = input_fn(f'To go ahead, type "{CONFIRMATION}": ')
    except (EOFError, KeyboardInterrupt):
        reply = ""
        print()
    if _normal(reply) != CONFIRMATION:
        print("Nothing was deleted. Your journal is as it was.")
        return 1
    try:
        removed = forget()
    except JournalError as exc:
        _say(f"{exc} Close it there and try again. Nothing was deleted.")
        return 1
    except OSError as exc:
        _say(f"Your journal could not be fully deleted: {exc.strerror or exc}.")
        return 1
    print("Your journal has been forgotten. These were removed:")
    for path in removed:
        print(f"  {path}")
    return 0
