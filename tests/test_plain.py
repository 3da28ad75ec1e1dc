"""The plain mode: lines in, lines out, into the same journal by the same rules as the app.

In-process tests feed lines through a real pipe-like stream into :func:`run_plain` over a
MemoryStore; the bundled scripts are piped through the real ``companion plain`` command under
``TERM=dumb`` into a real SQLite journal; and a run begun in the real app is continued here.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from companion.audio.player import REASONS, Player
from companion.journal import open_journal
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.plain import run_plain
from companion.plain.lines import EndOfInput, LinesOut, clean, plain_text
from companion.plain.session import Session, sentence
from companion.plain.steps import ASKERS, breathe
from companion.plaintext import visible
from companion.run.flow import Flow
from companion.script import model
from companion.script.clinic.support import NOT_MONITORED
from companion.script.library import Library, load_library
from companion.settings import SettingsFile
from tests.helpers.apps import NOW, fake_player, fixture_library, make_app, open_first, sync
from tests.helpers.sound import wait_for

ESCAPES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Any control character but the line end: escape codes, C1 controls, bells, carriage returns."""
DRAWING = re.compile("[\u2500-\u259f\u25a0-\u25ff]")
"""Box drawing, block elements and geometric shapes (bars, dots, frames)."""


def plain(
    lines: Sequence[str],
    script_id: str | None = None,
    store: MemoryStore | None = None,
    library: Library | None = None,
    clock: Callable[[], datetime] = lambda: NOW,
    player: Callable[..., Player] = fake_player,
) -> tuple[int, str, MemoryStore]:
    kept = store if store is not None else MemoryStore()
    out = io.StringIO()
    code = run_plain(
        library or fixture_library(with_broken=False),
        kept,
        locations(),
        script_id,
        io.StringIO("".join(f"{line}\n" for line in lines)),
        out,
        clock,
        player_factory=player,
    )
    return code, out.getvalue(), kept


def only_run(store: MemoryStore) -> int:
    runs = store.runs()
    assert len(runs) == 1
    return runs[0].id


def test_a_whole_script_by_lines_lands_in_the_journal() -> None:
    lines = [
        "",  # welcome
        "1 3",  # bring: driver and music
        "2",  # anxiety 2 -> feeling-ok shows, calming does not
        "",  # feeling-ok
        "2",  # hopes: clarity -> clarity-note shows
        "Seeing things as they are",
        "",
        "To be curious",
        "about whatever comes",
        "",
        "",  # music-note (music ticked, intention answered)
        "next",  # breathing: go on without it
        "1",  # mood: hopeful
    ]
    code, out, store = plain(lines, "test-before")
    assert code == 0
    run_id = only_run(store)
    assert store.run(run_id).finished
    answers = store.answers(run_id)
    assert answers["bring"].value == ["driver", "music"]
    assert answers["anxiety"].value == 2
    assert answers["hopes"].value == ["clarity"]
    assert answers["clarity-note"].value == "Seeing things as they are"
    assert answers["intention"].value == "To be curious\nabout whatever comes"
    assert answers["mood"].value == ["hopeful"]
    assert "calming" not in answers and "Good to hear you feel settled." in out
    assert "It is normal to feel nervous" not in out
    assert "Bring your music along; it can help." in out
    assert "Ticked: 1 and 3." in out
    # The care team's answers first in the summary, as in the app.
    summary = out[out.index("You have come to the end") :]
    assert summary.index("To talk over with my care team") < summary.index("My answers")
    assert summary.index("Hopeful") < summary.index("My answers")
    assert not ESCAPES.search(out) and not DRAWING.search(out)


def test_every_prompt_says_what_to_type() -> None:
    _, out, _ = plain(["", "1", "2", "", "", "calm", "", "next", "1"], "test-before")
    assert "Press Enter to go on." in out
    assert "Type the numbers of the items you have ready, separated by spaces" in out
    assert "Type a number from 0 to 10, then press Enter." in out
    assert "0 means Calm." in out and "10 means Very anxious." in out
    assert "Type the numbers of the answers that fit, separated by spaces" in out
    assert "Press Enter to begin breathing, or type next to go on without it." in out


def test_bad_input_gets_one_sentence_and_the_same_question() -> None:
    _, out, store = plain(["", "1", "eleven", "11", "-1", "4"], "test-before")
    question = "Type a number from 0 to 10, then press Enter. Press Enter alone to skip"
    assert '"eleven" is not a whole number. Please type a number from 0 to 10.' in out
    assert "11 is not on this scale. Please type a number from 0 to 10." in out
    assert out.count(question) == 4
    assert store.answers(only_run(store))["anxiety"].value == 4


def test_a_checklist_waits_gently_for_what_is_needed() -> None:
    _, out, store = plain(["", "2 9", "2", "", "1 2"], "test-before")
    assert "There is no number 9. Please type numbers from 1 to 3." in out
    assert "When you are ready, tick the item marked as needed to go on." in out
    assert store.answers(only_run(store))["bring"].value == ["driver", "water"]
    assert "Someone to drive you home (needed)" in out


def test_a_single_choice_takes_one_number() -> None:
    lines = ["", "1", "", "", "words", "", "next", "1 2", "2"]
    _, out, store = plain(lines, "test-before")
    assert "Please choose one answer: type one number from 1 to 2." in out
    assert store.answers(only_run(store))["mood"].value == ["nervous"]


def test_every_step_type_has_a_plain_asker() -> None:
    assert set(ASKERS) == set(model.STEP_TYPES)


def test_help_shows_who_to_reach_and_asks_again() -> None:
    _, out, _ = plain(["help"], "test-before")
    assert "Your care team: Call 555 0100" in out
    # The care team first, then the crisis lines as their own group (issue 14's support view).
    assert out.index("Your care team") < out.index("If you are in danger or thinking of ending")
    assert NOT_MONITORED in out
    assert out.count("Press Enter to go on.") == 2


def test_help_in_the_middle_of_a_text_answer_keeps_the_words() -> None:
    lines = ["", "1", "", "", "First line", "help", "second line", ""]
    _, out, store = plain(lines, "test-before")
    assert "Go on with your answer; an empty line finishes it." in out
    assert store.answers(only_run(store))["intention"].value == "First line\nsecond line"


def test_question_mark_is_help_too() -> None:
    _, out, _ = plain(["?"], "test-before")
    assert "Your care team: Call 555 0100" in out


def test_a_hard_answer_offers_support_once() -> None:
    _, out, store = plain(["", "1", "9"], "test-before")
    assert "That sounds like a lot right now." in out
    assert out.count("Your care team: Call 555 0100") == 1
    assert store.answers(only_run(store))["anxiety"].value == 9


def test_back_goes_back_and_keeps_the_answer() -> None:
    _, out, store = plain(["", "1", "back", "", "5"], "test-before")
    assert out.count("Step 2 of about") == 2
    assert "Someone to drive you home (needed) (ticked)" in out
    assert store.answers(only_run(store))["anxiety"].value == 5


def test_back_on_the_first_step_says_so() -> None:
    _, out, _ = plain(["back"], "test-before")
    assert "This is the first step, so there is nothing to go back to." in out


def test_quit_keeps_everything_and_the_run_can_be_continued() -> None:
    code, out, store = plain(["", "1", "quit"], "test-before")
    assert code == 0
    assert "Everything you wrote is kept." in out
    run_id = only_run(store)
    assert not store.run(run_id).finished
    assert store.run(run_id).position == "anxiety"
    code, out, _ = plain(["1", "7"], "test-before", store=store)
    assert code == 0
    assert "You began Getting ready before and did not finish." in out
    assert "Step 3 of about" in out.split("Welcome back")[1].splitlines()[2]
    assert store.answers(run_id)["anxiety"].value == 7
    assert len(store.runs()) == 1


def test_the_end_of_input_keeps_the_words_of_a_text_answer_as_a_draft() -> None:
    lines = ["", "1", "", "", "", "A first line", "and a second"]
    code, out, store = plain(lines, "test-before")
    assert code == 0
    assert out.rstrip().endswith("To continue another time, type: companion plain")
    run_id = only_run(store)
    assert store.drafts(run_id) == {"intention": "A first line\nand a second"}
    # Continued: the words are there, more can be added, and they become the answer.
    _, out, _ = plain(["1", "and a third", ""], "test-before", store=store)
    assert "Your words so far:\nA first line\nand a second\n" in out
    assert store.answers(run_id)["intention"].value == "A first line\nand a second\nand a third"


def test_an_empty_first_line_skips_where_the_step_allows_and_not_where_it_does_not() -> None:
    lines = ["", "1", "", "", "", "", "Calm", ""]
    _, out, store = plain(lines, "test-before")
    answers = store.answers(only_run(store))
    assert answers["anxiety"].value is None and answers["anxiety"].display == "Skipped"
    assert "A few words are enough to go on. There is no wrong answer." in out
    assert answers["intention"].value == "Calm"


def test_skip_on_a_step_that_cannot_be_skipped_says_so() -> None:
    _, out, _ = plain(["", "skip"], "test-before")
    assert "This one cannot be skipped." in out


def test_home_lists_what_is_due_and_what_can_be_continued() -> None:
    store = MemoryStore()
    plain(["1", "", "quit"], store=store)
    _, out, _ = plain(["quit"], store=store)
    home = out[out.index("What would you like to do?") :]
    assert home.index("Continue where you left off:") < home.index("Before my session:")
    assert "1. Getting ready. You were at step 2 of about" in home
    assert "Type a number from 1 to" in home


def test_home_says_the_next_infusion_and_which_script_is_due() -> None:
    store = MemoryStore()
    store.add_infusion(NOW + timedelta(days=1))
    _, out, _ = plain(["quit"], store=store)
    assert "Tomorrow at" in out and "your 1st infusion" in out


def test_back_from_the_infusion_times_the_reflections_as_in_the_app() -> None:
    store = MemoryStore()
    store.add_infusion(NOW - timedelta(minutes=30))
    _, out, _ = plain(["1", "quit"], store=store)
    assert "When you are back, choose I'm back below." in out
    assert "1. I'm back from my infusion." in out
    assert "Welcome back. The reflections are timed from now." in out
    assert store.infusions()[0].ended_at == NOW
    later = NOW + timedelta(hours=2)
    _, out, _ = plain(["quit"], store=store, clock=lambda: later)
    after = out[out.index("After my session:") :]
    assert after.splitlines()[1].startswith("2. Evening check-in. Ready for you now.")
    assert "I'm back" not in out


def test_a_run_started_in_plain_mode_belongs_to_its_infusion() -> None:
    store = MemoryStore()
    infusion_id = store.add_infusion(NOW - timedelta(hours=3))
    plain(["", "quit"], "test-after", store=store, clock=lambda: NOW)
    [run] = store.runs()
    assert run.infusion_id == infusion_id


def test_a_sound_plays_until_enter_and_then_the_walk_goes_on() -> None:
    _, out, store = plain(["", "", "", "", "4"], "test-after")
    assert "Rest a moment with the sound of rain." in out
    assert "Press Enter to listen, or type next to go on without it." in out
    assert "Playing Soft rain. Press Enter to stop." in out
    assert "Stopped." in out
    assert "Press Enter to go on, or type again to listen again." in out
    assert store.answers(only_run(store))["sleep"].value == 4


def test_without_a_sound_card_the_sound_step_says_so_calmly() -> None:
    def no_card(*args: object, **kwargs: object) -> Player:
        return fake_player(*args, no_device=True, **kwargs)

    _, out, store = plain(["", "", "", "4"], "test-after", player=no_card)
    assert out.count(REASONS["no-device"]) == 1
    assert "Playing" not in out
    assert "Traceback" not in out
    assert store.answers(only_run(store))["sleep"].value == 4


def test_home_refuses_a_number_that_is_not_there() -> None:
    code, out, _ = plain(["9", "x", "back"])
    assert code == 0
    assert "9 is not one of the numbers." in out
    assert "x is not one of the numbers." in out
    assert "You are at the start, so there is nothing to go back to." in out


def test_with_no_script_at_all_it_says_so_and_leaves() -> None:
    code, out, _ = plain([], library=Library())
    assert code == 0
    assert "There is nothing to walk through just now" in out
    assert "Type a number" not in out


def test_an_unknown_script_id_names_the_ones_there_are() -> None:
    code, out, _ = plain([], "nope")
    assert code == 2
    assert "There is no script called nope. The scripts are:" in out and "test-before" in out


def test_script_text_is_shown_as_text_never_as_a_terminal_control() -> None:
    library = fixture_library(with_broken=False)
    loaded = library.scripts["test-before"]
    hostile = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"
    script = replace(
        loaded.script,
        title=f"Getting {hostile}ready",
        variables={"clinic_phone": f"555 {hostile}0100"},
    )
    library.scripts["test-before"] = replace(loaded, script=script)
    _, out, _ = plain(["help", ""], "test-before", library=library)
    assert f"Your care team: Call 555 {visible(hostile)}0100" in out
    assert f"Getting {visible(hostile)}ready" in out
    assert "\u241b[2J" in out  # the escape shown as ␛, never sent
    assert not ESCAPES.search(out)
    assert "\u202e" not in out


def test_a_title_that_ends_in_a_question_mark_gets_no_full_stop_after_it() -> None:
    assert sentence("Step 3 of 8: What is on your mind?") == "Step 3 of 8: What is on your mind?"
    assert sentence("Step 3 of 8: Welcome") == "Step 3 of 8: Welcome."


def test_clean_shows_controls_by_visible_stand_ins() -> None:
    assert clean("a\x1b[31mb\x07c\tz\u202ey\x9b") == "a\u241b[31mb\u2407c z\ufffdy\ufffd"
    assert clean("line one\nline two") == "line one\nline two"


def test_markdown_reads_as_plain_lines() -> None:
    body = (
        "# A heading\n\nA paragraph that is\nwrapped over lines, with **bold** and *soft* words.\n\n"
        "- **First.** Item one\n  goes on here.\n- Item two\n\n1. One\n2. Two\n\n"
        "> A quote\n\nSee [the leaflet](https://example.org/x) and `code`, snake_case_word."
    )
    assert plain_text(body) == [
        "A heading",
        "A paragraph that is wrapped over lines, with bold and soft words.",
        "First. Item one goes on here.",
        "Item two",
        "1. One",
        "2. Two",
        "A quote",
        "See the leaflet (https://example.org/x) and code, snake_case_word.",
    ]


class TimedLines:
    """Lines for a breathing test: no line ever comes, and waiting moves a pretend clock."""

    def __init__(self, stop_after: float | None = None) -> None:
        self.now = 0.0
        self.stop_after = stop_after

    def line(self) -> str:
        raise EndOfInput

    def line_within(self, seconds: float) -> str | None:
        self.now += seconds
        if self.stop_after is not None and self.now >= self.stop_after:
            return ""
        return None


def _breathing_session(lines: TimedLines) -> tuple[Session, io.StringIO]:
    from companion.journal.holding import HoldingStore

    out = io.StringIO()
    session = Session(
        fixture_library(False),
        HoldingStore(MemoryStore(), lambda *_: None),
        SettingsFile(locations()),
        lines,
        LinesOut(out),
        lambda: NOW,
        fake_player,
        seconds=lambda: lines.now,
    )
    return session, out


def test_breathing_says_each_phase_word_and_counts_its_seconds() -> None:
    lines = TimedLines()
    session, out = _breathing_session(lines)
    step = model.BreathingStep(id="b", type="breathing", preset="box", cycles=2)
    assert breathe(session, step) is True
    said = out.getvalue().splitlines()
    box = [
        "Breathe in... 4, 3, 2, 1",
        "Hold... 4, 3, 2, 1",
        "Breathe out... 4, 3, 2, 1",
        "Rest... 4, 3, 2, 1",
    ]
    assert said == box * 2
    assert lines.now == pytest.approx(32.0)


def test_breathing_stops_when_enter_is_pressed() -> None:
    lines = TimedLines(stop_after=5.5)
    session, out = _breathing_session(lines)
    step = model.BreathingStep(id="b", type="breathing", preset="box")  # no end of its own
    assert breathe(session, step) is False
    assert out.getvalue().splitlines() == ["Breathe in... 4, 3, 2, 1", "Hold... 4, 3"]


# The real command, under TERM=dumb, with the bundled scripts.


def _answers_for(script: model.Script) -> list[str]:
    """The lines a patient would type through a whole script, worked out with the flow."""
    flow = Flow(script)
    lines: list[str] = []
    while not flow.complete:
        step = flow.current
        value: model.AnswerValue = None
        if isinstance(step, model.InfoStep):
            lines.append("")
        elif isinstance(step, model.ChecklistStep):
            value = [item.id for item in step.items]
            lines.append(" ".join(str(n) for n in range(1, len(step.items) + 1)))
        elif isinstance(step, model.ScaleStep):
            value = step.min + 1
            lines.append(str(value))
        elif isinstance(step, model.ChoiceStep):
            value = [step.options[0].id]
            lines.append("1")
        elif isinstance(step, model.TextStep):
            value = f"words for {step.id}"
            lines.extend([str(value), ""])
        elif isinstance(step, model.BreathingStep | model.AudioStep):
            lines.append("next")
        else:  # a step type the plain mode does not know would fail here first
            raise AssertionError(step.type)
        if value is not None:
            flow.answer(step.id, value)
        assert flow.next() is None, step.id
    return lines


def _run_plain_command(
    args: Sequence[str], lines: Sequence[str], home: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TERM": "dumb",
        "COMPANION_HOME": str(home),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "companion", "plain", *args],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "script_id", ["first-infusion", "returning-infusion", "integration", "week-after"]
)
def test_a_bundled_script_piped_through_the_command(script_id: str, isolated_home: Path) -> None:
    library = load_library((), locations())
    script = library.scripts[script_id].script
    lines = _answers_for(script)
    done = _run_plain_command([script_id], lines, isolated_home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert not ESCAPES.search(out), repr(ESCAPES.search(out))
    assert not DRAWING.search(out), repr(DRAWING.search(out))
    assert "You have come to the end." in out
    store = open_journal(locations())
    try:
        runs = store.runs()
        assert [(r.script_id, r.finished) for r in runs] == [(script_id, True)]
        answers = store.answers(runs[0].id)
        expected = Flow(script)
        for step in script.steps:
            if step.id in answers:
                assert answers[step.id].prompt
        shown = {
            s.id for s in expected.script.steps if s.answerable and f"words for {s.id}" in lines
        }
        for step_id in shown:
            assert answers[step_id].value == f"words for {step_id}"
        assert any(isinstance(a.value, int) for a in answers.values())
    finally:
        store.close()


def test_the_command_with_nothing_piped_in_leaves_calmly(isolated_home: Path) -> None:
    done = _run_plain_command([], [], isolated_home)
    assert done.returncode == 0
    assert "What would you like to do?" in done.stdout
    assert done.stdout.rstrip().endswith("Everything you wrote is kept in your journal.")
    assert not ESCAPES.search(done.stdout)


def test_a_reader_that_goes_away_ends_it_quietly(isolated_home: Path) -> None:
    script = "\n".join(["2", "", "3", "", "Kept although nobody read it", ""])
    shell = f"printf '{script}\\n' | {sys.executable} -m companion plain | head -1"
    env = {**os.environ, "TERM": "dumb", "COMPANION_HOME": str(isolated_home)}
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Companion, in plain lines.\n"
    assert done.stderr == ""
    assert not (isolated_home / "state" / "crashes").exists()


def test_the_command_explains_a_journal_open_elsewhere(isolated_home: Path) -> None:
    store = open_journal(locations())
    try:
        done = _run_plain_command([], [], isolated_home)
    finally:
        store.close()
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1


@sync
async def test_a_run_begun_in_the_app_is_continued_in_plain_mode(isolated_home: Path) -> None:
    where = locations()
    store = open_journal(where)
    app = make_app(store=None)
    app.store_factory = lambda: store
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, "Getting ready")
        await pilot.press("ctrl+n")  # welcome
        await pilot.press("space", "ctrl+n")  # bring: the first item ticked
        await pilot.press("2", "ctrl+n")  # anxiety 2
        await pilot.press("ctrl+n")  # feeling-ok
        await pilot.press("ctrl+n")  # hopes: nothing
        await pilot.press(*"Begun in the app")  # intention: typed, not yet sent on
        await pilot.pause()
        await app.action_quit()
    reopened = open_journal(where)
    [begun] = reopened.unfinished()
    assert reopened.drafts(begun.id) == {"intention": "Begun in the app"}
    reopened.close()

    library = fixture_library(with_broken=False)
    scripts = Path(str(library.scripts["test-before"].path)).parent
    done = _run_plain_command(
        ["--scripts", str(scripts), "test-before"],
        ["1", "and ended in plain lines", "", "next", "2"],
        isolated_home,
    )
    assert done.returncode == 0, done.stderr
    assert "Your words so far:\nBegun in the app\n" in done.stdout
    final = open_journal(where)
    try:
        [run] = final.runs()
        assert run.id == begun.id and run.finished
        answers = final.answers(run.id)
        assert answers["bring"].value == ["driver"]
        assert answers["anxiety"].value == 2
        assert answers["intention"].value == "Begun in the app\nand ended in plain lines"
        assert answers["mood"].value == ["nervous"]
    finally:
        final.close()


def test_the_plain_mode_never_imports_textual(isolated_home: Path) -> None:
    code = (
        "import os, sys\n"
        "from companion.cli import main\n"
        "sys.stdin = open(os.devnull)\n"
        "status = main(['plain'])\n"
        "print('textual' in sys.modules, 'rich' in sys.modules, status)\n"
    )
    env = {**os.environ, "COMPANION_HOME": str(isolated_home), "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.stdout.splitlines()[-1] == "False False 0", done.stderr


def test_being_told_to_stop_keeps_the_words_typed_so_far(isolated_home: Path) -> None:
    library = fixture_library(with_broken=False)
    scripts = Path(str(library.scripts["test-before"].path)).parent
    env = {**os.environ, "TERM": "dumb", "COMPANION_HOME": str(isolated_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "plain", "--scripts", str(scripts), "test-before"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    for line in ["", "1", "", "", "Half a thought"]:
        proc.stdin.write(line + "\n")
    proc.stdin.flush()
    db = isolated_home / "data" / "journal.db"

    def draft_saved() -> bool:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                row = conn.execute("select text from drafts").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == "Half a thought"

    wait_for(draft_saved)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "Traceback" not in out
    store = open_journal(locations())
    try:
        [run] = store.unfinished()
        assert store.drafts(run.id) == {"intention": "Half a thought"}
    finally:
        store.close()


def test_an_encrypted_journal_asks_for_its_passphrase_until_it_is_right(
    isolated_home: Path,
) -> None:
    from companion.journal import protect
    from tests.helpers.crypt import PASSPHRASE

    protect.turn_on(PASSPHRASE)
    library = fixture_library(with_broken=False)
    scripts = Path(str(library.scripts["test-before"].path)).parent
    done = _run_plain_command(
        ["--scripts", str(scripts), "test-before"],
        ["not the passphrase", PASSPHRASE, "", "1", "6"],
        isolated_home,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Your journal is encrypted.\nType its passphrase, then press Enter.\n")
    assert "That passphrase does not open your journal. Please try again." in out
    assert PASSPHRASE not in out and "not the passphrase" not in out
    assert "Step 3 of about" in out
    key = protect.unlock(PASSPHRASE)
    try:
        store = open_journal(locations(), key)
    finally:
        key.wipe()
    try:
        [run] = store.unfinished()
        assert store.answers(run.id)["anxiety"].value == 6
    finally:
        store.close()


def test_an_encrypted_journal_stays_closed_when_no_passphrase_comes(isolated_home: Path) -> None:
    from companion.journal import protect
    from tests.helpers.crypt import PASSPHRASE

    protect.turn_on(PASSPHRASE)
    done = _run_plain_command([], [], isolated_home)
    assert done.returncode == 0
    assert done.stdout.rstrip().endswith(
        "No passphrase was given, so your journal stays closed. Nothing was changed."
    )
    assert "What would you like to do?" not in done.stdout


def test_an_answer_that_stands_alone_is_not_taken_with_others(tmp_path: Path) -> None:
    from companion.script.loader import load_script
    from companion.script.model import LoadedScript
    from tests.helpers.scripts import HEADER, write

    path = write(
        tmp_path,
        HEADER
        + """\
steps:
  - id: worries
    type: choice
    prompt: What is on your mind?
    multiple: true
    options:
      - {id: needle, text: The needle}
      - {id: unknown, text: Not knowing}
      - {id: nothing, text: Nothing in particular, exclusive: true}
""",
    )
    result = load_script(path, tracks=None)
    assert result.script is not None, result.problems
    library = Library()
    library.scripts["t"] = LoadedScript(result.script, path, result.sha256, "extra")
    _, out, store = plain(["1 3", "3"], "t", library=library)
    assert (
        '"Nothing in particular" is an answer on its own. Please type its number alone, '
        "or the other numbers without it." in out
    )
    assert store.answers(only_run(store))["worries"].value == ["nothing"]


def test_alone_with_others_names_the_exclusive_option_only_when_others_come_with_it() -> None:
    options = (
        model.Option(id="a", text="A"),
        model.Option(id="none", text="None of these", exclusive=True),
    )
    step = model.ChoiceStep(id="c", type="choice", options=options, multiple=True)
    assert step.alone_with_others(["a", "none"]) == "none"
    assert step.alone_with_others(["none"]) is None
    assert step.alone_with_others(["a"]) is None
    single = model.ChoiceStep(id="s", type="choice", options=options)
    assert single.alone_with_others(["none"]) is None


QUESTIONNAIRE = """\
steps:
  - id: mood
    type: questionnaire
    title: The past week
    prompt: Over the past week, how often did these apply to you?
    answers:
      - {value: 0, text: Never}
      - {value: 1, text: Some days}
      - {value: 2, text: Most days}
    items:
      - {id: sleep, text: I slept badly}
      - {id: unsafe, text: I had thoughts of not wanting to be here}
    bands:
      - {up_to: 1, label: Light}
      - {up_to: 4, label: Heavy}
    alert_when: {item: unsafe, at_least: 1}
    care_team: true
  - id: after
    type: info
    body: Thank you.
"""


def _questionnaire_library(tmp_path: Path) -> Library:
    from companion.script.loader import load_script
    from companion.script.model import LoadedScript
    from tests.helpers.scripts import HEADER, write

    path = write(tmp_path, HEADER + QUESTIONNAIRE)
    result = load_script(path, tracks=None)
    assert result.script is not None, [p.format() for p in result.problems]
    library = Library()
    library.scripts["t"] = LoadedScript(result.script, path, result.sha256, "extra")
    return library


def test_a_questionnaire_is_asked_one_item_at_a_time(tmp_path: Path) -> None:
    library = _questionnaire_library(tmp_path)
    _, out, store = plain(["5", "3", "back", "", "2", "", ""], "t", library=library)
    assert "The answers, by number:\n1. Never\n2. Some days\n3. Most days\n" in out
    assert "Question 1 of 2: I slept badly" in out
    assert '"5" is not one of the answers. Please type a number from 1 to 3.' in out
    assert "Your answer now: 3. Press Enter alone to keep it." in out  # back to item 1
    assert out.count("That sounds like a lot right now.") == 1  # the alert, once
    assert "Total 3 of 4: Heavy." in out
    answers = store.answers(only_run(store))
    assert answers["mood"].value == {"sleep": 2, "unsafe": 1}
    assert answers["mood"].care_team


def test_a_questionnaire_may_be_skipped_whole_but_not_item_by_item(tmp_path: Path) -> None:
    library = _questionnaire_library(tmp_path)
    _, out, store = plain(["", ""], "t", library=library)
    assert "Press Enter alone to skip the whole questionnaire." in out
    assert store.answers(only_run(store))["mood"].value is None
    _, out, _ = plain(["1", ""], "t", library=library)
    assert "Please type a number from 1 to 3." in out


def test_the_patients_words_are_kept_exactly_as_typed() -> None:
    _, out, store = plain(["", "1", "", "", "calm\x1b[31m then", ""], "test-before")
    assert store.answers(only_run(store))["intention"].value == "calm\x1b[31m then"
    assert not ESCAPES.search(out)
