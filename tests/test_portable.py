"""Runs where the patients are: the real commands and the real app without the POSIX-only pieces.

We cannot run Windows here, so these tests take away what a Windows Python does not have
(``tests/posixless/sitecustomize.py``: no ``fcntl``, no SIGHUP or SIGXFSZ, no ``os.getuid``,
``os.fchmod``, ``os.set_blocking`` or ``O_CLOEXEC``, an event loop that refuses signal handlers)
and run the companion: as real processes under a pseudo-terminal, and through Pilot in-process.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from companion.app.screens.run import RunScreen
from companion.journal import JournalBusyError, open_journal
from companion.journal.lock import JournalLock
from companion.paths import locations
from tests.helpers.apps import sync
from tests.helpers.journals import journal_app
from tests.helpers.terminal import POSIXLESS, PtyApp, offered_back, open_words, words_env
from tests.posixless import sitecustomize as posixless

REPO = Path(__file__).resolve().parent.parent
BUSY = "Your journal is already open in another window."
SIZE = (80, 24)
TO_THE_TEXT_STEP = ["enter", "ctrl+n", "space", "ctrl+n", "ctrl+s", "ctrl+s"]
"""From home in the Pilot fixture library: to "Getting ready"'s intention (a text step)."""


def _posixless_env(tmp_path: Path) -> tuple[dict[str, str], list[str]]:
    return words_env(tmp_path, PYTHONPATH=str(POSIXLESS))


def _command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )


# The stand-in itself: if it stopped working, every test below would prove nothing.


def test_the_posix_only_pieces_are_really_gone_in_the_stand_in(tmp_path: Path) -> None:
    env, _ = _posixless_env(tmp_path)
    probe = (
        "import asyncio, os, signal\n"
        "try:\n    import fcntl\nexcept ImportError:\n    print('no-fcntl')\n"
        "print(hasattr(signal, 'SIGHUP'), hasattr(signal, 'SIGXFSZ'), hasattr(os, 'getuid'),\n"
        "      hasattr(os, 'fchmod'), hasattr(os, 'set_blocking'), hasattr(os, 'O_CLOEXEC'))\n"
        "loop = asyncio.new_event_loop()\n"
        "try:\n    loop.add_signal_handler(signal.SIGTERM, print)\n"
        "except NotImplementedError:\n    print('loop-refuses')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["no-fcntl", *["False"] * 6, "loop-refuses"]


# The real commands, as separate processes.


def test_validate_runs_without_the_posix_only_pieces(tmp_path: Path) -> None:
    env, _ = _posixless_env(tmp_path)
    done = _command(env, "validate", *sorted(str(p) for p in (REPO / "scripts").glob("*.yaml")))
    assert done.returncode == 0, done.stderr.decode()
    assert b"0 errors" in done.stdout


def test_the_app_starts_keeps_an_answer_and_exports_it_with_lf_line_endings(
    tmp_path: Path,
) -> None:
    env, args = _posixless_env(tmp_path)
    words = "the garden after rain"
    app = open_words(env, args)
    try:
        app.type(words)
        app.press("\x0e")  # ctrl+n: the answer is recorded and the next step shows
        assert app.wait_for("And anything else"), app.text[-2000:]
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()

    printed = _command(env, "export")
    assert printed.returncode == 0, printed.stderr.decode()
    assert words.encode() in printed.stdout
    assert b"\r" not in printed.stdout

    target = tmp_path / "for my therapist.md"
    written = _command(env, "export", "--format", "json", "--output", str(target))
    assert written.returncode == 0, written.stderr.decode()
    data = target.read_bytes()
    assert words.encode() in data and b"\r" not in data and data.endswith(b"}\n")


def test_a_second_copy_is_refused_in_one_sentence(tmp_path: Path) -> None:
    env, args = _posixless_env(tmp_path)
    first = open_words(env, args)
    try:
        second = PtyApp(args, env, cwd=REPO)
        try:
            assert second.wait_exit(30) == 1
            assert [line.strip() for line in second.text.splitlines() if line.strip()] == [BUSY]
        finally:
            second.close()
        export = _command(env, "export")
        assert export.returncode == 1
        assert export.stderr.decode().strip() == BUSY
        assert export.stdout == b""
        first.press("ctrl+q")
        assert first.wait_exit(10) == 0
    finally:
        first.close()
    assert _command(env, "export").returncode == 0  # and free again once the first has gone


@pytest.mark.parametrize(
    ("sig", "code"),
    [
        (signal.SIGTERM, 128 + 15),  # told to stop: handled through signal.signal, not the loop
        (getattr(signal, posixless.BREAK_STAND_IN), 128 + 1),  # Windows' SIGBREAK: the console went
    ],
    ids=["SIGTERM", "SIGBREAK"],
)
def test_a_draft_is_saved_on_the_way_out(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    env, args = _posixless_env(tmp_path)
    words = "written a moment before the end"
    app = open_words(env, args)
    try:
        app.type(words)  # no pause: the draft timer has not fired yet
        app.signal(sig)
        assert app.wait_exit(5) == code
    finally:
        app.close()
    assert offered_back(env, args, words)


def test_the_sound_process_is_spawned_and_answers_without_the_posix_only_pieces(
    tmp_path: Path,
) -> None:
    """A fresh interpreter that inherits the stand-in through PYTHONPATH, not a fork of the app."""
    env, _ = _posixless_env(tmp_path)
    probe = (
        "import sys, time\n"
        "from companion.audio.player import Player\n"
        "player = Player()\n"
        "player.start()\n"
        "player.set_volume(3)\n"  # a command the child must acknowledge
        "deadline = time.monotonic() + 10\n"
        "while player._pending and time.monotonic() < deadline:\n"
        "    time.sleep(0.02)\n"
        "proc = player._proc\n"
        "print(proc is not None and proc.args[0] == sys.executable, not player._pending)\n"
        "player.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]  # started as a new interpreter, and it answered


# The real app through Pilot, in this process, with the same pieces taken away.


@sync
async def test_pilot_start_answer_kept_second_copy_refused_draft_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    posixless.take_away(monkeypatch)
    store = open_journal(locations())
    app = journal_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*TO_THE_TEXT_STEP)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.run.flow.current.id == "intention"
        run_id = screen.run.run_id
        with pytest.raises(JournalBusyError) as refused:
            open_journal(locations())
        assert str(refused.value) == BUSY
        await pilot.press(*"to rest")
        assert screen.query_one(TextArea).text == "to rest"
        await pilot.press("ctrl+q")  # straight out, before the draft timer
        await pilot.pause()
    store.close()
    again = open_journal(locations())  # the app closed the journal on its way out
    try:
        assert again.drafts(run_id) == {"intention": "to rest"}
        assert again.answers(run_id), "the answers given before the text step are kept"
    finally:
        again.close()


def test_journal_files_are_left_to_the_profile_folder_where_modes_mean_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No owner check and no "tightened" notice where files have no POSIX owner and mode."""
    posixless.take_away(monkeypatch)
    store = open_journal(locations())
    try:
        assert not store.notices
    finally:
        store.close()
    store = open_journal(locations())  # and not on the second start either
    try:
        assert not store.notices
    finally:
        store.close()


def test_the_lock_holds_across_threads_and_frees_on_release(tmp_path: Path) -> None:
    path = tmp_path / "journal.lock"
    first = JournalLock(path)
    with pytest.raises(JournalBusyError):
        JournalLock(path)
    taken: list[object] = []

    async def elsewhere() -> None:
        try:
            taken.append(JournalLock(path))
        except JournalBusyError as exc:
            taken.append(exc)

    asyncio.run(asyncio.wait_for(asyncio.to_thread(lambda: asyncio.run(elsewhere())), 10))
    assert isinstance(taken[0], JournalBusyError)
    first.release()
    second = JournalLock(path)
    second.release()
    assert path.read_bytes() == b""  # nothing is ever written to the lock file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.lock"]  # and no side files


def test_a_lock_file_written_over_by_something_else_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "journal.lock"
    path.write_bytes(b"not a database, just some bytes " * 100)
    lock = JournalLock(path)
    try:
        with pytest.raises(JournalBusyError):
            JournalLock(path)
    finally:
        lock.release()


def test_a_killed_holder_leaves_the_journal_free(tmp_path: Path) -> None:
    env, _ = _posixless_env(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom companion.journal import open_journal\nopen_journal()\n"
         "print('ready', flush=True)\nsys.stdin.readline()\n"],
        env=env, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(JournalBusyError):
            open_journal(locations())
        holder.kill()
        holder.wait(10)
        deadline = time.monotonic() + 5
        while True:
            try:
                open_journal(locations()).close()
                break
            except JournalBusyError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        holder.kill()


def test_a_signal_after_the_loop_has_closed_is_still_handled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where signal.signal stands in for the loop (Windows), a late signal is handled at once."""
    from companion import platform

    posixless.take_away(monkeypatch)
    handled: list[str] = []
    previous = signal.getsignal(signal.SIGTERM)

    async def install() -> bool:
        return platform.on_signals(
            asyncio.get_running_loop(), {signal.SIGTERM: lambda: handled.append("term")}
        )

    try:
        assert asyncio.run(install())  # the loop is closed when run() returns
        installed = signal.getsignal(signal.SIGTERM)
        assert callable(installed)
        installed(signal.SIGTERM, None)
        assert handled == ["term"]
    finally:
        signal.signal(signal.SIGTERM, previous)


# The plain mode (companion plain) without the POSIX-only pieces: no event loop, Python's own
# signal handlers, a reader thread for input.


def test_the_plain_mode_walks_a_script_without_the_posix_only_pieces(tmp_path: Path) -> None:
    env, args = _posixless_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "companion", "plain", *args, "first-infusion"],
        input=b"Plain words\n\nMore plain words\n\n",
        env={**env, "TERM": "dumb"},
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b"You have come to the end." in done.stdout
    exported = _command(env, "export")
    assert exported.returncode == 0
    assert b"Plain words" in exported.stdout and b"More plain words" in exported.stdout


@pytest.mark.parametrize(
    ("sig", "code"),
    [
        (signal.SIGTERM, 128 + 15),
        (getattr(signal, posixless.BREAK_STAND_IN), 128 + 1),
    ],
    ids=["SIGTERM", "SIGBREAK"],
)
def test_the_plain_mode_keeps_a_line_typed_when_the_console_goes(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    import sqlite3

    from tests.helpers.sound import wait_for

    env, args = _posixless_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "plain", *args, "first-infusion"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**env, "TERM": "dumb"},
        cwd=REPO,
    )
    assert proc.stdin is not None
    proc.stdin.write(b"A line before the end\n")
    proc.stdin.flush()
    db = Path(env["COMPANION_HOME"]) / "data" / "journal.db"

    def drafted() -> bool:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                row = conn.execute("select text from drafts").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == "A line before the end"

    try:
        wait_for(drafted)
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == code
    finally:
        proc.kill()
        proc.wait()
    assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()
    assert drafted()  # still there after the journal was closed on the way out
