"""The real app, killed while the patient types, and a second copy on the same journal: each in
its own process under a pseudo-terminal, as in a patient's terminal window."""

from __future__ import annotations

import os
import signal
import textwrap
import time
from pathlib import Path

from companion.journal import open_journal
from tests.helpers.journals import answer, interrupt_a_transaction, run_info
from tests.helpers.terminal import PtyApp

SCRIPT = textwrap.dedent(
    """\
    format: 1
    id: first-infusion
    title: A few words before
    phase: before
    summary: One question, then done.
    support:
      - label: Your care team
        contact: Call 555 0100
    steps:
      - id: words
        type: text
        title: In your words
        prompt: What is on your mind today?
      - id: done
        type: info
        title: Thank you
        body: That is all.
    """
)
KEPT = "The sea was calm and I felt held."
LATE = " Then the"
"""Typed in the last moment before the kill: it may be lost, and only it."""


def _start(tmp_path: Path) -> PtyApp:
    scripts = tmp_path / "scripts"
    scripts.mkdir(exist_ok=True)
    (scripts / "words.yaml").write_text(SCRIPT)
    # The fixture script takes the bundled first-infusion's place, first on the home screen.
    return PtyApp(["--scripts", str(scripts)], env=dict(os.environ))


def test_killed_while_typing_loses_at_most_the_last_second(tmp_path: Path) -> None:
    app = _start(tmp_path)
    try:
        assert app.wait_for("A few words before"), app.text
        app.press("enter")
        assert app.wait_for("What is on your mind today?"), app.text
        app.type(KEPT)
        time.sleep(1.5)  # a pause longer than a second: these words must be on disk
        app.type(LATE)
        app.signal(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL
    finally:
        app.close()

    with open_journal() as store:
        assert store.notices == ()
        assert store.integrity() == "ok"
        [run] = store.unfinished()
        assert run.position == "words"
        draft = store.drafts(run.id)["words"]
        assert draft.startswith(KEPT), draft
        assert (KEPT + LATE).startswith(draft), draft

    again = _start(tmp_path)
    try:
        assert again.wait_for("Continue where you left off"), again.text
        assert again.wait_for("A few words before")
        again.mark()
        again.press("enter")  # continuing is the first choice
        assert again.wait_for("What is on your mind today?"), again.text
        assert again.wait_for(KEPT), again.text[-2000:]
        again.press("ctrl+q")
        assert again.wait_exit() == 0
    finally:
        again.close()

    with open_journal() as store:
        assert store.integrity() == "ok"
        assert store.drafts(run.id)["words"] == draft  # quitting kept exactly what was shown


def test_a_second_copy_is_told_plainly_that_the_journal_is_open(tmp_path: Path) -> None:
    first = _start(tmp_path)
    try:
        assert first.wait_for("A few words before"), first.text
        second = _start(tmp_path)
        try:
            assert second.wait_exit() == 1
            assert "Your journal is already open in another window." in second.text
            assert "Traceback" not in second.text
        finally:
            second.close()
        first.mark()
        first.press("enter")
        assert first.wait_for("What is on your mind today?"), "the first copy carries on"
        first.press("ctrl+q")
        assert first.wait_exit() == 0
    finally:
        first.close()
    with open_journal() as store:
        assert store.integrity() == "ok"
        assert len(store.runs()) == 1


def test_a_transaction_cut_off_in_rollback_mode_is_undone_at_the_next_opening() -> None:
    with open_journal() as store:
        store.add_run(run_info(0, title="Evening check-in"), [answer("feel", KEPT)])
    rollback = interrupt_a_transaction()
    with open_journal() as store:
        runs = store.runs()
        assert [r.script_title for r in runs] == ["Evening check-in"]
        assert store.answers(runs[0].id)["feel"].value == KEPT
        assert store.notices == ()  # not damage: nothing set aside
    assert not rollback.exists()
