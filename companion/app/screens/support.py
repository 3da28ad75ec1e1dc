"""Who the patient can reach: opened with F1 or ?, and gently on its own after a hard answer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from companion.app.literal import join, literal
from companion.script.model import Script

NOT_MONITORED = (
    "Nobody watches this app, and it is not an emergency service. If you are in danger or "
    "need urgent help, call your local emergency number."
)
GENTLE_OFFER = "That sounds like a lot right now. If it would help, these people are there for you."


class SupportScreen(ModalScreen[None]):
    """The support entries, rendered, with the plain note."""

    CSS_PATH = "support.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_support", "Close"),
        Binding("enter", "dismiss_support", "Close", show=False),
    ]

    def __init__(self, entries: list[tuple[str, str]], offered: bool = False) -> None:
        super().__init__()
        self.entries = entries
        self.offered = offered

    @classmethod
    def for_script(cls, script: Script, offered: bool = False) -> SupportScreen:
        return cls(script.support_contacts(), offered)

    def compose(self) -> ComposeResult:
        with Vertical(id="support-box"):
            yield Static("Support", id="support-title")
            if self.offered:
                yield Static(GENTLE_OFFER, id="support-offer")
            with VerticalScroll(id="support-list"):
                for label, contact in self.entries:
                    yield Static(
                        join(literal(label, "bold"), "\n", literal(contact)), classes="entry"
                    )
            yield Static(NOT_MONITORED, id="support-note")
            yield Button("Back to where I was", id="support-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#support-close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_dismiss_support(self) -> None:
        self.dismiss(None)
