"""My journal: the runs so far, newest first; search through everything written; check-in
trends; an export for the therapist."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from companion.app.literal import join, lines, literal, literal_strip
from companion.app.messages import GoHome
from companion.app.pace import timings_of
from companion.course.words import InfusionGroup
from companion.journal.export import export_markdown, export_path, write_export
from companion.journal.model import RunInfo, Store
from companion.journal.search import SearchHit
from companion.journal.series import Search, Series

EXPORT_TRIES = 20
"""Names tried for an export before giving up (each is free when chosen; another program may
take it a moment later)."""
HIGHLIGHT = "bold underline $foreground on $accent-muted"
"""How matched words are marked: the theme's calm accent, never red."""
NOT_PROTECTED = (
    "This copy is not protected by the companion: anyone who can open your files can read it. "
    "Share it only in the way you choose."
)


def when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%B %Y}, {local:%H:%M}"


@dataclass(frozen=True)
class JournalAccess:
    """What the journal screens need from the app."""

    store: Store
    search: Search | None
    """Full-text search, or ``None`` when the store has none."""
    series: Callable[[], list[Series]] | None
    """The check-in series, or ``None`` when the store cannot draw trends."""
    export_folder: Callable[[], Path]
    today: Callable[[], date]
    groups: Callable[[list[RunInfo]], list[InfusionGroup]] | None = None
    """The runs by infusion, with each infusion's line; ``None``: a plain list."""


def run_option(run: RunInfo) -> Option:
    state = "finished" if run.finished else "not finished yet"
    prompt = lines(
        [literal(run.script_title, "bold"), literal(f"{when(run.started_at)} · {state}")]
    )
    return Option(prompt, id=f"run:{run.id}")


def hit_option(index: int, hit: SearchHit) -> Option:
    snippet = literal(" ".join(hit.snippet.split("\n")))
    for start, end in hit.spans:
        snippet = snippet.stylize(HIGHLIGHT, start, end)
    head = join(literal(hit.run.script_title, "bold"), f" · {when(hit.run.started_at)}")
    # Italic, not dim: dim text falls below 4.5:1 on a highlighted row (tests/test_contrast.py).
    prompt = literal(hit.prompt, "italic")
    return Option(lines([head, prompt, snippet]), id=f"hit:{index}:{hit.run.id}")


def found_line(query: str, hits: list[SearchHit]) -> str:
    if not hits:
        return f"Nothing you have written matches “{query}”."
    places = "1 place matches" if len(hits) == 1 else f"{len(hits)} places match"
    return f"{places} “{query}”. Press Enter on one to read it all."


class SearchBox(Input):
    """The search box: what is pasted into it is searched for exactly, and drawn safely."""

    def render_line(self, y: int) -> Strip:
        return literal_strip(super().render_line(y))


class JournalScreen(Screen[None]):
    CSS_PATH = "journal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f", "search", "Search", priority=True),
        Binding("ctrl+t", "trends", "Trends", priority=True, tooltip="Check-ins over time"),
        Binding("ctrl+e", "export", "Export", priority=True, tooltip="Export for my therapist"),
    ]

    def __init__(self, access: JournalAccess) -> None:
        super().__init__()
        self.access = access
        self.runs = access.store.runs()
        self._timer: Timer | None = None
        self.query_text = ""
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("My journal", id="journal-title")
            if self.access.search is not None:
                yield SearchBox(placeholder="Search everything you have written", id="search")
            yield Static("", id="found")
            yield OptionList(id="entries")
            with Horizontal(id="actions"):
                if self.access.series is not None:
                    yield Button("Check-in trends", id="trends")
                yield Button("Export for my therapist", id="export")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_runs()
        entries = self.query_one("#entries", OptionList)
        entries.focus()

    def show_runs(self) -> None:
        entries = self.query_one("#entries", OptionList)
        entries.clear_options()
        if not self.runs:
            entries.add_option(
                Option("Your walks through the scripts will be listed here.", disabled=True)
            )
            self.query_one("#found", Static).update("")
            return
        entries.add_options(self._run_items())
        count = "1 time" if len(self.runs) == 1 else f"{len(self.runs)} times"
        self.query_one("#found", Static).update(f"You have walked through a script {count}.")
        entries.highlighted = next(
            i for i in range(entries.option_count) if not entries.get_option_at_index(i).disabled
        )

    def _run_items(self) -> list[Option | None]:
        """The runs, newest first; under each infusion's line when the course is kept."""
        groups = self.access.groups(self.runs) if self.access.groups else []
        if all(group.infusion is None for group in groups):
            return [item for run in self.runs for item in (run_option(run), None)]
        items: list[Option | None] = []
        for group in groups:
            items.append(Option(literal(group.heading, "bold $accent"), disabled=True))
            items.extend(item for run in group.runs for item in (run_option(run), None))
            if not group.runs:
                items.append(None)
        return items

    def show_hits(self, query: str) -> None:
        search = self.access.search
        if search is None:
            return
        self.query_text = query
        if not query.strip():
            self.hits = []
            self.show_runs()
            return
        self.hits = search(query)
        entries = self.query_one("#entries", OptionList)
        entries.clear_options()
        entries.add_options(
            [item for i, hit in enumerate(self.hits) for item in (hit_option(i, hit), None)]
        )
        self.query_one("#found", Static).update(literal(found_line(query.strip(), self.hits)))
        if self.hits:
            entries.highlighted = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return self.access.search is not None
        if action == "trends":
            return self.access.series is not None
        return True

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        # After a pause in typing (Enter searches at once).
        pause = timings_of(self).search_pause
        self._timer = self.set_timer(pause, lambda: self.show_hits(value))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.show_hits(event.value)
        if self.hits:
            self.query_one("#entries", OptionList).focus()

    @on(OptionList.OptionSelected, "#entries")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        self.open_run(int(chosen.rsplit(":", 1)[1]))

    def open_run(self, run_id: int) -> None:
        from companion.app.screens.journal_run import JournalRunScreen

        store = self.access.store
        self.app.push_screen(
            JournalRunScreen(store.run(run_id), store.answers(run_id), store.drafts(run_id))
        )

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "trends":
            self.action_trends()
        elif event.button.id == "export":
            self.action_export()

    def action_back(self) -> None:
        search = self.query("#search")
        if search and isinstance(box := search.first(), Input) and box.value:
            box.value = ""
            self.show_hits("")
            box.focus()
            return
        self.post_message(GoHome())

    def action_search(self) -> None:
        for box in self.query("#search"):
            box.focus()

    def action_trends(self) -> None:
        if self.access.series is None:
            return
        from companion.app.screens.trends import TrendScreen

        self.app.push_screen(TrendScreen(self.access.series()))

    def action_export(self) -> None:
        self.query_one("#export", Button).disabled = True
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        try:
            text = export_markdown(self.access.store)
            folder = self.access.export_folder()
            for _ in range(EXPORT_TRIES):
                path = export_path(folder, self.access.today())
                try:
                    write_export(text, path)
                    break
                except FileExistsError:  # written by someone else a moment ago: the next name
                    continue
            else:
                raise FileExistsError(errno.EEXIST, "every name tried was taken", str(folder))
        except OSError as error:
            self.app.call_from_thread(self._export_failed, error)
            return
        self.app.call_from_thread(self._exported, path)

    def _exported(self, path: Path) -> None:
        self.query_one("#export", Button).disabled = False
        self.query_one("#found", Static).update(literal(f"Your journal was copied to {path}"))
        self.notify(
            f"Your journal is in {path}\n\n{NOT_PROTECTED}",
            title="Ready for your therapist",
            timeout=20,
            markup=False,
        )

    def _export_failed(self, error: OSError) -> None:
        self.query_one("#export", Button).disabled = False
        reason = error.strerror or "the folder could not be written to"
        self.notify(
            f"The copy could not be written ({reason.lower()}). Your journal itself is safe.",
            title="Nothing was exported",
            severity="warning",
            timeout=20,
            markup=False,
        )
