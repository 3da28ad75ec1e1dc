"""One step at a time: title, "Step 3 of 12", the step, and back / skip / next."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from companion.app.widgets.footer import Footer
from companion.app.widgets.progress import StepProgress
from companion.app.widgets.steps import StepView, view_for
from companion.app.widgets.steps.text import TextView
from companion.run.flow import support_triggered
from companion.run.run import Session
from companion.script.model import ChecklistStep


class RunScreen(Screen[None]):
    """Walks a :class:`Session`; every answer goes to the store as it is given."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["run.tcss", "../widgets/steps/sound.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+s", "skip", "Skip"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._offered_support = False

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static(self.session.script.title, id="script-title")
            yield StepProgress(id="progress")
            yield Static("", id="step-title")
            yield VerticalScroll(id="step-area", can_focus=False)
            yield Static("", id="note")
            with Horizontal(id="nav"):
                yield Button("Back", id="back")
                yield Button("Skip", id="skip")
                yield Button("Next", id="next", variant="primary")
        # Compact and without the palette hint, so that F1 Support always fits at 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show_step()

    @property
    def view(self) -> StepView | None:
        views = self.query(StepView)
        return views.first() if views else None

    async def show_step(self) -> None:
        """Render the flow's current step."""
        # One layout and one paint for the whole step, not one per mount (about 3 per step).
        with self.app.batch_update():
            flow = self.session.flow
            step = flow.current
            self._offered_support = False
            area = self.query_one("#step-area", VerticalScroll)
            await area.remove_children()
            view = view_for(self.session.script, step, flow.value, self.session.drafts.get(step.id))
            await area.mount(view)
            area.scroll_home(animate=False)
            title = self.session.script.render(step.title) if step.title else ""
            self.query_one("#step-title", Static).update(title)
            self.query_one("#step-title").display = bool(title)
            self.query_one(StepProgress).show(flow.progress)
            self.query_one("#note", Static).update("")
            self.query_one("#back", Button).disabled = not flow.can_go_back
            self.query_one("#skip", Button).display = flow.can_skip
            self.refresh_bindings()
            target = view.focus_target()
            (target or self.query_one("#next", Button)).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return self.session.flow.can_skip
        if action == "back":
            return self.session.flow.can_go_back
        return True

    def flush(self) -> None:
        """Save text still being typed (before quitting, say)."""
        view = self.view
        if isinstance(view, TextView):
            self.session.save_draft(view.step, view.text())

    def _commit(self) -> None:
        """Keep what the current step holds before leaving it."""
        view = self.view
        if view is None:
            return
        step, flow = view.step, self.session.flow
        if isinstance(view, TextView):
            text = view.text()
            if text.strip():
                self.session.record(step, text)
            elif isinstance(flow.answers.get(step.id), str):  # the patient cleared their words
                self.session.forget(step)
        elif isinstance(step, ChecklistStep) and step.id not in flow.answers:
            self.session.record(step, view.value())

    async def action_next(self) -> None:
        self._commit()
        reason = self.session.flow.next()
        if reason is not None:
            self.query_one("#note", Static).update(reason)
            return
        await self._moved()

    async def action_back(self) -> None:
        self._commit()
        if self.session.flow.back():
            await self._moved()

    async def action_skip(self) -> None:
        view = self.view
        if view is None or not self.session.flow.can_skip:
            return
        if isinstance(view, TextView) and view.text().strip():
            # Skipping would throw the words away (ctrl+s often means "save" to people).
            self.query_one("#note", Static).update(
                "Your words are kept. To go on with them, choose Next; "
                "to skip this question, clear the text first."
            )
            return
        self.session.record(view.step, None)
        self.session.flow.skip()
        await self._moved()

    async def _moved(self) -> None:
        flow = self.session.flow
        if flow.complete:
            from companion.app.screens.summary import SummaryScreen

            self.session.finish()
            self.app.switch_screen(SummaryScreen(self.session))
            return
        self.session.moved()
        await self.show_step()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "back":
            await self.action_back()
        elif event.button.id == "skip":
            await self.action_skip()

    @on(StepView.Answered)
    def _answered(self, event: StepView.Answered) -> None:
        self.session.record(event.view.step, event.value)
        self.query_one("#note", Static).update("")
        if not self._offered_support and support_triggered(event.view.step, event.value):
            self._offered_support = True
            from companion.app.screens.support import SupportScreen

            self.app.push_screen(SupportScreen.for_script(self.session.script, offered=True))

    @on(StepView.Draft)
    def _draft(self, event: StepView.Draft) -> None:
        self.session.save_draft(event.view.step, event.text)
