"""The bundled scripts keep their promises: one voice, one name for the team, one spelling,
and nothing that says an answer goes to anyone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from companion.script import model
from companion.script.loader import load_script

FOLDER = Path(__file__).resolve().parent.parent / "scripts"
SCRIPTS = sorted(FOLDER.glob("*.yaml"))


def loaded(path: Path) -> model.Script:
    script = load_script(path, None).script
    assert script is not None
    return script


def every_text(script: model.Script) -> list[str]:
    """Every sentence the patient can read in a script, variables filled in."""
    texts = [script.title, script.summary or ""]
    for step in script.steps:
        for name in ("title", "body", "prompt", "hint"):
            value = getattr(step, name, None)
            if isinstance(value, str):
                texts.append(value)
        texts.extend(i.text for i in getattr(step, "items", ()))
        texts.extend(o.text for o in getattr(step, "options", ()))
        texts.extend(getattr(step, "labels", {}).values())
    return [script.render(t) for t in texts]


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_one_name_for_the_team(path: Path) -> None:
    text = "\n".join(every_text(loaded(path)))
    for other in ("medical team", "therapist", "your team", "the team", "clinic staff"):
        assert other not in text.lower(), other


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_one_spelling(path: Path) -> None:
    text = "\n".join(every_text(loaded(path))).lower()
    american = re.findall(
        r"\b(colors?|reali[z]e[sd]?|recogni[z]e[sd]?|center|favorite|gray)\b", text
    )
    assert american == []


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_checklist_items_are_things_not_sentences(path: Path) -> None:
    for step in loaded(path).steps:
        if isinstance(step, model.ChecklistStep):
            for item in step.items:
                words = re.findall(r"[A-Za-z']+", item.text)
                assert not {"I", "I'm", "I'd", "my", "me", "you", "your"} & set(words), item.text


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_nothing_promises_that_an_answer_is_sent(path: Path) -> None:
    text = "\n".join(every_text(loaded(path))).lower()
    for promise in ("goes on the list", "on the list for", "will be sent", "we'll tell"):
        assert promise not in text
    assert "nobody sees" in text or "nothing is sent" in text


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_a_nothing_option_stands_alone(path: Path) -> None:
    for step in loaded(path).steps:
        if isinstance(step, model.ChoiceStep) and step.multiple:
            for option in step.options:
                if option.text.lower().startswith("nothing"):
                    assert option.exclusive, option.text
