"""The plain mode: the same scripts, into the same journal, as plain lines of text.

For screen readers and braille displays, and for anyone who wants the companion without a
full-screen app. Every rule comes from the domain (:class:`~companion.run.run.Run`, the flow's
``when`` conditions, :func:`~companion.home.home_data`, the step types' own rules, the support
contacts); this module only says things in lines and reads the patient's lines back.

Anywhere: ``help`` or ``?`` shows who the patient can reach, ``back`` goes back, ``quit`` keeps
everything and leaves. The end of input does the same as ``quit``, calmly, with exit status 0.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

from companion import shutdown
from companion.audio.catalog import Catalog, LazyCatalog, Track
from companion.audio.pcm import remembered_sound
from companion.audio.player import Player
from companion.course.edit import NOT_SAVED, back_now
from companion.course.rules import Course, CourseSettings
from companion.course.when import WhenError
from companion.course.words import ADD_FIRST, next_line
from companion.home import NOBODY_WATCHES, HomeData, home_data, start_run, unfinished_runs
from companion.journal.export import CARE_TEAM_HEADING
from companion.journal.holding import START_FAILED, HoldingStore, write_errors
from companion.plain.lines import EndOfInput, Lines, LinesOut
from companion.run.run import MY_ANSWERS, NOTHING_WRITTEN, THE_END, Run
from companion.script.cards import ScriptCard
from companion.script.library import Library
from companion.script.model import LoadedScript, SupportFocus
from companion.settings import SettingsFile

if TYPE_CHECKING:
    # Support (the crisis lines, read with PyYAML) is imported when first asked for.
    from companion.script.clinic.crisis import CrisisData

PlayerFactory = Callable[..., Player]

GREETING = "Companion, in plain lines."
COMMANDS = (
    NOBODY_WATCHES,
    "At any question you can type help to see who you can reach, back to go back, or quit to stop.",
    "Everything you answer is kept as you go.",
)
COMMANDS_AGAIN = (
    "You can also type: back, to go to the step before; skip, to leave out a question that "
    "may be left out; quit, to stop (everything is kept, and you can continue next time)."
)
LEFT = "Everything you wrote is kept in your journal."
LEFT_MIDWAY = "Everything you wrote is kept. To continue another time, type: companion plain"
NOTHING_BEFORE = "This is the first step, so there is nothing to go back to."
AT_THE_START = "You are at the start, so there is nothing to go back to."
CANNOT_SKIP_HERE = "This one cannot be skipped."
BACK_TYPED = "When you are back, choose I'm back below."
ADD_TYPED = "To add it, leave and type: companion infusion add, then its date and time."


class GoBack(Exception):
    """The patient typed ``back``; ``value`` is what the step held at that moment."""

    def __init__(self, value: object = None, has_value: bool = False) -> None:
        super().__init__()
        self.value = value
        self.has_value = has_value


class Leave(Exception):
    """The patient typed ``quit``, or the input ended, or the process was asked to stop."""

    def __init__(self, code: int = 0) -> None:
        super().__init__()
        self.code = code


class PlainSound:
    """One player for a step's sound and one for breathing cues, made when first needed with
    the volume and mute the patient chose in the app."""

    def __init__(self, settings: SettingsFile, factory: PlayerFactory) -> None:
        self.settings = settings
        self.factory = factory
        self._players: dict[str, Player] = {}
        self._catalog = LazyCatalog()

    @property
    def catalog(self) -> Catalog | None:
        """The bundled sound catalog, read once (None when it cannot be read)."""
        return self._catalog.get()

    def track(self, track_id: str) -> Track | None:
        return self._catalog.track(track_id)

    def player(self, name: str = "main") -> Player:
        if name not in self._players:
            volume, muted = remembered_sound(self.settings.current)
            self._players[name] = self.factory(self.catalog, volume=volume, muted=muted)
        return self._players[name]

    def close(self) -> None:
        for player in self._players.values():
            player.close()


class Session:
    """One plain-mode session: the library, the journal, the lines in and out."""

    def __init__(
        self,
        library: Library,
        store: HoldingStore,
        settings: SettingsFile,
        lines_in: Lines,
        out: LinesOut,
        clock: Callable[[], datetime],
        player_factory: PlayerFactory = Player,
        seconds: Callable[[], float] = time.monotonic,
    ) -> None:
        self.library = library
        self.store = store
        self.inp = lines_in
        self.out = out
        self.clock = clock
        self.seconds = seconds
        """A monotonic clock for breathing and listening (tests give their own)."""
        self.sound = PlainSound(settings, player_factory)
        self.run: Run | None = None
        self.course_settings = CourseSettings()
        self._closed = False
        self.settings = settings
        self._crisis: CrisisData | None = None
        self.midway = False
        """The patient left in the middle of a run (it can be continued)."""

    # What the shutdown handlers need (shutdown.Closable).

    def flush(self) -> None:
        """Nothing waits: every line of a text answer is saved as a draft when it is typed."""

    def close_sound(self) -> None:
        self.sound.close()

    def close_store(self) -> None:
        if not self._closed:
            self._closed = True
            self.store.close()

    def exit(self, result: int | None = None, return_code: int = 0) -> NoReturn:
        raise Leave(return_code)

    # Reading the patient's lines.

    def ask(self, *prompt: str, skip: bool = False, again: str | None = None) -> str:
        """Say the prompt, then read one line. ``help`` and ``?`` show the support and ask
        again (with ``again`` when given, else the prompt); ``back`` and ``quit`` leave the
        question; ``skip`` is returned as typed where ``skip`` is true."""
        self.out.say(*prompt)
        while True:
            line = self.read()
            word = line.strip().lower()
            if word in ("help", "?"):
                self.show_support()
                self.out.say(*([again] if again else prompt))
                continue
            if word == "skip" and not skip and self.run is not None:
                self.out.say(CANNOT_SKIP_HERE, *prompt[-1:])
                continue
            return line

    def read(self) -> str:
        """One line; ``back`` and ``quit`` are handled here, wherever the patient is."""
        try:
            line = self.inp.line()
        except EndOfInput:
            raise Leave(0) from None
        self.store.retry()
        word = line.strip().lower()
        if word == "quit":
            raise Leave(0)
        if word == "back":
            raise GoBack()
        return line

    def show_support(self, offered: SupportFocus | None = None) -> None:
        """Who the patient can reach, as the app's support screen shows it (the same view):
        the care team first, then the crisis lines as their own group, then the plain note."""
        script = self.run.script if self.run is not None else None
        from companion.support import support_now

        if self._crisis is None:
            from companion.script.clinic.crisis import load_crisis_lines

            self._crisis, _ = load_crisis_lines()
        region = self.settings.current.region
        view = support_now(self.library, script, region, self._crisis, os.environ, offered)
        self.out.blank()
        self.out.say(view.offer or "Who you can reach:")
        for contact in view.care_team:
            self.out.say(f"{contact.label}: {contact.contact}")
        self.out.say(view.crisis_heading + ":")
        if view.crisis_line:
            self.out.say(view.crisis_line)
        for contact in view.crisis:
            self.out.say(f"{contact.label}: {contact.contact}")
            if contact.hours:
                self.out.say(contact.hours)
        self.out.say(view.region_line, view.note)
        if offered is None:
            self.out.say(COMMANDS_AGAIN)
        self.out.blank()

    def tell(self, message: str, trouble: bool) -> None:
        """Told by the holding store when the disk refuses words, and when it takes them again."""
        self.out.say(message)

    # The start: which script.

    def main(self, script_id: str | None) -> int:
        self.out.say(GREETING, *COMMANDS)
        try:
            if script_id is not None:
                code = self.walk_one(script_id)
            else:
                while True:
                    self.home()
        except Leave as leaving:
            code = leaving.code
        self.out.blank()
        held = bool(self.store.held) and not self.store.retry()
        problems = shutdown.keep_everything(self)
        if held or problems:
            self.out.say(
                "Some of your last words could not be saved: the disk refused them. "
                "Everything before them is kept."
            )
        else:
            self.out.say(LEFT_MIDWAY if self.midway else LEFT)
        return code

    def walk_one(self, script_id: str) -> int:
        loaded = self.library.scripts.get(script_id)
        if loaded is None:
            known = ", ".join(sorted(self.library.scripts)) or "none"
            self.out.say(f"There is no script called {script_id}. The scripts are: {known}.")
            return 2
        unfinished = [
            (info, where)
            for info, where in unfinished_runs(self.library, self.store)
            if info.script_id == script_id
        ]
        run_id = None
        if unfinished:
            info, where = unfinished[0]
            self.out.say(f"You began {info.script_title} before and did not finish.", f"{where}.")
            while True:
                try:
                    answer = self.ask(
                        "Type 1 to continue where you left off, or 2 to start again, "
                        "then press Enter."
                    ).strip()
                except GoBack:
                    self.out.say(AT_THE_START)
                    continue
                if answer in ("1", "2"):
                    break
                self.out.say("Please type 1 or 2.")
            run_id = info.id if answer == "1" else None
        self.begin(loaded, run_id)
        return 0

    def home(self) -> None:
        data = home_data(self.library, self.store, self.clock(), self.course_settings)
        choices = self.say_home(data)
        if not choices:
            self.out.say("There is nothing to walk through just now: no script could be read.")
            raise Leave(0)
        while True:
            try:
                answer = self.ask(
                    f"Type a number from 1 to {len(choices)}, then press Enter. Type quit to leave."
                ).strip()
            except GoBack:
                self.out.say(AT_THE_START)
                continue
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                choices[int(answer) - 1]()
                return
            if not answer:
                self.out.say("Please type the number of what you would like to do.")
            else:
                self.out.say(
                    f"{answer} is not one of the numbers. Please type 1 to {len(choices)}."
                )

    def say_home(self, data: HomeData) -> list[Callable[[], None]]:
        """The home list, numbered; returns what each number does."""
        choices: list[Callable[[], None]] = []
        lines: list[str] = []

        def add(text: str, action: Callable[[], None]) -> None:
            choices.append(action)
            lines.append(f"{len(choices)}. {text}")

        self.out.blank()
        course = Course.of(self.store, self.course_settings)
        line = next_line(course, self.clock(), BACK_TYPED)
        self.out.say(line)
        if line == ADD_FIRST:
            self.out.say(ADD_TYPED)
        self.out.say("What would you like to do?")
        if data.back_from is not None:
            add("I'm back from my infusion. The reflections are timed from now.", self._back)
        if data.unfinished:
            lines.append("Continue where you left off:")
            for info, where in data.unfinished:
                loaded = self.library.scripts[info.script_id]
                add(f"{sentence(info.script_title)} {where}.", self._opener(loaded, info.id))
        for heading, scripts in (
            ("Before my session:", data.before),
            ("After my session:", data.after),
        ):
            if scripts:
                lines.append(heading)
            for card in scripts:
                loaded = self.library.scripts[card.id]
                add(_described(card, card.id in data.ready), self._opener(loaded))
        self.out.say(*lines)
        self.out.say(*data.unavailable)
        self.out.say("To read your journal, leave and type: companion export")
        return choices

    def _opener(self, loaded: LoadedScript, run_id: int | None = None) -> Callable[[], None]:
        return lambda: self.begin(loaded, run_id)

    def _back(self) -> None:
        """The patient is back from the infusion under way: its end is now (as "b" in the app)."""
        course = Course.of(self.store, self.course_settings)
        going = course.in_progress(self.clock())
        if going is None:
            return
        try:
            back_now(self.store, going, self.clock())
        except write_errors():
            self.out.say(NOT_SAVED)
            return
        except WhenError as problem:
            self.out.say(str(problem))
            return
        self.out.say("Welcome back. The reflections are timed from now.")

    # A run.

    def begin(self, loaded: LoadedScript, run_id: int | None) -> None:
        try:
            if run_id is None:
                run = start_run(loaded, self.store, self.clock(), self.course_settings)
            else:
                run = Run.resume(loaded, self.store, run_id)
        except write_errors():
            self.out.say(START_FAILED)
            return
        self.run = run
        try:
            self.out.blank()
            self.out.say(run.script.title)
            if run_id is not None:
                self.out.say("Welcome back. Here is where you were.")
            self.walk(run)
        except Leave:
            self.midway = True
            raise
        finally:
            self.run = None

    def walk(self, run: Run) -> None:
        from companion.plain.steps import ask_step

        while not run.flow.complete:
            step = run.flow.current
            self.out.blank()
            progress = run.flow.progress
            title = f": {run.script.render(step.title)}" if step.title else ""
            self.out.say(sentence(f"{progress.label}{title}"))
            try:
                ask_step(self, run, step)
            except GoBack as going:
                value = going.value if going.has_value else run.flow.value
                run.leave(step, value)  # type: ignore[arg-type]
                if not run.flow.back():
                    self.out.say(NOTHING_BEFORE)
                    continue
            if not run.flow.complete:
                run.moved()
        run.finish()
        self.summary(run)

    def go_on(self, run: Run, value: object) -> bool:
        """Keep what the step holds by its own rule and go on; False (the reason said) when
        the step is still waiting for something."""
        run.leave(run.flow.current, value)  # type: ignore[arg-type]
        reason = run.flow.next()
        if reason is not None:
            self.out.say(reason)
            return False
        return True

    def skip(self, run: Run, value: object) -> bool:
        reason = run.skip(value)  # type: ignore[arg-type]
        if reason is not None:
            self.out.say(reason)
            return False
        return True

    def summary(self, run: Run) -> None:
        care, rest = run.summary()
        self.out.blank()
        self.out.say(THE_END)
        for heading, answers in ((CARE_TEAM_HEADING, care), (MY_ANSWERS, rest)):
            if answers:
                self.out.blank()
                self.out.say(heading + ":")
                for answer in answers:
                    self.out.say(f"{answer.prompt}", f"Answer: {answer.display}")
        if not care and not rest:
            self.out.say(NOTHING_WRITTEN)
        self.out.say("All of this is kept in your journal.")


def sentence(text: str) -> str:
    """``text`` ending as a sentence does, so that a screen reader pauses after it (a title
    that already ends in a question mark keeps it, and gets no full stop after it)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", ":", "…")) else text + "."


def _described(card: ScriptCard, ready: bool) -> str:
    parts = [sentence(card.title)]
    if ready:
        parts.append("Ready for you now.")
    if card.summary:
        parts.append(card.summary.strip())
    if card.minutes:
        parts.append(f"About {card.minutes} minutes.")
    return " ".join(parts)
