"""The ``companion`` command: the app, and the tools therapists and patients use around it."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from companion import __version__

if TYPE_CHECKING:
    # Imported by the commands that parse arguments: ``companion`` alone (the app) never does.
    import argparse


def _print(text: str, file: TextIO | None = None) -> None:
    """Print for a terminal: a file name or a journal's words may hold control characters, and
    they are shown as symbols, never sent to the terminal."""
    from companion.plaintext import visible

    print(visible(text), file=file)


def _scripts_option(parser: argparse.ArgumentParser, dest: str = "more_scripts") -> None:
    # The top-level option and each command's own use different names: argparse lets a
    # command's defaults overwrite what was given before the command's name, which silently
    # dropped DIR from ``companion --scripts DIR validate``. ``main`` joins them.
    parser.add_argument(
        "--scripts",
        dest=dest,
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also use the scripts in DIR; a script there replaces one with the same id",
    )


COMMANDS = (
    "validate",
    "schema",
    "pack",
    "export",
    "forget",
    "encrypt",
    "decrypt",
    "decrypt-export",
    "infusion",
    "calendar",
    "preview",
    "new",
    "settings",
    "plain",
    "scripts",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, only that command's part of it (what
    parsing a command line that begins with its name needs: ``companion export ...`` builds
    no other command's arguments and imports no other command's module). Both parse that
    command line alike, help and errors included (tests/test_cli_parser.py)."""

    from companion.cli.arguments import Parser

    def wanted(name: str) -> bool:
        return command is None or command == name

    parser = Parser(
        prog="companion",
        description="A calm companion before and after a ketamine infusion session.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    _scripts_option(parser, dest="scripts")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    if wanted("validate"):
        check = commands.add_parser(
            "validate",
            help="check scripts and show every problem as file:line:col",
            description="Check scripts (files or folders; all scripts in use when none are given).",
        )
        check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        check.add_argument("--format", choices=["text", "json"], default="text")
        check.add_argument("--strict", action="store_true", help="warnings fail too")
        _scripts_option(check)

    if wanted("schema"):
        schema = commands.add_parser(
            "schema",
            help="print the JSON Schema of the script format or of clinic.yaml (for editors)",
            description="Print a JSON Schema for editors: of a script (the default) or of a "
            "clinic profile (clinic.yaml).",
        )
        schema.add_argument("kind", nargs="?", choices=["script", "clinic"], default="script")

    if wanted("pack"):
        pack = commands.add_parser(
            "pack",
            help="check, install, show or remove a clinic's script pack",
            description="A clinic's pack: a folder or .zip holding clinic.yaml, scripts/*.yaml and "
            "optionally sounds/. See docs/clinics.md.",
        )
        pack_commands = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
        pack_check = pack_commands.add_parser(
            "check", help="check a pack and show every problem as file:line:col; installs nothing"
        )
        pack_check.add_argument("path", type=Path, metavar="PATH")
        pack_check.add_argument("--format", choices=["text", "json"], default="text")
        pack_install = pack_commands.add_parser(
            "install", help="install a pack whole, replacing the one installed; or change nothing"
        )
        pack_install.add_argument("path", type=Path, metavar="PATH")
        pack_commands.add_parser("show", help="show the installed pack")
        pack_commands.add_parser("remove", help="remove the installed pack (the journal is kept)")

    if wanted("export") or wanted("forget"):
        from companion.cli.journal import add_export_arguments, add_forget_arguments

    if wanted("export"):
        add_export_arguments(
            commands.add_parser(
                "export",
                help="write your journal as Markdown or JSON, to read or to share",
                description="Write your journal as Markdown (to read or send to your therapist) or JSON.",
            )
        )
    if wanted("forget"):
        add_forget_arguments(
            commands.add_parser(
                "forget",
                help="delete your journal, after you confirm",
                description="Delete your journal and everything kept with it, after you confirm.",
            )
        )

    if wanted("encrypt") or wanted("decrypt") or wanted("decrypt-export"):
        from companion.cli.encryption import (
            add_decrypt_arguments,
            add_decrypt_export_arguments,
            add_encrypt_arguments,
        )

    if wanted("encrypt"):
        add_encrypt_arguments(
            commands.add_parser(
                "encrypt",
                help="keep your journal encrypted with a passphrase (or change the passphrase)",
                description="Encrypt your journal with a passphrase you choose, or change the "
                "passphrase of an encrypted journal. There is no recovery for a forgotten passphrase.",
            )
        )
    if wanted("decrypt"):
        add_decrypt_arguments(
            commands.add_parser(
                "decrypt",
                help="stop encrypting your journal, after its passphrase",
                description="Turn your journal back into a plain file, after its passphrase.",
            )
        )
    if wanted("decrypt-export"):
        add_decrypt_export_arguments(
            commands.add_parser(
                "decrypt-export",
                help="read an export made with --encrypt, after its passphrase",
                description="Read an export made with companion export --encrypt (an age file). "
                "The standard age tool opens it too: age -d FILE.",
            )
        )

    if wanted("infusion") or wanted("calendar"):
        from companion.cli.course import add_calendar_arguments, add_infusion_arguments

    if wanted("infusion"):
        add_infusion_arguments(
            commands.add_parser(
                "infusion",
                help="add, list or remove the infusions of your course",
                description="The infusions of your course: the companion times everything from them.",
            )
        )
    if wanted("calendar"):
        calendar = commands.add_parser(
            "calendar",
            help="write your infusions and reminders as a calendar file for your phone",
            description="Write an iCalendar file with your coming infusions (a reminder the evening "
            "before) and the times reflections will be offered. It holds nothing you wrote.",
        )
        add_calendar_arguments(calendar)
        _scripts_option(calendar)

    if wanted("preview"):
        preview = commands.add_parser(
            "preview",
            help="walk one script without saving anything; reloads when the file is saved",
            description="Walk one script as a patient would, with nothing saved. The script reloads "
            "when the file changes on disk (or on ctrl+r), staying on the same step.",
        )
        preview.add_argument("file", type=Path, metavar="FILE")

    if wanted("new"):
        new = commands.add_parser(
            "new",
            help="write a skeleton to start a script from (a standard questionnaire)",
            description="Write a script holding a standard questionnaire's structure, answer values, "
            "scoring and bands, with a marked blank for every text: fill each one from the official "
            "form, then check the file with `companion validate`.",
        )
        new.add_argument("kind", choices=["questionnaire"], help="what to start")
        from companion.script.instruments import INSTRUMENTS

        new.add_argument(
            "--like",
            required=True,
            choices=sorted(INSTRUMENTS),
            help="the standard questionnaire to follow",
        )
        new.add_argument(
            "--output", "-o", metavar="FILE", type=Path, help="write to FILE instead of printing it"
        )
        new.add_argument("--force", action="store_true", help="replace FILE if it already exists")

    if wanted("settings"):
        settings = commands.add_parser(
            "settings",
            help="show or change what the companion remembers (such as your clinic identifier)",
            description="Show the settings, or change one.",
        )
        settings.add_argument(
            "--clinic-id",
            metavar="ID",
            help="an identifier your clinic gave you, for FHIR exports; an empty ID removes it",
        )

    if wanted("plain"):
        plain = commands.add_parser(
            "plain",
            help="the companion in plain lines of text, for screen readers and braille displays",
            description="Walk the scripts as plain lines of text: no colours, no drawing, no "
            "cursor movement. Works with any terminal, a screen reader, a braille display or a "
            "pipe. At any question type help, back or quit.",
        )
        plain.add_argument(
            "script",
            nargs="?",
            metavar="SCRIPT_ID",
            help="the script to walk (else a list to choose)",
        )
        _scripts_option(plain)

    if wanted("scripts"):
        listing = commands.add_parser(
            "scripts", help="list the scripts in use and where each comes from"
        )
        listing.add_argument(
            "--sounds", action="store_true", help="list the sound catalog's tracks"
        )
        _scripts_option(listing)
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    from companion.script.validate import render_json, render_text, validate

    report = validate(args.paths, args.scripts)
    render = render_json if args.format == "json" else render_text
    _print(render(report, args.strict))
    return 1 if report.failed(args.strict) else 0


def _run_schema(args: argparse.Namespace) -> int:
    from companion.script.schema import clinic_schema, script_schema

    schema = clinic_schema() if args.kind == "clinic" else script_schema()
    import json

    _print(json.dumps(schema, indent=2))
    return 0


def _run_scripts(args: argparse.Namespace) -> int:
    from companion.script.library import load_library
    from companion.script.sources import sources

    library = load_library(args.scripts)
    if args.sounds:
        catalog = library.catalog
        if catalog is None or not catalog.tracks:
            _print("No sounds are available.")
            return 1
        for track in catalog.tracks.values():
            _print(f"{track.id:<14} {track.title:<24} {track.description or ''}".rstrip())
        return 0
    for source in sources(args.scripts):
        state = "" if source.folder.is_dir() else " (not there yet; create it to add scripts)"
        _print(f"{FOLDER_NAMES[source.name] + ':':<22} {source.folder}{state}")
    _print("")
    for loaded in library.scripts.values():
        script = loaded.script
        _print(f"{script.id:<22} {script.phase:<7} {loaded.source:<8} {script.title}")
        _print(f"{'':<22} {loaded.path}")
    for old, new in library.replaced:
        _print(f"{old.script.id}: the {old.source} copy ({old.path}) is replaced by {new.path}")
    for hidden in library.hidden:
        clinic = library.clinic.name if library.clinic else "the clinic"
        _print(f"{hidden.script.id}: the bundled script is hidden by {clinic}")
    withheld = {id(result): earlier for earlier, result in library.withheld}
    for failed in library.failed:
        first = failed.problems[0].format() if failed.problems else str(failed.path)
        _print(f"unavailable: {first}")
        earlier = withheld.get(id(failed))
        if earlier is not None:
            _print(
                f"  {earlier.script.id}: this broken copy was meant to replace the "
                f"{earlier.source} one, so patients see neither until it is fixed; "
                f"run: companion validate {failed.path}"
            )
    errors = [p for p in library.clinic_problems if p.severity == "error"]
    if errors:
        _print(f"unavailable: {errors[0].format()}")
    return 0


def _run_new(args: argparse.Namespace) -> int:
    import sys

    from companion.script.instruments import INSTRUMENTS, skeleton

    text = skeleton(args.like)
    output: Path | None = args.output
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(output, "w" if args.force else "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(f"There is already a file at {output}. Choose another name, or add --force.", file=sys.stderr)  # fmt: skip
        return 1
    except OSError as exc:
        print(f"The skeleton could not be written to {output}: {exc.strerror or exc}.", file=sys.stderr)  # fmt: skip
        return 1
    name = INSTRUMENTS[args.like].name
    print(
        f"A {name} skeleton was written to {output}. Fill in every <<fill in ...>> from the "
        f"official form, then check it with: companion validate {output}",
        file=sys.stderr,
    )
    return 0


def _run_settings(args: argparse.Namespace) -> int:
    from companion.paths import locations
    from companion.settings import SettingsFile

    settings = SettingsFile(locations())
    if args.clinic_id is not None:
        value = args.clinic_id.strip() or None
        if not settings.change(clinic_id=value):
            print("The settings could not be saved; nothing was changed.")
            return 1
        print("Your clinic identifier was removed." if value is None else "Your clinic identifier was saved.")  # fmt: skip
    current = settings.current.clinic_id
    print(f"Clinic identifier (for FHIR exports): {current or 'none'}")
    return 0


FOLDER_NAMES = {
    "bundled": "Bundled scripts",
    "clinic": "Your clinic's pack",
    "user": "Your scripts folder",
    "extra": "--scripts",
}


def no_arguments() -> argparse.Namespace:
    """What parsing no arguments gives (``companion`` alone, the app), without building the
    parser and importing every command's module first (tests/test_startup.py holds them equal),
    nor importing argparse at all."""
    from types import SimpleNamespace

    return cast("argparse.Namespace", SimpleNamespace(command=None, scripts=[]))


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given:
        args = build_parser(given[0] if given[0] in COMMANDS else None).parse_args(given)
        args.scripts = [*args.scripts, *getattr(args, "more_scripts", [])]
    else:
        args = no_arguments()
    try:
        return _dispatch(args)
    except BrokenPipeError:  # the reader went away (``companion export | head``): say nothing
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        # Each command explains the failures it expects; this is the last word for any other
        # (a disk or folder that will not cooperate): one sentence, never a traceback.
        reason = (exc.strerror or str(exc)).rstrip(".").lower()
        where = f" ({exc.filename})" if exc.filename else ""
        _print(f"The companion could not go on: {reason}{where}.", file=sys.stderr)
        return 1
    finally:
        if argv is None:
            # The command line's work is done and the process ends next: what is left lives
            # until then. Set aside from the collector, it spares the collections of the
            # interpreter's shutdown a walk over every object imported (~5-10 ms of an
            # export's ~150 here); a caller in the same process (argv given) keeps its own.
            gc.freeze()


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _run_validate(args)
    if args.command == "schema":
        return _run_schema(args)
    if args.command == "pack":
        from companion.cli.pack import run_pack

        return run_pack(
            args.pack_command, getattr(args, "path", None), getattr(args, "format", "text")
        )
    if args.command == "scripts":
        return _run_scripts(args)
    if args.command == "new":
        return _run_new(args)
    if args.command == "settings":
        return _run_settings(args)
    if args.command == "export":
        from companion.cli.journal import run_export

        # An export makes tens of thousands of short-lived rows and lines, none in a cycle: the
        # collector, turned back on after the export pauses it, would walk them all once more
        # (about 3 ms on 2,000 runs) just before the command ends.
        gc.disable()
        try:
            return run_export(args)
        finally:
            gc.enable()
    if args.command == "forget":
        from companion.cli.journal import run_forget

        return run_forget(args)
    if args.command in ("encrypt", "decrypt", "decrypt-export"):
        from companion.cli import encryption

        run = {
            "encrypt": encryption.run_encrypt,
            "decrypt": encryption.run_decrypt,
            "decrypt-export": encryption.run_decrypt_export,
        }[args.command]
        return run(args)

    if args.command in ("infusion", "calendar"):
        from companion.cli.course import run_calendar, run_infusion

        return run_infusion(args) if args.command == "infusion" else run_calendar(args)
    if args.command == "plain":
        from companion.cli.plain import run_plain_mode

        return run_plain_mode(args.script, args.scripts)
    # Importing Textual, Rich and the app makes some 40,000 objects that live as long as the
    # process: the cyclic collector, walking them again and again while they are made, finds
    # nothing. It is paused for the start-up, and launch sets them aside (gc.freeze) and has the
    # app turn it back on once its first frame is on the terminal (see docs/performance.md).
    gc.disable()
    try:
        from companion.cli.launch import run_app, run_preview

        if args.command == "preview":
            return run_preview(args.file)
        return run_app(args.scripts)
    finally:
        gc.enable()
