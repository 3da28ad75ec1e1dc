"""``companion preview FILE``: one script, nothing saved, reloaded when the file changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from companion.app.app import CompanionApp
from companion.app.screens.problems import ProblemsScreen
from companion.app.screens.run import RunScreen
from companion.journal.model import MemoryStore
from companion.run.run import Run
from companion.script.loader import load_script
from companion.script.model import AnswerValue, LoadedScript

POLL_SECONDS = 0.5


class PreviewApp(CompanionApp):
    """The companion on one file, for a therapist writing a script."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reload", "Reload"),
        Binding("r", "reload", "Reload", show=False),
    ]

    def __init__(self, path: Path, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._shown: Run | None = None
        """The last run that loaded; its answers carry over a reload, even past a broken
        save of the file in between."""

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(POLL_SECONDS, self._poll)

    def get_default_screen(self) -> Screen[Any]:
        return Screen(id="_default")  # Textual's own: the preview's screen is pushed when ready

    def on_ready(self) -> None:
        # Pushed, not the default screen: a default screen's own style sheet is read before the
        # app's, and the app's then win the ties (the problems screen lost its muted lines).
        # CompanionApp.on_ready runs next.
        if not self._first_screen_shown:
            self.push_screen(self._build(kept={}, position=None))

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    async def _poll(self) -> None:
        if self._file_stamp() != self._stamp:
            await self.action_reload()

    async def action_reload(self) -> None:
        kept: dict[str, tuple[str, AnswerValue]] = {}
        position = None
        run = self._shown
        if run is not None:
            self.flush()
            flow = run.flow
            kept = {k: (run.script.step(k).type, v) for k, v in flow.answers.items()}
            position = flow.current.id
        self.switch_screen(self._build(kept, position))

    def _build(
        self, kept: dict[str, tuple[str, AnswerValue]], position: str | None
    ) -> Screen[None]:
        self._stamp = self._file_stamp()
        result = load_script(self.path, tracks=None)
        if result.script is None:
            return ProblemsScreen(self.path, result.problems)
        script = result.script
        loaded = LoadedScript(script, self.path, result.sha256, "extra")
        self.library.scripts = {script.id: loaded}
        types = {s.id: s.type for s in script.steps}
        answers = {k: v for k, (kind, v) in kept.items() if types.get(k) == kind}
        self._shown = Run.start(loaded, MemoryStore(), answers, position)
        return RunScreen(self._shown)

    def action_home(self) -> None:
        self.switch_screen(self._build({}, None))
