"""My infusions: the course in order, with keys to add, change and remove one, to say "I'm
back", and to save the calendar file a phone imports. The rules and the words are the
domain's (:mod:`companion.course`); this screen draws them and forwards keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from companion.app.literal import literal
from companion.app.messages import GoHome
from companion.app.screens.infusion_form import ConfirmRemove, InfusionForm
from companion.course import edit
from companion.course.calendar import CALENDAR_NAME, course_calendar, write_calendar
from companion.course.edit import NOT_SAVED, InfusionFields
from companion.course.rules import Course, CourseSettings
from companion.course.when import WhenError, typed
from companion.course.words import infusion_line, next_line
from companion.journal.holding import write_errors
from companion.journal.model import Infusion, Store, ordinal
from companion.script.model import Script

IMPORT_HINT = (
    "Open it on your phone or computer to add the reminders to your calendar. Saving it again "
    "later updates them."
)


@dataclass(frozen=True)
class InfusionsAccess:
    """What the infusions screen needs from the app."""

    store: Store
    clock: Callable[[], datetime]
    scripts: Callable[[], list[Script]]
    settings: CourseSettings
    export_folder: Callable[[], Path]
    zone: Callable[[], tzinfo | None]
    """The local time zone for the calendar (``None``: not known by name, so UTC)."""


class InfusionsScreen(Screen[None]):
    CSS_PATH = "infusions.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "change", "Change"),
        Binding("delete,r", "remove", "Remove"),
        Binding("b", "back_now", "I'm back"),
        Binding("c", "calendar", "Calendar"),
    ]

    def __init__(self, access: InfusionsAccess) -> None:
        super().__init__()
        self.access = access
        self.course = Course.of(access.store, access.settings)

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("My infusions", id="infusions-title")
            yield Static("", id="course-line")
            yield OptionList(id="infusions")
            yield Static("", id="said")
            with Horizontal(id="actions"):
                yield Button("Add an infusion", id="add")
                yield Button("Save a calendar file", id="calendar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()
        self.query_one("#infusions", OptionList).focus()

    def show(self, chosen: int | None = None) -> None:
        """Read the course again and list it, keeping ``chosen`` (an infusion id) highlighted."""
        now = self.access.clock()
        self.course = Course.of(self.access.store, self.access.settings)
        self.query_one("#course-line", Static).update(literal(next_line(self.course, now)))
        listing = self.query_one("#infusions", OptionList)
        listing.clear_options()
        if not self.course.infusions:
            listing.add_option(
                Option("No infusions yet. Press a to add your next one.", disabled=True)
            )
            self.refresh_bindings()
            return
        items: list[Option | None] = []
        for infusion in self.course.infusions:
            text = literal(infusion_line(self.course, infusion, now))
            if infusion.note:
                text = Content("\n").join([text, literal(infusion.note, "italic")])
            items.extend([Option(text, id=f"infusion:{infusion.id}"), None])
        listing.add_options(items)
        ids = [x.id for x in self.course.infusions]
        coming = self.course.coming(now)
        target = chosen if chosen in ids else (coming.id if coming else ids[-1])
        listing.highlighted = ids.index(target)
        self.refresh_bindings()

    def highlighted(self) -> Infusion | None:
        listing = self.query_one("#infusions", OptionList)
        index = listing.highlighted
        if index is None or not self.course.infusions:
            return None
        option = listing.get_option_at_index(index)
        return self.course.by_id(int((option.id or ":0").split(":")[1]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("change", "remove"):
            return bool(self.course.infusions)
        if action == "back_now":
            return self.course.in_progress(self.access.clock()) is not None
        return True

    def say(self, text: str) -> None:
        self.query_one("#said", Static).update(literal(text))

    def _write(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except write_errors():
            self.notify(NOT_SAVED, title="Your infusions", severity="warning", timeout=20)
            return False
        return True

    def action_back(self) -> None:
        self.post_message(GoHome())

    def _suggested(self) -> str:
        """For a new infusion: a week after the last one, at the same local time."""
        if not self.course.infusions:
            return ""
        return typed(self.course.infusions[-1].starts_at + timedelta(days=7))

    def action_add(self) -> None:
        form = InfusionForm("Add an infusion", self.access.clock, suggested=self._suggested())
        self.app.push_screen(form, self._added)

    def _added(self, fields: InfusionFields | None) -> None:
        if fields is None:
            return
        store = self.access.store
        ids: list[int] = []
        if self._write(lambda: ids.append(edit.add(store, fields))):
            self.show(ids[0])
            infusion = self.course.by_id(ids[0])
            if infusion is not None:
                self.say(f"Added your {ordinal(self.course.number(infusion))} infusion.")

    def action_change(self) -> None:
        infusion = self.highlighted()
        if infusion is None:
            return
        title = f"Change your {ordinal(self.course.number(infusion))} infusion"
        form = InfusionForm(title, self.access.clock, infusion)
        self.app.push_screen(form, lambda fields: self._changed(infusion, fields))

    def _changed(self, infusion: Infusion, fields: InfusionFields | None) -> None:
        if fields is None:
            return
        if self._write(lambda: edit.change(self.access.store, infusion, fields)):
            self.show(infusion.id)
            self.say("Saved.")

    def action_remove(self) -> None:
        infusion = self.highlighted()
        if infusion is None:
            return
        number = ordinal(self.course.number(infusion))
        question = f"Remove your {number} infusion ({typed(infusion.starts_at)})?"
        self.app.push_screen(
            ConfirmRemove(question), lambda yes: self._removed(infusion, bool(yes))
        )

    def _removed(self, infusion: Infusion, yes: bool) -> None:
        if not yes:
            return
        course = self.course
        unlinked: list[int] = []
        if self._write(lambda: unlinked.append(self.access.store.remove_infusion(infusion.id))):
            self.show()
            self.say(edit.removed_words(course, infusion, unlinked[0]))

    def action_back_now(self) -> None:
        now = self.access.clock()
        infusion = self.course.in_progress(now)
        if infusion is None:
            return
        try:
            if self._write(lambda: edit.back_now(self.access.store, infusion, now)):
                self.show(infusion.id)
                self.say("Welcome back. The reflections are timed from now.")
        except WhenError as problem:
            self.say(str(problem))

    @on(OptionList.OptionSelected, "#infusions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_change()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self.action_add()
        elif event.button.id == "calendar":
            self.action_calendar()

    def action_calendar(self) -> None:
        self.query_one("#calendar", Button).disabled = True
        self._save_calendar()

    @work(thread=True, exclusive=True, group="calendar")
    def _save_calendar(self) -> None:
        access = self.access
        try:
            data = course_calendar(
                access.store, access.scripts(), access.clock(), access.zone(), access.settings
            )
            path = write_calendar(data, access.export_folder() / CALENDAR_NAME, overwrite=True)
        except OSError as error:
            self.app.call_from_thread(self._calendar_failed, error)
            return
        self.app.call_from_thread(self._calendar_saved, path)

    def _calendar_saved(self, path: Path) -> None:
        self.query_one("#calendar", Button).disabled = False
        self.say(f"Your calendar file is {path}")
        self.notify(f"{path}\n\n{IMPORT_HINT}", title="Calendar file saved", timeout=20)

    def _calendar_failed(self, error: OSError) -> None:
        self.query_one("#calendar", Button).disabled = False
        reason = (error.strerror or "the folder could not be written to").lower()
        self.notify(
            f"The calendar file could not be written ({reason}). Your journal is safe.",
            title="No calendar file",
            severity="warning",
            timeout=20,
        )
