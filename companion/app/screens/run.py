"""One step at a time: title, "Step 3 of 12", the step, and back / skip / next."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from companion.app.literal import literal
from companion.app.messages import OfferSupport
from companion.app.screens.base import RunHolder
from companion.app.widgets.footer import Footer
from companion.app.widgets.progress import StepProgress
from companion.app.widgets.steps import StepView, view_for
from companion.app.widgets.steps.text import TextView
from companion.script.model import ScaleStep, SupportFocus


class RunScreen(RunHolder):
    """Shows a :class:`~companion.run.run.Run` one step at a time and forwards what the patient
    does to it; every answer goes to the store as it is given."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["run.tcss", "../widgets/steps/sound.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+s", "skip", "Skip"),
    ]
    # Words that run past the screen scroll by keyboard (Page Up/Down, and the arrows where the
    # focused widget has no use for them), and the footer says when there is more: Scrolling.

    _offered_support = False
    scroll_selector = "#step-area"

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static(literal(self.run.script.title), id="script-title")
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
            flow = self.run.flow
            step = flow.current
            self._offered_support = False
            area = self.query_one("#step-area", VerticalScroll)
            await area.remove_children()
            view = view_for(self.run.script, step, flow.value, self.run.drafts.get(step.id))
            await area.mount(view)
            area.scroll_home(animate=False)
            title = self.run.script.render(step.title) if step.title else ""
            self.query_one("#step-title", Static).update(literal(title))
            self.query_one("#step-title").display = bool(title)
            self.query_one(StepProgress).show(flow.progress)
            self.query_one("#note", Static).update("")
            self.query_one("#back", Button).disabled = not flow.can_go_back
            self.query_one("#skip", Button).display = flow.can_skip
            self.refresh_bindings()
            target = view.focus_target()
            # The step opens at its top (its prompt), even when what takes focus is lower down.
            (target or self.query_one("#next", Button)).focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return self.run.flow.can_skip
        if action == "back":
            return self.run.flow.can_go_back
        return super().check_action(action, parameters)

    def flush(self) -> None:
        """Save text still being typed (before quitting, say)."""
        view = self.view
        if isinstance(view, TextView):
            self.run.save_draft(view.step, view.text())

    def _commit(self) -> None:
        """Keep what the current step holds before leaving it (the step type's rule)."""
        view = self.view
        if view is not None:
            self.run.leave(view.step, view.value())

    async def action_next(self) -> None:
        self._commit()
        reason = self.run.flow.next()
        if reason is not None:
            self.query_one("#note", Static).update(literal(reason))
            return
        await self._moved()

    async def action_back(self) -> None:
        self._commit()
        if self.run.flow.back():
            await self._moved()

    async def action_skip(self) -> None:
        view = self.view
        if view is None or not self.run.flow.can_skip:
            return
        reason = self.run.skip(view.value())
        if reason is not None:
            self.query_one("#note", Static).update(reason)
            return
        await self._moved()

    async def _moved(self) -> None:
        flow = self.run.flow
        if flow.complete:
            from companion.app.screens.summary import SummaryScreen

            self.run.finish()
            self.app.switch_screen(SummaryScreen(self.run))
            return
        self.run.moved()
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
        self.run.record(event.view.step, event.value)
        self.query_one("#note", Static).update("")
        step = event.view.step
        if not self._offered_support and step.offers_support(event.value):
            self._offered_support = True
            # A scale says what its offer is about; a questionnaire's alert item is about safety.
            focus: SupportFocus = "everyone"
            if isinstance(step, ScaleStep) and step.support_when is not None:
                focus = step.support_when.show
            self.post_message(OfferSupport(focus))

    @on(StepView.Draft)
    def _draft(self, event: StepView.Draft) -> None:
        # The message may arrive after a newer save (a quit's flush saves the text as it is now):
        # save what the box holds now, never the older text the message carries, and nothing
        # for a step already left (its words were kept as the answer).
        view = event.view
        if view is not self.view:
            return
        text = view.text() if isinstance(view, TextView) else event.text
        self.run.save_draft(view.step, text)
