"""``companion encrypt``, ``companion decrypt`` and ``companion decrypt-export``, and the
passphrase step every command that reads the journal goes through.

Each failure is one calm sentence on standard error and exit status 1, with nothing changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli.passphrase import NO_RECOVERY, NoPassphrase, Passphrases
from companion.journal.errors import JournalError
from companion.plaintext import visible

if TYPE_CHECKING:
    from companion.journal.keys import JournalKey

ASK_JOURNAL = "Passphrase for your journal: "


def _say(message: str) -> None:
    """A sentence for the person at the terminal; a path or an error in it may hold control
    characters (a file named with an escape), shown as stand-ins, never acted on."""
    print(visible(message), file=sys.stderr)


def journal_key(passphrases: Passphrases) -> JournalKey | None:
    """The key, when the journal is encrypted (asked for once); ``None`` when it is not.

    Raises :class:`JournalError` (wrong passphrase included) or :class:`NoPassphrase`.
    """
    from companion.journal.protect import needs_passphrase, unlock

    if not needs_passphrase():
        return None
    return unlock(passphrases.ask(ASK_JOURNAL))


def add_encrypt_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = parser.description or (
        "Keep your journal encrypted with a passphrase, or change the passphrase."
    )


def run_encrypt(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    from companion.journal.protect import change_passphrase, needs_passphrase, turn_on

    ask = passphrases or Passphrases()
    try:
        if needs_passphrase():
            _say("Your journal is already encrypted; this changes its passphrase.")
            old = ask.ask("Current passphrase: ")
            from companion.journal.protect import unlock

            unlock(old).wipe()  # a wrong one is told before a new one is asked for
            _say(NO_RECOVERY)
            change_passphrase(old, ask.new("new passphrase"))
            _say("Your journal's passphrase is changed. The old one no longer opens it.")
            return 0
        _say(NO_RECOVERY)
        notices = turn_on(ask.new())
    except NoPassphrase as exc:
        _say(str(exc))
        return 1
    except JournalError as exc:
        _say(_unchanged(str(exc)))
        return 1
    except OSError as exc:
        _say(f"Your journal could not be encrypted ({exc.strerror or exc}); nothing was changed.")
        return 1
    for notice in notices:
        _say(notice)
    _say(
        "Your journal is encrypted. The companion will ask for the passphrase each time "
        "it opens it."
    )
    return 0


def add_decrypt_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = parser.description or (
        "Stop encrypting your journal, after you give its passphrase."
    )


def run_decrypt(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    from companion.journal.protect import needs_passphrase, turn_off

    if not needs_passphrase():
        _say("Your journal is not encrypted, so there is nothing to turn off.")
        return 0
    ask = passphrases or Passphrases()
    try:
        notices = turn_off(ask.ask(ASK_JOURNAL))
    except NoPassphrase as exc:
        _say(str(exc))
        return 1
    except JournalError as exc:
        _say(_unchanged(str(exc)))
        return 1
    except OSError as exc:
        _say(f"Your journal could not be decrypted ({exc.strerror or exc}); nothing was changed.")
        return 1
    for notice in notices:
        _say(notice)
    _say(
        "Your journal is no longer encrypted: anyone who can use this account can read it. "
        "Run companion encrypt to protect it again."
    )
    return 0


def add_decrypt_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = parser.description or (
        "Read an export made with --encrypt (an age file), after its passphrase. The standard "
        "age tool opens it too: age -d FILE."
    )
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument(
        "--output",
        "-o",
        metavar="OUT",
        type=Path,
        help="write the readable export to OUT (0600) instead of printing it",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it already exists")


def run_decrypt_export(args: argparse.Namespace, passphrases: Passphrases | None = None) -> int:
    from companion.journal import age
    from companion.journal.export import write_export

    ask = passphrases or Passphrases()
    try:
        sealed = args.file.read_bytes()
    except OSError as exc:
        _say(f"{args.file} could not be read: {exc.strerror or exc}.")
        return 1
    try:
        plain = age.decrypt(sealed, age.passphrase_bytes(ask.ask("Passphrase for this export: ")))
    except NoPassphrase as exc:
        _say(str(exc))
        return 1
    except age.WrongPassphrase:
        _say("That passphrase does not open this export.")
        return 1
    except age.AgeError as exc:
        _say(f"{args.file} is not an export this can open ({exc}).")
        return 1
    try:
        if args.output is None:
            sys.stdout.buffer.write(plain)
            sys.stdout.flush()
        else:
            write_export(plain, args.output, overwrite=args.force)
            _say(f"The export was written to {args.output}.")
    except FileExistsError:
        _say(f"There is already a file at {args.output}. Choose another name, or add --force.")
        return 1
    except OSError as exc:
        _say(f"The export could not be written: {exc.strerror or exc}.")
        return 1
    return 0


def _unchanged(message: str) -> str:
    if "nothing was changed" in message.lower() or "nothing was deleted" in message.lower():
        return message
    return f"{message.rstrip('.')}. Nothing was changed."
