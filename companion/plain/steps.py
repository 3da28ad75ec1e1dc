"""How each step type is asked in plain lines: one function per type, in :data:`ASKERS`.

An asker says the step, reads the patient's lines, records each answer the moment it is given
(``run.record``) and returns once the run has moved on (``session.go_on`` or
``session.skip``, which apply the step type's own rules through the run). ``back`` and ``quit``
leave an asker as exceptions, handled by the session.

A new step type needs one asker here, added to :data:`ASKERS` (docs/architecture.md).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from companion.audio.player import END_OF_TRACK
from companion.breathing import CUES, DONE, WORDS, cycles_of, describe, pattern_of, phase_at
from companion.plain.lines import EndOfInput, numbered, plain_text
from companion.run.run import Run
from companion.script.model import (
    AudioStep,
    BreathingStep,
    ChecklistStep,
    ChoiceStep,
    InfoStep,
    QuestionnaireStep,
    ScaleStep,
    Step,
    TextStep,
)
from companion.support import offer_focus

if TYPE_CHECKING:
    from companion.plain.session import Session

ENTER = "Press Enter to go on."
GO_ON_TYPING = "Go on with your answer; an empty line finishes it."
ANSWER_WITHIN = 2.0
"""Seconds to wait after Play for the sound player to say whether it can play."""
GO_ON = ("next", "n", "ok", "go on")
AGAIN = ("again", "a", "play", "begin", "start")
_NUMBERS = re.compile(r"[\s,;]+")


def ask_step(session: Session, run: Run, step: Step) -> None:
    ASKERS[step.type](session, run, step)


def ask_info(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, InfoStep)
    session.out.say(*plain_text(run.script.render(step.body)))
    while True:
        line = session.ask(ENTER).strip()
        if line and line.lower() not in GO_ON:
            session.out.say("There is nothing to answer here. " + ENTER)
            continue
        if session.go_on(run, None):
            return


def _numbers(text: str, count: int) -> tuple[list[int], str | None]:
    """The numbers typed (1-based, in order, each once), or the sentence saying what is wrong."""
    found: list[int] = []
    for token in _NUMBERS.split(text.strip()):
        if not token:
            continue
        if not token.isdigit():
            return [], f'"{token}" is not a number. Please type numbers from 1 to {count}.'
        number = int(token)
        if not 1 <= number <= count:
            return [], f"There is no number {number}. Please type numbers from 1 to {count}."
        if number not in found:
            found.append(number)
    return found, None


def _spoken(numbers: list[int]) -> str:
    """``1, 2 and 5``: how a list of numbers reads aloud (a screen reader, or anyone)."""
    words = [str(n) for n in numbers]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def ask_checklist(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, ChecklistStep)
    render = run.script.render
    if step.prompt:
        session.out.say(render(step.prompt))
    while True:
        value = run.flow.value
        ticked = value if isinstance(value, list) else []
        session.out.say(
            *numbered(
                render(item.text)
                + (" (needed)" if item.required else "")
                + (" (ticked)" if item.id in ticked else "")
                for item in step.items
            )
        )
        keep = (
            "Press Enter alone to keep the ticks as they are, or type none to untick them all."
            if ticked
            else "Press Enter alone if none of them is ready yet."
        )
        line = session.ask(
            "Type the numbers of the items you have ready, separated by spaces, then press "
            f"Enter. {keep}"
        ).strip()
        if line.lower() == "none":
            run.record(step, [])
        elif line:
            chosen, problem = _numbers(line, len(step.items))
            if problem is not None:
                session.out.say(problem)
                continue
            ids = {step.items[n - 1].id for n in chosen}
            run.record(step, [item.id for item in step.items if item.id in ids])
            session.out.say(f"Ticked: {_spoken(sorted(chosen))}.")
        if session.go_on(run, run.flow.value if step.id in run.flow.answers else []):
            return


def ask_choice(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, ChoiceStep)
    render = run.script.render
    if step.prompt:
        session.out.say(render(step.prompt))
    session.out.say(*numbered(render(option.text) for option in step.options))
    count = len(step.options)
    while True:
        value = run.flow.value
        chosen = value if isinstance(value, list) and value else []
        if step.multiple:
            what = (
                "Type the numbers of the answers that fit, separated by spaces, then press Enter."
            )
        else:
            what = f"Type the number of your answer, from 1 to {count}, then press Enter."
        if chosen:
            now = ", ".join(str(i + 1) for i, o in enumerate(step.options) if o.id in chosen)
            what += f" Your answer now: {now}. Press Enter alone to keep it."
        elif step.may_skip:
            what += " Press Enter alone to skip this question."
        line = session.ask(what, skip=step.may_skip).strip()
        if line.lower() == "skip":
            if session.skip(run, None):
                return
            continue
        if not line:
            if chosen or not step.may_skip:
                if session.go_on(run, value):
                    return
                continue
            if session.skip(run, None):
                return
            continue
        numbers, problem = _numbers(line, count)
        if problem is None and not step.multiple and len(numbers) > 1:
            problem = f"Please choose one answer: type one number from 1 to {count}."
        if problem is not None:
            session.out.say(problem)
            continue
        picked = [step.options[n - 1].id for n in numbers]
        if step.multiple:
            picked = [o.id for o in step.options if o.id in picked]
        alone = step.alone_with_others(picked)
        if alone is not None:
            text = render(step.option_text(alone))
            session.out.say(
                f'"{text}" is an answer on its own. Please type its number alone, '
                "or the other numbers without it."
            )
            continue
        run.record(step, picked)
        session.out.say(f"Your answer: {step.in_words(picked, render)}.")
        if session.go_on(run, picked):
            return


def ask_scale(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, ScaleStep)
    render = run.script.render
    if step.prompt:
        session.out.say(render(step.prompt))
    for number, label in sorted(step.labels.items()):
        session.out.say(f"{number} means {render(label)}.")
    span = f"from {step.min} to {step.max}"
    offered = False
    while True:
        value = run.flow.value
        what = f"Type a number {span}, then press Enter."
        if isinstance(value, int):
            what += (
                f" Your answer now: {step.in_words(value, render)}. Press Enter alone to keep it."
            )
        elif step.may_skip:
            what += " Press Enter alone to skip this question."
        line = session.ask(what, skip=step.may_skip).strip()
        if line.lower() == "skip":
            if session.skip(run, None):
                return
            continue
        if not line:
            if isinstance(value, int) or not step.may_skip:
                if session.go_on(run, value):
                    return
                continue
            if session.skip(run, None):
                return
            continue
        try:
            number = int(line)
        except ValueError:
            session.out.say(f'"{line}" is not a whole number. Please type a number {span}.')
            continue
        if not step.min <= number <= step.max:
            session.out.say(f"{number} is not on this scale. Please type a number {span}.")
            continue
        run.record(step, number)
        session.out.say(f"Your answer: {step.in_words(number, render)}.")
        if not offered and step.offers_support(number):
            offered = True
            session.show_support(offered=offer_focus(step))
        if session.go_on(run, number):
            return


def ask_text(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, TextStep)
    from companion.plain.session import GoBack

    render = run.script.render
    session.out.say(render(step.prompt))
    if step.hint:
        session.out.say(render(step.hint))
    while True:
        start = run.drafts.get(step.id, run.flow.value)
        before = start if isinstance(start, str) else ""
        lines = before.split("\n") if before.strip() else []
        if lines:
            session.out.say("Your words so far:", *lines)
            session.out.say(
                "Type more lines to add to them, and an empty line to finish. "
                "An empty line now keeps them as they are. Type clear to start again."
            )
        elif step.may_skip:
            session.out.say(
                "Type your answer; it can be several lines. An empty line finishes it. "
                "An empty line now skips this question."
            )
        else:
            session.out.say("Type your answer; it can be several lines. An empty line finishes it.")
        typed: list[str] = []
        while True:
            try:
                line = session.ask(skip=True, again=GO_ON_TYPING)
            except GoBack:
                raise GoBack("\n".join(lines + typed), has_value=True) from None
            if not typed and not lines and line.strip().lower() == "skip" and step.may_skip:
                line = ""
            if not typed and line.strip().lower() == "clear" and lines:
                lines = []
                run.save_draft(step, "")
                session.out.say("Cleared. Type your answer, and an empty line to finish.")
                continue
            if not line.strip():
                break
            typed.append(line.rstrip())
            # Each line is a draft the moment it is typed: nothing waits to be flushed.
            run.save_draft(step, "\n".join(lines + typed))
        text = "\n".join(lines + typed)
        if not text.strip() and step.may_skip and not isinstance(run.flow.value, str):
            if session.skip(run, ""):
                return
            continue
        if session.go_on(run, text):
            return


def _wait_or_stop(session: Session, seconds: float) -> bool:
    """Wait up to ``seconds``; True if the patient pressed Enter (or the input ended)."""
    try:
        return session.inp.line_within(seconds) is not None
    except EndOfInput:
        return True


def breathe(session: Session, step: BreathingStep) -> bool:
    """The phase words at their times, a count each second on the same line, until the last
    breath ends (True) or the patient presses Enter (False)."""
    pattern, cycles = pattern_of(step), cycles_of(step)
    out, clock = session.out, session.seconds
    player = session.sound.player() if step.sound else None
    cues = session.sound.player("cues") if step.cues else None
    if player is not None and step.sound:
        player.play(step.sound, loop=True, fade_in=2.0)
    began = clock()
    last: tuple[str, int, int] | None = None
    in_line = False
    finished = False
    try:
        while True:
            state = phase_at(pattern, clock() - began, cycles)
            if state.done:
                finished = True
                break
            if last is None or (last[0], last[1]) != (state.phase, state.cycle):
                if in_line:
                    out.end_line()
                out.part(f"{WORDS[state.phase]}... {state.count}")
                in_line = True
                if cues is not None and state.phase in CUES:
                    cues.play(CUES[state.phase], loop=False, fade_in=0.0)
            elif last[2] != state.count:
                out.part(f", {state.count}")
            last = (state.phase, state.cycle, state.count)
            until_next = state.remaining - (state.count - 1)
            if _wait_or_stop(session, max(0.02, until_next)):
                break
    finally:
        if in_line:
            out.end_line()
        if player is not None:
            player.stop(fade_out=2.0)
        if cues is not None:
            cues.stop(fade_out=0.2)
    return finished


def ask_breathing(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, BreathingStep)
    if step.prompt:
        session.out.say(run.script.render(step.prompt))
    session.out.say(describe(step, pattern_of(step)) + ".")
    cycles = cycles_of(step)
    session.out.say(
        "As many breaths as you like."
        if cycles is None
        else f"{cycles} breath{'s' if cycles != 1 else ''}."
    )
    done_once = False
    while True:
        if done_once:
            prompt = "Press Enter to go on, or type again to breathe once more."
        else:
            prompt = "Press Enter to begin breathing, or type next to go on without it."
        line = session.ask(prompt).strip().lower()
        begin = line in AGAIN if done_once else not line
        if begin:
            session.out.say("Press Enter to stop at any time.")
            session.out.say(DONE if breathe(session, step) else "Stopped.")
            done_once = True
            continue
        going = not line if done_once else line in GO_ON
        if not going:
            session.out.say(f'"{line}" is not one of the choices. {prompt}')
            continue
        if session.go_on(run, None):
            return


def listen(session: Session, step: AudioStep, title: str) -> None:
    """Play the track until the patient presses Enter, its minutes run out, or it ends."""
    player = session.sound.player()
    player.play(step.track)
    clock = session.seconds
    asked = clock()
    while not player.answered and clock() - asked < ANSWER_WITHIN:
        time.sleep(0.02)
    if not player.status().available:
        return  # the step says why, once
    session.out.say(f"Playing {title}. Press Enter to stop.")
    limit = None if step.minutes is None else step.minutes * 60.0
    try:
        while True:
            if _wait_or_stop(session, 0.25):
                session.out.say("Stopped.")
                return
            status = player.status()
            if not status.available:
                return  # the step says why, once
            if status.problem:
                session.out.say(status.problem)
                return
            if limit is not None and status.elapsed >= limit:
                player.stop(fade_out=3.0)
                session.out.say(END_OF_TRACK)
                return
            if status.state == "stopped":
                session.out.say(END_OF_TRACK if status.track else "That sound cannot be played.")
                return
    finally:
        player.stop(fade_out=1.0)


def ask_audio(session: Session, run: Run, step: Step) -> None:
    assert isinstance(step, AudioStep)
    if step.prompt:
        session.out.say(run.script.render(step.prompt))
    track = session.sound.track(step.track)
    title = track.title if track is not None else step.track
    session.out.say(f"Sound: {title}.")
    if track is not None and track.description:
        session.out.say(track.description)
    if step.minutes is not None:
        session.out.say(f"It plays for {step.minutes:g} minutes.")
    player = session.sound.player()
    player.start()
    played = False
    while True:
        status = player.status()
        if not status.available:
            session.out.say(status.unavailable_reason or "")
            line = session.ask(ENTER).strip().lower()
            if line and line not in GO_ON:
                session.out.say("There is nothing to answer here. " + ENTER)
                continue
            if session.go_on(run, None):
                return
            continue
        if played:
            prompt = "Press Enter to go on, or type again to listen again."
        else:
            prompt = "Press Enter to listen, or type next to go on without it."
        line = session.ask(prompt).strip().lower()
        play = line in AGAIN if played else not line
        if play:
            listen(session, step, title)
            played = True
            continue
        going = not line if played else line in GO_ON
        if not going:
            session.out.say(f'"{line}" is not one of the choices. {prompt}')
            continue
        if session.go_on(run, None):
            return


def ask_questionnaire(session: Session, run: Run, step: Step) -> None:
    """One item at a time, each answered by the number of its answer; ``back`` goes to the
    item before (from the first, to the step before). The total is said at the end."""
    assert isinstance(step, QuestionnaireStep)
    from companion.plain.session import GoBack

    render = run.script.render
    if step.prompt:
        session.out.say(render(step.prompt))
    count, items = len(step.answers), step.items
    session.out.say("The answers, by number:", *numbered(render(a.text) for a in step.answers))
    offered = False
    index = 0 if step.unanswered(run.flow.value) == list(items) else len(items)
    if index == len(items) and step.given(run.flow.value):
        missing = step.unanswered(run.flow.value)
        index = items.index(missing[0]) if missing else len(items)
    while True:
        value = run.flow.value
        if index >= len(items):
            session.out.say(step.in_words(value, render).split("\n")[0] + ".")
            line = session.ask(
                "Press Enter to go on, or type again to go through the questions again."
            ).strip()
            if line.lower() in AGAIN:
                index = 0
                continue
            if line:
                session.out.say(f'"{line}" is not one of the choices.')
                continue
            if session.go_on(run, value):
                return
            index = items.index(step.unanswered(value)[0])
            continue
        item = items[index]
        chosen = step.given(value).get(item.id)
        session.out.say(f"Question {index + 1} of {len(items)}: {render(item.text)}")
        what = f"Type the number of your answer, from 1 to {count}, then press Enter."
        if chosen is not None:
            now = [a.value for a in step.answers].index(chosen) + 1
            what += f" Your answer now: {now}. Press Enter alone to keep it."
        elif index == 0 and not step.given(value) and step.may_skip:
            what += " Press Enter alone to skip the whole questionnaire."
        try:
            line = session.ask(what, skip=step.may_skip).strip()
        except GoBack:
            if index == 0:
                raise
            index -= 1
            continue
        if not line or line.lower() == "skip":
            if chosen is not None and line.lower() != "skip":
                index += 1
                continue
            if step.may_skip and not step.given(value):
                if session.skip(run, None):
                    return
                continue
            session.out.say(f"Please type a number from 1 to {count}.")
            continue
        if not line.isdigit() or not 1 <= int(line) <= count:
            session.out.say(
                f'"{line}" is not one of the answers. Please type a number from 1 to {count}.'
            )
            continue
        answer = step.answer_item(value, item.id, step.answers[int(line) - 1].value)
        run.record(step, answer)
        if not offered and step.offers_support(answer):
            offered = True
            session.show_support(offered=offer_focus(step))
        index += 1


Asker = Callable[["Session", Run, Any], None]
ASKERS: dict[str, Asker] = {
    "info": ask_info,
    "checklist": ask_checklist,
    "choice": ask_choice,
    "scale": ask_scale,
    "text": ask_text,
    "breathing": ask_breathing,
    "audio": ask_audio,
    "questionnaire": ask_questionnaire,
}
