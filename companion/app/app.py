"""The companion app: a few screens over the library, the run and the journal store.

The app owns what lives as long as it does: the journal store (through a :class:`HoldingStore`),
the settings file, the sound player, the retry timer and the screen stack. Screens ask for things
with messages (:mod:`companion.app.messages`); the run belongs to the screen that shows it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncGenerator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.filter import NoColor
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer

from companion import crash, shutdown
from companion.app.messages import (
    BackFromInfusion,
    ChooseRegion,
    ContinueRun,
    GoHome,
    OfferSupport,
    OpenInfusions,
    OpenJournal,
    StartScript,
)
from companion.app.screens.home import HomeScreen
from companion.app.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from companion.app.sound import AppSound, PlayerFactory
from companion.app.themes import DEFAULT_THEME, THEMES
from companion.course.rules import CourseSettings
from companion.home import home_data, start_run
from companion.idle import CHECK_EVERY, IdleWatch, lock_minutes
from companion.journal.errors import JournalError, JournalLockedError, WrongPassphraseError
from companion.journal.holding import (
    QUIT_HELD,
    RETRY_EVERY,
    START_FAILED,
    HoldingStore,
    write_errors,
)
from companion.journal.model import MemoryStore, RunInfo, Store
from companion.paths import Locations, UnsafeFolderError
from companion.paths import locations as default_locations
from companion.script.cards import LibraryIndex
from companion.settings import SettingsFile
from companion.terminal import wants_plain
from companion.timings import Timings

# Only what the first screen needs is imported at start-up (see docs/performance.md): every
# other screen, and what only it uses, is imported when it is first opened.
if TYPE_CHECKING:
    from textual.message import Message
    from textual.pilot import Pilot

    from companion.app.screens.run import RunScreen
    from companion.app.screens.support import SupportScreen
    from companion.course.words import InfusionGroup
    from companion.run.run import Run
    from companion.script.clinic.crisis import CrisisData
    from companion.script.library import Library
    from companion.script.model import LoadedScript, SupportFocus

StoreFactory = Callable[[], Store]
Opener = Callable[[str], Store]
"""Opens an encrypted journal with the patient's passphrase (raises JournalError)."""

WRONG_PASSPHRASE = "That passphrase does not open your journal. Please try again."
ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class CompanionApp(App[int]):
    # Home's style sheet is read with the app's: a screen bringing a sheet of its own makes
    # Textual parse every sheet again when it is first shown, before home's first paint.
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = [
        "app.tcss",
        "screens/home.tcss",
    ]
    TITLE = "Companion"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "support", "Support", priority=True),
        Binding("question_mark", "support", "Support", show=False),
        Binding("q", "quit", "Quit", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f2", "next_theme", "Theme", show=False),
        Binding("m", "toggle_mute", "Mute", show=False),
    ]

    def __init__(
        self,
        library: LibraryIndex,
        store_factory: StoreFactory,
        where: Locations,
        clock: Callable[[], datetime],
        words_kept: str,
        player_factory: PlayerFactory | None = None,
        opener: Opener | None = None,
        timings: Timings | None = None,
    ) -> None:
        super().__init__()
        self.timings = timings or Timings()
        """How long the app waits on typing before it saves a draft or searches."""
        self.index = library
        """The library: its index (what home shows) at once, the whole of it when first used."""
        self.store_factory = store_factory
        self.opener = opener
        """Set for an encrypted journal: the app starts on the unlock screen."""
        self.locked = opener is not None
        self.idle = IdleWatch(clock, None)
        """Replaced on mount by one with the idle time from the settings (encrypted only)."""
        self._opened: Store | None = None
        self._resume_run: int | None = None
        self.where = where
        self.clock = clock
        self.words_kept = words_kept
        self._first_screen_shown = False
        self.first_frame_shown = False
        """The first frame is on the terminal (home's footer keys wait for it)."""
        self.settled = asyncio.Event()
        """Set once the first frame is on the terminal and what waited for it is built (home's
        footer keys), or once the app ends before that: tests start from here (:meth:`run_test`)."""
        self._after_first: list[Callable[[], object]] = []
        """Called once the first frame is on the terminal (:meth:`after_first_frame`)."""
        self.notices: list[str] = []
        """Things to tell the patient once the first screen shows (a damaged journal set aside)."""
        self._store: HoldingStore | None = None
        self._retry_timer: Timer | None = None
        """Tries held words again every few seconds while the disk refuses them."""
        self._quit_warned = False
        """The patient was told once that closing now would lose the words still held."""
        self.crash_message: str | None = None
        self.course_settings = CourseSettings()
        """How the course is timed (the typical length of an infusion, the evening reminder)."""
        self.settings = SettingsFile(where)
        """The one reader and writer of the settings file."""
        self.sound = AppSound(self.settings, player_factory)
        """The one sound player, made when a step first needs it."""
        self._crisis: CrisisData | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self._first_theme(DEFAULT_THEME)
        if wants_plain(os.environ):
            self._filters.append(NoColor())

    def _first_theme(self, name: str) -> None:
        """Choose the theme before any style sheet is parsed. Set the usual way, Textual would
        refresh the style sheets on the change, parsing each of them twice before home's first
        paint; here what its watcher does is done at once, with nothing parsed yet."""
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    @property
    def library(self) -> Library:
        """Every script in use (the script model is built here on first use; see
        :meth:`_prepare`)."""
        return self.index.library

    @property
    def store(self) -> HoldingStore:
        if self._store is None:
            self._store = HoldingStore(self.store_factory(), self._storage_trouble)
        return self._store

    @property
    def current_run(self) -> Run | None:
        """The run on screen (being walked, or its summary), if any."""
        base = sys.modules.get("companion.app.screens.base")
        if base is None:  # never imported: no screen about a run was ever shown
            return None
        for screen in reversed(self.screen_stack):
            if isinstance(screen, base.RunHolder):
                run: Run = screen.run
                return run
        return None

    def on_mount(self) -> None:
        if not self.is_headless:
            shutdown.install(self)
        saved = self.settings.current.theme
        if saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, lambda _: self._remember_theme())
        if self.opener is not None:
            self.idle = IdleWatch(
                self.clock, lock_minutes(self.settings.current.lock_after_minutes)
            )
            self.set_interval(CHECK_EVERY, self.lock_if_idle)
            from companion.app.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(self))
            self._shown_first()
        for notice in self.notices:
            self.notify(notice, title="About your journal", timeout=30, markup=False)

    def _prepare(self) -> None:
        """After the first paint (and home's footer keys, which the patient sees): build the
        whole library (the script model), which home is drawn without, so that the patient's
        first choice does not wait for it."""
        self.index.build()

    def _shown_first(self) -> None:
        self._first_screen_shown = True
        self._check_size()

    def get_default_screen(self) -> Screen[Any]:
        """Home is the app's default screen, so that the first frame drawn is home. Pushed over
        Textual's empty default screen once the app was ready, it came a frame later, after an
        empty one (about 28M instructions of 1,047M to home's first frame; pushed while the app
        starts, it is drawn twice: docs/performance.md). Its style sheet is read with the
        app's. With an encrypted journal the app starts on Textual's empty screen, under the
        unlock screen (:meth:`on_mount`)."""
        if self.opener is not None:
            return super().get_default_screen()
        home = self.home_screen()
        # The app goes on from home by switching screens. Textual takes back, on a switch, the
        # result callback a pushed screen was given; its default screen has none: home is
        # given the one a switch would give it.
        home._push_result_callback(self, None)
        return home

    def on_ready(self) -> None:
        # Textual sends Ready once the first screen is laid out, as its first frame is drawn.
        # The screen's next layout comes after that frame, and publishes the layout signal;
        # should no layout come, the call after the screen's next refresh comes after it too.
        if not self._first_screen_shown:
            self._shown_first()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._after_first_frame)
        self.call_after_refresh(self._after_first_frame)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the app's first frame is on the terminal (at once if it is; as
        the app ends if it ends before). The command line turns the cyclic collector back on
        from here: the first frame is drawn without it (docs/performance.md)."""
        if self.first_frame_shown:
            callback()
        else:
            self._after_first.append(callback)

    def _call_after_first(self) -> None:
        callbacks, self._after_first = self._after_first, []
        for callback in callbacks:
            callback()

    def _after_first_frame(self, _: object = None) -> None:
        if self.first_frame_shown:
            return
        self.first_frame_shown = True
        self._call_after_first()
        for screen in self.screen_stack:
            screen.screen_layout_refresh_signal.unsubscribe(self)
        homes = [screen for screen in self.screen_stack if isinstance(screen, HomeScreen)]
        for home in homes:
            home.show_footer_keys()  # its footer says when its keys are built
        if not homes:
            self._started()

    def on_footer_keys_shown(self) -> None:
        """Home's footer has its keys, or home was left before they came (``Footer.KeysShown``:
        the footer is imported after the first frame, so the handler is found by its name)."""
        self._started()

    def _started(self) -> None:
        self.settled.set()
        self._prepare()

    @asynccontextmanager
    async def run_test(
        self,
        *,
        headless: bool = True,
        size: tuple[int, int] | None = (80, 24),
        tooltips: bool = False,
        notifications: bool = False,
        message_hook: Callable[[Message], None] | None = None,
    ) -> AsyncGenerator[Pilot[int], None]:
        """Textual's, yielding once the app has :attr:`settled` (home's footer keys come a
        frame after home): every test starts from the app as the patient sees it once started."""
        async with super().run_test(
            headless=headless,
            size=size,
            tooltips=tooltips,
            notifications=notifications,
            message_hook=message_hook,
        ) as pilot:
            settled = asyncio.create_task(self.settled.wait())
            failed: asyncio.Task[bool] = asyncio.create_task(self._exception_event.wait())
            done, _ = await asyncio.wait(
                [settled, failed], timeout=30, return_when="FIRST_COMPLETED"
            )
            settled.cancel()
            failed.cancel()
            if not done:
                raise TimeoutError("the app did not settle in 30 s (see CompanionApp.settled)")
            await pilot.pause()
            yield pilot

    def home_screen(self) -> HomeScreen:
        data = home_data(self.index, self.store, self.clock(), self.course_settings)
        return HomeScreen(data, first=not self.first_frame_shown)

    def start_script(self, script_id: str) -> None:
        loaded = self.library.scripts.get(script_id)
        if loaded is None:  # gone since home was drawn (its file changed): home as it is now
            self.switch_screen(self.home_screen())
            return
        try:
            run = start_run(loaded, self.store, self.clock(), self.course_settings)
        except write_errors():
            self.notify(START_FAILED, title="Saving your words", severity="warning", timeout=30)
            return
        self.open_run(run)

    def continue_run(self, run_id: int) -> None:
        from companion.run.run import Run

        info = self.store.run(run_id)
        loaded = self.library.scripts[info.script_id]
        self.open_run(Run.resume(loaded, self.store, run_id))

    def open_run(self, run: Run) -> None:
        # Imported on first use: the step widgets (Markdown, TextArea) cost ~40 ms at start-up.
        from companion.app.screens.run import RunScreen

        self.switch_screen(RunScreen(run))

    def open_journal(self) -> None:
        from companion.app.screens.journal import JournalAccess, JournalScreen
        from companion.course.rules import Course
        from companion.course.words import journal_groups
        from companion.journal.export import export_folder
        from companion.journal.model import numbered
        from companion.journal.series import scale_series, search_of, trend_of

        # Held words are not searchable (nor in the trends) until they are saved.
        journal = self.store.inner
        trend = trend_of(journal)

        def numbers() -> dict[int, int]:
            return {infusion.id: n for n, infusion in numbered(self.store.infusions())}

        series = None if trend is None else lambda: scale_series(self.library, trend, numbers())
        today = lambda: self.clock().astimezone().date()  # noqa: E731
        scripts = [loaded.script for loaded in self.library.scripts.values()]

        def groups(runs: list[RunInfo]) -> list[InfusionGroup]:
            course = Course.of(self.store, self.course_settings)
            return journal_groups(course, scripts, runs, self.clock())

        access = JournalAccess(self.store, search_of(journal), series, export_folder, today, groups)
        self.switch_screen(JournalScreen(access))

    def open_infusions(self) -> None:
        from companion.app.screens.infusions import InfusionsAccess, InfusionsScreen
        from companion.course.calendar import local_zone
        from companion.journal.export import export_folder

        access = InfusionsAccess(
            self.store,
            self.clock,
            lambda: [s.script for s in self.library.scripts.values()],
            self.course_settings,
            export_folder,
            local_zone,
        )
        self.switch_screen(InfusionsScreen(access))

    def back_from_infusion(self, infusion_id: int) -> None:
        """Record the infusion's end as now, and show home with the reflections timed from it."""
        from companion.course import edit
        from companion.course.rules import Course
        from companion.course.when import WhenError

        course = Course.of(self.store, self.course_settings)
        infusion = course.by_id(infusion_id)
        if infusion is None:
            return
        try:
            edit.back_now(self.store, infusion, self.clock())
        except write_errors():
            self.notify(edit.NOT_SAVED, title="Your infusion", severity="warning", timeout=30)
            return
        except WhenError as problem:
            self.notify(str(problem), title="Your infusion", timeout=10)
            return
        self.notify("Welcome back. The reflections are timed from now.", timeout=8)
        self.action_home()

    def on_start_script(self, message: StartScript) -> None:
        self.start_script(message.script_id)

    def on_continue_run(self, message: ContinueRun) -> None:
        self.continue_run(message.run_id)

    def on_open_journal(self, message: OpenJournal) -> None:
        self.open_journal()

    def on_open_infusions(self, message: OpenInfusions) -> None:
        self.open_infusions()

    def on_back_from_infusion(self, message: BackFromInfusion) -> None:
        self.back_from_infusion(message.infusion_id)

    def on_go_home(self, message: GoHome) -> None:
        self.action_home()

    def unlock(self, passphrase: str) -> str | None:
        """Open the encrypted journal (called from the unlock screen's worker thread);
        ``None`` when it opened, else one calm sentence."""
        if self.opener is None:
            return None
        try:
            self._opened = self.opener(passphrase)
        except WrongPassphraseError:
            return WRONG_PASSPHRASE
        except JournalError as error:
            return str(error)
        return None

    def unlocked(self) -> None:
        """The journal is open: back to where the patient was, or home."""
        opened, self._opened = self._opened, None
        if opened is None:
            return
        self._store = HoldingStore(opened, self._storage_trouble)
        self.locked = False
        self.idle.touch()
        resume, self._resume_run = self._resume_run, None
        run = None
        if resume is not None:
            run = next((r for r in self.store.unfinished() if r.id == resume), None)
        if run is not None and run.script_id in self.library.scripts:
            self.continue_run(run.id)
        else:
            self.switch_screen(self.home_screen())
        for notice in getattr(opened, "notices", ()):
            self.notify(notice, title="About your journal", timeout=30, markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self.idle.touch()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """On a timer: lock an encrypted journal nobody has touched for the chosen time."""
        if self.opener is not None and not self.locked and self.idle.due():
            self.run_worker(self.lock_journal(), group="idle-lock", exclusive=True)

    async def lock_journal(self) -> bool:
        """Save the draft, close the journal and show the unlock screen. Never while the disk
        is refusing words (they live only in memory then): False, and it is tried again later."""
        self.flush()
        if self._store is not None and not self._store.retry():
            return False
        run = self.current_run
        self._resume_run = run.run_id if run is not None else None
        self.locked = True
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        from companion.app.screens.unlock import UnlockScreen

        await self.switch_screen(UnlockScreen(self, after_idle=True))
        self.close_store()
        self._store = None
        self._check_size()
        return True

    def action_home(self) -> None:
        if self.locked:
            return
        self.flush()
        self.switch_screen(self.home_screen())

    def action_support(self) -> None:
        if _showing_support(self.screen) or isinstance(self.screen, TooSmallScreen):
            return
        self.push_screen(self.support_screen())

    @property
    def crisis(self) -> CrisisData:
        """The bundled crisis lines, read when support is first shown."""
        if self._crisis is None:
            from companion.script.clinic.crisis import load_crisis_lines

            self._crisis, _ = load_crisis_lines()
        return self._crisis

    def support_screen(self, offered: SupportFocus | None = None) -> SupportScreen:
        from companion.app.screens.support import SupportScreen
        from companion.support import support_now

        run = self.current_run
        script = None if run is None else run.script
        region = self.settings.current.region
        view = support_now(self.library, script, region, self.crisis, os.environ, offered)
        return SupportScreen(view)

    def on_offer_support(self, message: OfferSupport) -> None:
        """An answer crossed a step's ``support_when`` line: show support for that moment."""
        if not _showing_support(self.screen) and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(self.support_screen(offered=message.focus))

    def on_choose_region(self, _: ChooseRegion) -> None:
        from companion.app.screens.support import RegionScreen
        from companion.script.clinic.support import region_options

        current = self.settings.current.region
        self.push_screen(RegionScreen(region_options(self.crisis), current), self._region_chosen)

    def _region_chosen(self, code: str | None) -> None:
        if code is None:
            return
        self.settings.change(region=code)  # a region code, or "elsewhere"
        if _showing_support(self.screen):
            offered = self.screen.view.offer is not None
            self.pop_screen()
            self.push_screen(self.support_screen("everyone" if offered else None))

    def action_next_theme(self) -> None:
        names = [t.name for t in THEMES]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]

    def _remember_theme(self) -> None:
        self.settings.change(theme=self.theme)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Support", "Who you can reach, at any moment", self.action_support)
        if self.locked:
            yield SystemCommand("Quit", "Close the companion", self.action_quit)
            return
        yield SystemCommand("Back to the start", "The home screen", self.action_home)
        yield SystemCommand(
            "Next theme", "Soft dark, soft light, high contrast", self.action_next_theme
        )
        yield SystemCommand("Mute or unmute", "Sound on or off (m)", self.action_toggle_mute)
        yield SystemCommand("Quit", "Everything is kept; continue next time", self.action_quit)
        # Textual's "Screenshot" writes the screen, with the patient's words, to ~/Downloads
        # (0644): never offered.
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The patient's screen is never written to a file, whatever asks for it."""

    def deliver_screenshot(self, *args: object, **kwargs: object) -> str | None:
        """As :meth:`action_screenshot`: nothing is written."""
        return None

    def flush(self) -> None:
        """Save text still being typed."""
        for screen in self.screen_stack:
            if _is_run_screen(screen):
                screen.flush()

    def action_toggle_mute(self) -> None:
        muted = self.sound.toggle_mute()
        self.notify("Sound is muted." if muted else "Sound is on.", timeout=2)

    def close_sound(self) -> None:
        """Stop the sound process, if one was started."""
        self.sound.close()

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()

    def _storage_trouble(self, message: str, trouble: bool) -> None:
        """Told by the holding store: tell the patient, and retry on a timer while words are
        held."""
        self.notify(
            message,
            title="Saving your words",
            severity="warning" if trouble else "information",
            timeout=60 if trouble else 8,
        )
        if trouble and self._retry_timer is None and self._store is not None:
            self._retry_timer = self.set_interval(RETRY_EVERY, self._store.retry)
        elif not trouble:
            self._quit_warned = False
            if self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None

    def _quit_allowed(self) -> bool:
        """False (and the patient told why) the first time they close with words still held."""
        if self._store is None or self._store.retry() or self._quit_warned:
            return True
        self._quit_warned = True
        self.notify(QUIT_HELD, title="Saving your words", severity="warning", timeout=60)
        return False

    async def action_quit(self) -> None:
        self.flush()
        if not self._quit_allowed():
            return
        shutdown.keep_everything(self)
        self.exit(0)

    def on_unmount(self) -> None:
        self.sound.close()
        self._call_after_first()  # ended before its first frame: nothing more is coming
        self.settled.set()

    def on_resize(self, event: Resize) -> None:
        if self._first_screen_shown:  # the first resize comes before there is a screen to cover
            self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not small:
            self.pop_screen()

    def _handle_exception(self, error: Exception) -> None:
        """Never a traceback for the patient: drafts first, a log without their words, an apology."""
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        # The same way out as quitting and the signals; already crashing, so keep going.
        problems = shutdown.keep_everything(self)
        if problems:
            error.__context__ = error.__context__ or problems[0]
        log: Path | None = None
        try:
            log = crash.write_crash_log(self.where, error)
        except (OSError, UnsafeFolderError):  # no note rather than a note where others can read
            log = None
        kept = self.words_kept
        if self._store is not None and self._store.held:
            kept = crash.WORDS_HELD_LOST
        self.crash_message = crash.apology(log, kept)
        self._exit_renderables.append(self.crash_message)
        self._close_messages_no_wait()


def _is_run_screen(screen: Screen[object]) -> TypeGuard[RunScreen]:
    """Without importing the run screen: if it was never imported, no screen is one."""
    run = sys.modules.get("companion.app.screens.run")
    return run is not None and isinstance(screen, run.RunScreen)


def _showing_support(screen: Screen[object]) -> TypeGuard[SupportScreen]:
    """Without importing the support screen: if it was never imported, no screen is one."""
    support = sys.modules.get("companion.app.screens.support")
    return support is not None and isinstance(screen, support.SupportScreen)


def create_app(
    library: LibraryIndex | Library | Sequence[LoadedScript] | None = None,
    store_factory: StoreFactory = MemoryStore,
    where: Locations | None = None,
    *,
    preview: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    player_factory: PlayerFactory | None = None,
    opener: Opener | None = None,
    timings: Timings | None = None,
) -> CompanionApp:
    """Build the app. No file is read or written here; the store is made on first use.

    ``preview`` runs that one script file with nothing saved and reloads it when it changes.
    ``opener`` is for an encrypted journal: the app starts on the unlock screen, opens the
    journal with the passphrase through it, and locks itself again after the idle time.
    ``timings``: how long the app waits on typing (tests not about those waits shorten them).
    """
    where = where or default_locations()
    if isinstance(library, LibraryIndex):
        index = library
    elif library is None or isinstance(library, Sequence):
        from companion.script.library import Library

        lib = Library()
        for loaded in library or []:
            lib.scripts[loaded.script.id] = loaded
        index = LibraryIndex.of(lib)
    else:
        index = LibraryIndex.of(library)
    now = clock or (lambda: datetime.now(UTC))
    if preview is not None:
        from companion.app.preview import PreviewApp

        return PreviewApp(
            preview,
            index,
            MemoryStore,
            where,
            now,
            "This was a preview: nothing was saved.",
            player_factory,
            timings=timings,
        )
    kept = f"Everything you wrote up to now is kept in your journal, in {where.data}."
    if opener is not None:
        store_factory = _locked_store
    return CompanionApp(index, store_factory, where, now, kept, player_factory, opener, timings)


def _locked_store() -> Store:
    """An encrypted journal is opened by the unlock screen, never before."""
    raise JournalLockedError()
