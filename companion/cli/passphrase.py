"""Reading a passphrase: from the terminal without echo, or one line at a time from standard
input when that is not a terminal (scripted use, tests). Nothing here keeps, logs or prints it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

MIN_LENGTH = 8

NO_RECOVERY = (
    "Please read this first: if you forget this passphrase, nobody can open your journal again. "
    "Not you, not your care team, not the people who make the companion. "
    "There is no recovery and no back door."
)
NO_RECOVERY_AGAIN = (
    "Once more, because it matters: a forgotten passphrase cannot be recovered, "
    "so write it down somewhere safe."
)
TOO_SHORT = (
    f"Please choose a passphrase of at least {MIN_LENGTH} characters "
    "(a few ordinary words together are easy to remember and hard to guess)."
)
NOT_THE_SAME = "The two passphrases were not the same, so nothing was changed."
NOTHING_GIVEN = "No passphrase was given, so nothing was changed."


class NoPassphrase(Exception):
    """The patient gave none: standard input ended, or they pressed ctrl+c. The message is
    the one sentence to show."""


class Passphrases:
    """Asks for passphrases on ``stream`` (default: standard input)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        secret_input: Callable[[str], str] | None = None,
    ) -> None:
        self._stream = stream or sys.stdin
        self._secret_input = secret_input
        """Reads a passphrase without echo (``getpass.getpass`` when not given: imported only
        when a journal is encrypted, not for every command that reads one)."""

    @property
    def interactive(self) -> bool:
        try:
            return self._stream.isatty()
        except (AttributeError, ValueError):
            return False

    def ask(self, prompt: str) -> str:
        """One passphrase; raises :class:`NoPassphrase` when none comes."""
        try:
            if self.interactive:
                if self._secret_input is None:
                    from getpass import getpass

                    self._secret_input = getpass
                return self._secret_input(prompt)
            line = self._stream.readline()
        except (EOFError, KeyboardInterrupt):
            if self.interactive:
                print(file=sys.stderr)
            raise NoPassphrase(NOTHING_GIVEN) from None
        if not line:
            raise NoPassphrase(NOTHING_GIVEN)
        return line.rstrip("\r\n")

    def new(self, what: str = "passphrase", warn: str | None = NO_RECOVERY_AGAIN) -> str:
        """A new passphrase, asked twice; ``warn`` is said between the two."""
        first = self.ask(f"Choose a {what}: ")
        if len(first) < MIN_LENGTH:
            raise NoPassphrase(TOO_SHORT)
        if warn:
            print(warn, file=sys.stderr)
        second = self.ask(f"Type the same {what} again: ")
        if first != second:
            raise NoPassphrase(NOT_THE_SAME)
        return first
