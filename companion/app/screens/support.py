"""Who the patient can reach: opened with F1 or ?, and gently on its own after a hard answer.

Only draws: what is listed, in which order, and for which region is decided by
:mod:`companion.script.clinic.support`. Text from the clinic, the scripts and the regional data is
shown literally (``literal``, never markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.content import Content

from companion.app.literal import join, literal
from companion.app.messages import ChooseRegion
from companion.script.clinic.crisis import ELSEWHERE as SOMEWHERE_ELSE
from companion.script.clinic.support import Contact, SupportView


def _entry(contact: Contact) -> Content:
    parts: list[Content | str] = [literal(contact.label, "bold"), "\n", literal(contact.contact)]
    if contact.hours:
        parts += ["\n", literal(contact.hours)]
    return join(*parts)


class SupportScreen(ModalScreen[None]):
    """The care team, then the crisis lines as their own group, then the plain note."""

    CSS_PATH = "support.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_support", "Close"),
    ]

    def __init__(self, view: SupportView) -> None:
        super().__init__()
        self.view = view

    @property
    def offered(self) -> bool:
        return self.view.offer is not None

    def compose(self) -> ComposeResult:
        view = self.view
        with Vertical(id="support-box"):
            yield Static("Support", id="support-title")
            with VerticalScroll(id="support-list"):
                if view.offer:
                    yield Static(literal(view.offer), id="support-offer")
                yield Static("Your care team", classes="group")
                for contact in view.care_team:
                    yield Static(_entry(contact), classes="entry")
                yield Static(literal(view.crisis_heading), classes="group", id="crisis-heading")
                if view.crisis_line:
                    yield Static(literal(view.crisis_line), classes="entry", id="crisis-line")
                for contact in view.crisis:
                    yield Static(_entry(contact), classes="entry crisis")
                yield Static(literal(view.region_line), id="support-region")
            yield Static(literal(view.note), id="support-note")
            with Horizontal(id="support-buttons"):
                yield Button("Back to where I was", id="support-close", variant="primary")
                if view.can_choose_region:
                    yield Button("Choose where I live", id="support-region-choose")

    def on_mount(self) -> None:
        self.query_one("#support-close", Button).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Let the list scroll and keep the note and the close button always in sight."""
        fixed = sum(
            w.outer_size.height + w.styles.margin.top + w.styles.margin.bottom
            for w in self.query("#support-title, #support-note, #support-buttons")
        )
        room = max(self.size.height - fixed - 2, 3)  # 2: the box's border
        listing = self.query_one("#support-list")
        current = listing.styles.max_height
        if current is None or current.value != room:
            listing.styles.max_height = room

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "support-region-choose":
            self.post_message(ChooseRegion())
        else:
            self.dismiss(None)

    def action_dismiss_support(self) -> None:
        self.dismiss(None)


class RegionScreen(ModalScreen[str | None]):
    """A short list of the regions the app has crisis lines for, and "somewhere else"."""

    CSS_PATH = "support.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]

    def __init__(self, regions: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.regions = regions
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(literal(name), id=code) for code, name in self.regions]
        options.append(Option("Somewhere else", id=SOMEWHERE_ELSE))
        with Vertical(id="region-box"):
            yield Static("Where do you live?", id="support-title")
            yield Static(
                "This chooses the crisis lines on the support screen. It stays on this computer.",
                id="region-help",
            )
            yield OptionList(*options, id="region-list")

    def on_mount(self) -> None:
        options = self.query_one("#region-list", OptionList)
        codes = [code for code, _ in self.regions] + [SOMEWHERE_ELSE]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
