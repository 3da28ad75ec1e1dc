"""Real second processes: a second copy of the app is turned away, and a killed app loses
nothing that was recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from companion.journal import JournalBusyError, open_journal
from tests.helpers.journals import answer

HOLDER = textwrap.dedent(
    """
    import sys
    from companion.journal import open_journal
    from companion.journal.model import Answer, now
    store = open_journal()
    run_id = store.start_run("s", "After the session", "h", "after")
    store.record_answer(run_id, Answer("a", "text", "What stayed?", "the sea", "the sea", now()))
    store.save_draft(run_id, "b", "and the lig")
    store.set_position(run_id, "b")
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    print("closed", flush=True)
    """
)


def _start_holder() -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_copy_is_told_the_journal_is_open_elsewhere() -> None:
    holder = _start_holder()
    try:
        with pytest.raises(JournalBusyError) as caught:
            open_journal()
        assert str(caught.value) == "Your journal is already open in another window."
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        assert holder.wait(timeout=10) == 0
    finally:
        holder.kill()
    with open_journal() as store:
        assert store.answers(1)["a"].value == "the sea"


def test_killed_app_keeps_every_recorded_word_and_frees_the_journal() -> None:
    holder = _start_holder()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    with open_journal() as store:
        assert store.notices == ()
        assert store.integrity() == "ok"
        assert store.answers(1)["a"].value == "the sea"
        assert store.drafts(1) == {"b": "and the lig"}
        run = store.run(1)
        assert not run.finished
        assert run.position == "b"
        store.record_answer(1, answer("b", "and the lighthouse"))
        store.finish_run(1)
    with open_journal() as store:
        assert store.run(1).finished
        assert store.drafts(1) == {}
