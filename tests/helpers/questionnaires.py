"""Questionnaire test data: skeletons filled in with our own words, and a journal holding a
course of scored questionnaires on the real SQLite store."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

from companion.journal import SqliteStore
from companion.journal.model import Answer, RunInfo
from companion.script.instruments import skeleton
from companion.script.loader import load_script
from companion.script.model import BLANK, LoadedScript, QuestionnaireStep
from tests.helpers.journals import T0
from tests.helpers.scripts import DATA, TRACKS

MOOD = DATA / "questionnaires" / "mood.yaml"


def filled(text: str) -> str:
    """A skeleton with each blank filled by words of our own (standing in for the form's)."""
    counter = itertools.count(1)

    def fill(blank: re.Match[str]) -> str:
        if "care team" in blank.group(0):
            return "Call the clinic on 555 0100"
        if "crisis line" in blank.group(0):
            return "Call or text 988"
        return f"Words from the form {next(counter)}"

    return BLANK.sub(fill, text)


def loaded(path: Path) -> LoadedScript:
    result = load_script(path, TRACKS)
    assert result.script is not None, [p.format() for p in result.problems]
    return LoadedScript(result.script, path, result.sha256, "extra")


def filled_script(tmp_path: Path, like: str) -> LoadedScript:
    path = tmp_path / f"{like}.yaml"
    path.write_text(filled(skeleton(like)), encoding="utf-8")
    return loaded(path)


def questionnaire_of(script: LoadedScript) -> QuestionnaireStep:
    step = next(s for s in script.script.steps if isinstance(s, QuestionnaireStep))
    return step


def answer_run(
    store: SqliteStore,
    script: LoadedScript,
    answers: dict[str, int],
    week: int,
    extra: list[Answer] = (),  # type: ignore[assignment]
    infusion_id: int | None = None,
) -> int:
    """One finished run with these item answers, dated ``week`` weeks after T0, recorded as
    :class:`~companion.run.run.Run` records an answer (prompt, words and score as seen)."""
    step = questionnaire_of(script)
    when = T0 + timedelta(weeks=week)
    render = script.script.render
    answer = Answer(
        step.id,
        step.type,
        render(step.asked()),
        answers,
        step.in_words(answers, render),
        when,
        step.care_team,
        step.scored(answers, render),
    )
    info = RunInfo(
        0,
        script.script.id,
        script.script.title,
        script.sha256,
        script.script.phase,
        when,
        when + timedelta(minutes=5),
        infusion_id=infusion_id,
    )
    return store.add_run(info, [answer, *[a._replace(answered_at=when) for a in extra]])


def all_items(step: QuestionnaireStep, value: int) -> dict[str, int]:
    return {item.id: value for item in step.items}


def mentions_blank(text: str) -> bool:
    return re.search(BLANK, text) is not None
