"""The first screen: before my session, after my session, continue, my journal (the words the
patient reads say "session" for the infusion)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from companion.app.literal import lines, literal
from companion.app.messages import (
    BackFromInfusion,
    ContinueRun,
    OpenInfusions,
    OpenJournal,
    StartScript,
)
from companion.home import ABOUT_THE_APP, HomeData
from companion.script.cards import ScriptCard


def _script_option(card: ScriptCard, ready: bool = False) -> Option:
    parts = [literal(card.title, "bold")]
    if ready:
        parts.append(literal(f"{card.title} is ready for you", "italic"))
    if card.summary:
        parts.append(literal(card.summary))
    if card.minutes:
        parts.append(literal(f"About {card.minutes} minutes"))
    return Option(lines(parts), id=f"script:{card.id}")


def _heading(text: str) -> Option:
    return Option(literal(text, "bold"), disabled=True)


def options(data: HomeData) -> list[Option | None]:
    found: list[Option | None] = []
    if data.unfinished:
        found.append(_heading("Continue where you left off"))
        for run, where in data.unfinished:
            prompt = lines([literal(run.script_title, "bold"), literal(where)])
            found.extend([Option(prompt, id=f"continue:{run.id}"), None])
    if data.back_from is not None:
        back = Content.from_markup(
            "[b]I'm back from my infusion[/b]\nTimes the reflections from now (b)"
        )
        found.extend([Option(back, id="back"), None])
    found.append(_heading("Before my session"))
    found.extend(_spaced([_script_option(c, c.id in data.ready) for c in data.before]))
    found.append(_heading("After my session"))
    found.extend(_spaced([_script_option(c, c.id in data.ready) for c in data.after]))
    found.extend([Option(literal("My journal", "bold"), id="journal"), None])
    infusions = Content.from_markup("[b]My infusions[/b]\nAdd or change the dates (i)")
    found.extend([Option(infusions, id="infusions"), None])
    if data.unavailable:
        found.append(_heading("Not available just now"))
        found.extend(Option(literal(line), disabled=True) for line in data.unavailable)
    return found


def _spaced(items: list[Option]) -> list[Option | None]:
    spaced: list[Option | None] = []
    for item in items:
        spaced.extend([item, None])
    return spaced


class FooterBar(Widget):
    """The footer's bar, empty: in its place in home's first frame, until the footer's keys come
    (an empty :class:`~companion.app.widgets.footer.Footer` looks the same; its style is in
    home.tcss and app.tcss, which are read with the app's)."""

    def render(self) -> str:
        return ""  # a widget draws its class's name unless told otherwise


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    # The theme key works everywhere; the home screen, where there is room, shows it. The journal
    # is in the list too, but below the scripts: its key in the footer is always in sight.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "journal", "My journal"),
        Binding("f2", "app.next_theme", "Theme"),
        Binding("i", "infusions", "Infusions"),
        Binding("b", "back", "I'm back", show=False),
    ]

    def __init__(self, data: HomeData, first: bool = False) -> None:
        """``first``: home is in the app's first frame. In its footer's place is an empty bar
        until :meth:`show_footer_keys`, so that the frame has what the patient needs to choose
        (the list) and is on the terminal sooner (docs/performance.md); the footer's keys follow
        a frame later, and Textual's footer is not even imported before."""
        super().__init__()
        self.data = data
        self.first = first
        self._keys_pending = False
        """Its footer was asked for its keys and has not said it has them."""

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("Welcome. Choose where you would like to begin.", id="welcome")
            yield Static(literal(self.data.course_line), id="course-line")
            yield Static(ABOUT_THE_APP, id="about")
            yield OptionList(*options(self.data), id="choices")
        if self.first:
            yield FooterBar()
        else:
            from companion.app.widgets.footer import Footer

            yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.focus()
        choices.action_first()

    def show_footer_keys(self) -> None:
        """The app's first frame is on the terminal: put the footer in its bar's place, and
        show its keys (the footer says when they are shown: ``Footer.KeysShown``)."""
        self._keys_pending = True
        self.call_later(self._footer_in)

    def on_footer_keys_shown(self) -> None:
        self._keys_pending = False  # the message goes on to the app

    def on_unmount(self) -> None:
        if self._keys_pending:
            # Left before its footer had its keys (the footer's message goes with it): the app
            # is told all the same, as it goes on from there (it has settled).
            from companion.app.widgets.footer import Footer

            self.app.post_message(Footer.KeysShown())

    async def _footer_in(self) -> None:
        if not self.is_attached:  # the app is closing (quit just after its first frame)
            return  # nothing to show; on_unmount tells the app
        from companion.app.widgets.footer import Footer

        footer = Footer(held=True)
        bars = self.query(FooterBar)
        with self.app.batch_update():  # never a frame with both, or with neither
            await self.mount(footer, before=bars.first() if bars else None)
            await bars.remove()
        footer.show_keys()

    def action_journal(self) -> None:
        self.post_message(OpenJournal())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        kind, _, key = chosen.partition(":")
        if kind == "script":
            self.post_message(StartScript(key))
        elif kind == "continue":
            self.post_message(ContinueRun(int(key)))
        elif kind == "journal":
            self.post_message(OpenJournal())
        elif kind == "infusions":
            self.action_infusions()
        elif kind == "back":
            self.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.data.back_from is not None
        return True

    def action_infusions(self) -> None:
        self.post_message(OpenInfusions())

    def action_back(self) -> None:
        if self.data.back_from is not None:
            self.post_message(BackFromInfusion(self.data.back_from.id))
