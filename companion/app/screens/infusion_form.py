"""The small form that adds or changes one infusion, and the question before removing one.
What was typed is read by the domain (:mod:`companion.course.edit`); a mistake is one calm
sentence under the form, and nothing is saved until it reads right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from companion.app.literal import literal
from companion.course.edit import InfusionFields, read_fields
from companion.course.when import WhenError, typed
from companion.journal.model import Infusion


class InfusionForm(ModalScreen[InfusionFields | None]):
    """Add an infusion (``infusion`` is ``None``) or change one. Dismissed with the fields as
    typed, or ``None`` when the patient cancels."""

    CSS_PATH = "infusions.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        clock: Callable[[], datetime],
        infusion: Infusion | None = None,
        suggested: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.clock = clock
        self.infusion = infusion
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        infusion = self.infusion
        with Vertical(id="form-box"):
            yield Static(literal(self.title_text), id="form-title")
            yield Label("Date and time (YYYY-MM-DD HH:MM, your local time)")
            yield Input(
                typed(infusion.starts_at) if infusion else self.suggested,
                placeholder="YYYY-MM-DD HH:MM",
                id="when",
            )
            yield Label("How long it usually takes, in minutes (leave empty if unsure)")
            minutes = "" if infusion is None or infusion.minutes is None else str(infusion.minutes)
            yield Input(minutes, placeholder="120", id="minutes", restrict=r"\d*")
            if infusion is not None:
                yield Label("Back at (leave empty if not back yet)")
                ended = "" if infusion.ended_at is None else typed(infusion.ended_at)
                yield Input(ended, placeholder="YYYY-MM-DD HH:MM", id="back-at")
            yield Label("A note for yourself (optional, such as who drives you home)")
            yield Input(infusion.note or "" if infusion else "", id="note", max_length=500)
            yield Static("", id="form-problem")
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):  # no blinking when animations are off
            field.cursor_blink = self.app.animation_level != "none"
        self.query_one("#when", Input).focus()

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        return found.first(Input).value if found else ""

    def read(self) -> InfusionFields | None:
        """The fields as typed, or ``None`` with the problem shown under the form."""
        try:
            return read_fields(
                self._value("#when"),
                self._value("#minutes"),
                self._value("#note"),
                self.clock(),
                self._value("#back-at"),
            )
        except WhenError as problem:
            self.query_one("#form-problem", Static).update(literal(str(problem)))
            return None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        fields = self.read()
        if fields is not None:
            self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmRemove(ModalScreen[bool]):
    """Asks once before an infusion is removed; what was written for it always stays."""

    CSS_PATH = "infusions.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep it")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(literal(self.question), id="form-title")
            yield Static(
                "Anything you wrote for it stays in your journal, linked to no infusion.",
                id="form-note",
            )
            with Horizontal(id="form-buttons"):
                yield Button("Keep it", id="keep", variant="primary")
                yield Button("Remove", id="remove")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "remove")

    def action_keep(self) -> None:
        self.dismiss(False)
