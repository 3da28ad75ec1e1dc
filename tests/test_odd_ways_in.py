"""Every odd way in gets one calm sentence and exit status 1, never a traceback or a hang.

Each case runs the real command in a subprocess (the app itself under a pseudo-terminal).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from companion.app.screens.journal import JournalScreen
from companion.journal import SqliteStore, open_journal
from tests.helpers.apps import sync
from tests.helpers.journals import answer, journal_app
from tests.helpers.terminal import PtyApp, words_env

REPO = Path(__file__).resolve().parent.parent
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def companion(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    preexec: Callable[[], None] | None = None,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run ``companion ARGS`` as a patient or therapist would; never longer than 30 s."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    full.update(env or {})
    return subprocess.run(
        [*prefix, sys.executable, "-m", "companion", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
        env=full,
        check=False,
        preexec_fn=preexec,
    )


def calm(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 1, the words in one short message, no traceback."""
    said = done.stderr + done.stdout
    assert done.returncode == 1, said
    assert "Traceback" not in said, said
    for word in words:
        assert word in said, said


def app_says(env: dict[str, str], args: list[str]) -> tuple[int | None, str]:
    """Start the real app under a pseudo-terminal; return its exit status and what it printed."""
    app = PtyApp(args, env, cwd=REPO)
    try:
        code = app.wait_exit(20)
    finally:
        app.close()
    return code, app.text.replace("\r\n", " ").replace("\n", " ")


def with_journal(isolated_home: Path) -> None:
    store = open_journal()
    run_id = store.start_run("s", "Evening", "h", "after")
    store.record_answer(run_id, answer("a", "Words from a quiet evening, café and all. " * 20))
    store.close()


# --- the journal's folder ------------------------------------------------------------------------


def test_a_lock_file_that_is_a_folder(isolated_home: Path, tmp_path: Path) -> None:
    with_journal(isolated_home)
    lock = isolated_home / "data" / "journal.lock"
    lock.unlink()
    lock.mkdir()
    calm(companion("export"), "journal.lock", "is a folder")
    calm(companion("forget", stdin="forget my journal\n"), "is a folder")
    env, args = words_env(tmp_path)
    code, text = app_says(env, args)
    assert code == 1 and "is a folder" in text and "Traceback" not in text
    assert (isolated_home / "data" / "journal.db").is_file(), "nothing was touched"


def test_companion_home_that_is_a_file(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.parent.mkdir(parents=True, exist_ok=True)
    isolated_home.write_text("a file, not a folder")
    env, args = words_env(tmp_path)
    code, text = app_says(env, args)
    assert code == 1, text
    assert "is a file, not a folder" in text and "Traceback" not in text
    assert isolated_home.read_text() == "a file, not a folder"
    assert companion("scripts").returncode == 0
    assert companion("validate").returncode == 0


def test_companion_home_under_proc(tmp_path: Path) -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc here")
    env, args = words_env(tmp_path, COMPANION_HOME="/proc/self/companion")
    code, text = app_says(env, args)
    assert code == 1, text
    assert "/proc/self/companion" in text and "Traceback" not in text


def _read_only_mount_works() -> bool:
    if not ROOT or shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs root and mount namespaces")
def test_a_read_only_data_disk(isolated_home: Path, tmp_path: Path) -> None:
    with_journal(isolated_home)
    before = (isolated_home / "data" / "journal.db").read_bytes()
    home = str(isolated_home)
    read_only = ("unshare", "-m", "sh", "-c",
                 f'mount --bind "{home}" "{home}" && mount -o remount,ro,bind "{home}" && exec "$@"',
                 "sh")  # fmt: skip
    # An export only reads: a journal on a disk that can only be read (a backup, say) exports.
    exported = companion("export", prefix=read_only)
    assert exported.returncode == 0, exported.stderr
    assert "Words from a quiet evening" in exported.stdout and "Traceback" not in exported.stderr
    # JSON takes the full opening, which would write: refused calmly, as before.
    calm(companion("export", "--format", "json", prefix=read_only), "can only be read")
    calm(companion("forget", stdin="forget my journal\n", prefix=read_only))
    # The app itself, on a terminal.
    env, args = words_env(tmp_path)
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [*read_only, sys.executable, "-m", "companion", *args],
        stdin=slave, stdout=slave, stderr=slave, cwd=REPO, start_new_session=True,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"},
    )  # fmt: skip
    os.close(slave)
    try:
        assert proc.wait(20) == 1
        said = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            said += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert b"can only be read" in said and b"Traceback" not in said
    assert (isolated_home / "data" / "journal.db").read_bytes() == before


def _without_root_powers() -> tuple[str, ...]:
    """Root reads every folder; without its power to override permissions it does not."""
    if not ROOT:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv to give up reading every folder")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")


def test_an_unreadable_scripts_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "s.yaml").write_text("format: 1\n")
    folder.chmod(0o000)
    as_user = _without_root_powers()
    env = {"COMPANION_HOME": str(tmp_path / "home")}
    try:
        done = companion("validate", "--scripts", str(folder), env=env, prefix=as_user)
        calm(done, "cannot be read")
        listing = companion("scripts", "--scripts", str(folder), env=env, prefix=as_user)
        assert listing.returncode == 0 and "Traceback" not in listing.stderr
        assert "unavailable" in listing.stdout and "cannot be read" in listing.stdout
    finally:
        folder.chmod(0o700)


# --- files that are not files --------------------------------------------------------------------


def test_validate_and_preview_refuse_pipes_devices_and_loops_without_waiting(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for target, words in ((fifo, "pipe"), (Path(os.devnull), "device"), (loop, "")):
        started = time.monotonic()
        calm(companion("validate", str(target)), str(target.name), words)
        calm(companion("preview", str(target)), words)
        assert time.monotonic() - started < 25


def test_the_library_reports_a_pipe_among_the_scripts_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    os.mkfifo(folder / "stuck.yaml")
    done = companion("scripts", "--scripts", str(folder))
    assert done.returncode == 0, done.stderr
    assert "stuck.yaml" in done.stdout and "pipe" in done.stdout
    assert "first-infusion" in done.stdout, "the other scripts are still there"


def test_validate_honours_scripts_given_before_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.yaml").write_text('format: 1\nid: x\ntitle: "Calm\\e]0;x\\a"\n')
    done = companion("--scripts", str(folder), "validate")
    calm(done, "bad.yaml:3:13", "U+001B")
    after = companion("validate", "--scripts", str(folder))
    calm(after, "bad.yaml:3:13")


# --- export --------------------------------------------------------------------------------------


def test_export_force_never_replaces_a_pipe_or_a_device(
    isolated_home: Path, tmp_path: Path
) -> None:
    with_journal(isolated_home)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    calm(companion("export", "--force", "-o", str(fifo)), "never replaced")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    if ROOT:
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        calm(companion("export", "--force", "-o", str(device)), "never replaced")
        assert stat.S_ISCHR(device.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["pipe.md", *(["null"] if ROOT else [])]
    ), "no temporary file left behind"


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs root and mount namespaces")
@pytest.mark.parametrize("force", [False, True])
def test_a_failed_export_leaves_no_partial_file(
    isolated_home: Path, tmp_path: Path, force: bool
) -> None:
    """A disk that fills up half way through the export (a 16 KiB one)."""
    with_journal(isolated_home)
    store = open_journal()
    run_id = store.start_run("s", "Long", "h", "after")
    store.record_answer(run_id, answer("long", "many words " * 4000))
    store.close()
    small = tmp_path / "small"
    small.mkdir()
    target = small / "out.md"
    left = tmp_path / "left.txt"
    # The disk lives as long as its mount namespace: look at it from inside, after the export.
    full_disk = ("unshare", "-m", "sh", "-c",
                 f'mount -t tmpfs -o size=16k tmpfs "{small}" || exit 9; "$@"; code=$?; '
                 f'ls -A "{small}" > "{left}"; exit $code', "sh")  # fmt: skip
    args = ["export", "-o", str(target), *(["--force"] if force else [])]
    done = companion(*args, prefix=full_disk)
    calm(done, "could not be written")
    assert left.read_text() == "", "no partial export and no temporary file"


def test_export_to_an_ascii_terminal_does_not_crash(isolated_home: Path) -> None:
    with_journal(isolated_home)
    done = companion("export", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "café and all" in done.stdout, "printed as UTF-8 whatever the locale says"


def test_export_to_the_screen_passes_no_control_character_but_a_file_keeps_the_words(
    isolated_home: Path, tmp_path: Path
) -> None:
    typed = "pasted \x1b]52;c;aGk=\x07 and \x1b[2J and \u202eright to left\x9b"
    store = open_journal()
    run_id = store.start_run("s", "Evening", "h", "after")
    store.record_answer(run_id, answer("a", typed))
    store.close()
    for fmt in ("md", "json"):
        shown = subprocess.run(
            [sys.executable, "-m", "companion", "export", "--format", fmt],
            capture_output=True, cwd=REPO, timeout=30, check=False,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        )  # fmt: skip
        assert shown.returncode == 0
        for byte in (b"\x1b", b"\x07", "\u202e".encode(), "\x9b".encode()):
            assert byte not in shown.stdout, (fmt, byte)
    kept = tmp_path / "kept.json"
    assert companion("export", "--format", "json", "-o", str(kept)).returncode == 0
    assert any(
        a["value"] == typed for run in json.loads(kept.read_text())["runs"] for a in run["answers"]
    )


@sync
async def test_in_app_export_past_a_dangling_link_and_a_full_set_of_names(
    filled_journal: SqliteStore, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dangling = isolated_home / "companion-journal-2026-05-04.md"
    app = journal_app(filled_journal)
    dangling.symlink_to(isolated_home / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_journal()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = isolated_home / "companion-journal-2026-05-04-2.md"
        assert written.is_file() and dangling.is_symlink() and not dangling.exists()
        # Every name taken, again and again (another program, say): the export gives up.
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        taken = isolated_home / "taken.md"
        taken.write_text("not ours")
        screen.access = replace(screen.access, export_folder=lambda: isolated_home)
        monkeypatch.setattr(
            "companion.app.screens.journal.export_path", lambda folder, today: taken
        )
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app._notifications)[-1].title == "Nothing was exported"
        assert taken.read_text() == "not ours"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


# --- every folder private ------------------------------------------------------------------------


def test_every_folder_the_app_makes_is_private_and_old_files_are_tightened(
    isolated_home: Path, tmp_path: Path
) -> None:
    # Left from an earlier version: a lock file, a damaged copy and a crash note, all 0644.
    data = isolated_home / "data"
    crashes = isolated_home / "state" / "crashes"
    crashes.mkdir(parents=True)
    data.mkdir()
    for path in (data / "journal.lock", data / "journal.db.damaged-20260101", crashes / "c.log"):
        path.write_text("old")
        path.chmod(0o644)
    isolated_home.chmod(0o755)
    env, args = words_env(tmp_path)
    app = PtyApp(args, env, cwd=REPO)
    try:
        assert app.wait_for("Welcome"), app.text[-1000:]
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()
    for folder in [isolated_home, *(p for p in isolated_home.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in (data / "journal.lock", data / "journal.db.damaged-20260101", crashes / "c.log"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_fresh_companion_home_is_created_private(tmp_path: Path) -> None:
    home = tmp_path / "new" / "companion"
    env, args = words_env(tmp_path, COMPANION_HOME=str(home))
    app = PtyApp(args, env, cwd=REPO)
    try:
        assert app.wait_for("Welcome"), app.text[-1000:]
        app.press("ctrl+q")
        assert app.wait_exit(10) == 0
    finally:
        app.close()
    for folder in [home.parent, home, *(p for p in home.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_file_names_with_control_characters_are_printed_as_symbols(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "a\x1b]0;PWN\x07.yaml").write_text("format: 1\n", encoding="utf-8")
    for args in (["validate", str(folder)], ["scripts", "--scripts", str(folder)]):
        done = subprocess.run(
            [sys.executable, "-m", "companion", *args],
            capture_output=True, cwd=REPO, timeout=30, check=False,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        )  # fmt: skip
        assert b"\x1b" not in done.stdout + done.stderr and b"\x07" not in done.stdout, args
        assert "a␛]0;PWN␇.yaml".encode() in done.stdout, args
