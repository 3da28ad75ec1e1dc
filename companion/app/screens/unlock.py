"""Asks for the passphrase of an encrypted journal: at start, and after the idle lock.

Only draws and forwards: the app's ``unlock`` does the work (in a worker thread, since
stretching the passphrase takes about half a second) and says how it went.
"""

from __future__ import annotations

from typing import Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from companion.app.literal import literal
from companion.app.widgets.footer import Footer

LOCKED = "Your journal is locked."
LOCKED_IDLE = "Your journal locked itself while you were away. Everything you wrote is kept."
ASK = "Type your passphrase and press Enter."
OPENING = "Opening your journal…"


class Unlocker(Protocol):
    def unlock(self, passphrase: str) -> str | None:
        """Open the journal; ``None`` when it opened, else one sentence saying why not."""

    def unlocked(self) -> None:
        """Called on the app's thread once the journal is open."""


class UnlockScreen(Screen[None]):
    CSS_PATH = "unlock.tcss"

    def __init__(self, unlocker: Unlocker, *, after_idle: bool = False) -> None:
        super().__init__()
        self._unlocker = unlocker
        self._after_idle = after_idle

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static(LOCKED_IDLE if self._after_idle else LOCKED, id="unlock-title")
            yield Static(ASK, id="unlock-ask")
            yield Input(password=True, id="passphrase", placeholder="Passphrase")
            yield Static("", id="unlock-note")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        passphrase = self.query_one("#passphrase", Input)
        passphrase.cursor_blink = self.app.animation_level != "none"  # as every text box
        passphrase.focus()

    @on(Input.Submitted, "#passphrase")
    def submitted(self, event: Input.Submitted) -> None:
        box = event.input
        passphrase = box.value
        box.value = ""  # the widget keeps no copy once it has been handed on
        if not passphrase:
            return
        box.disabled = True
        self.query_one("#unlock-note", Static).update(OPENING)
        self._try(passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def _try(self, passphrase: str) -> None:
        problem = self._unlocker.unlock(passphrase)
        del passphrase
        self.app.call_from_thread(self._done, problem)

    def _done(self, problem: str | None) -> None:
        if problem is None:
            self._unlocker.unlocked()
            return
        self.query_one("#unlock-note", Static).update(literal(problem))  # may name a folder
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        box.focus()
