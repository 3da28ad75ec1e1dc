"""Long use: hundreds of step changes and sound cycles leave memory flat and nothing behind."""

from __future__ import annotations

import gc
import os
import time
import weakref
from collections import Counter
from pathlib import Path

from textual.widget import Widget
from textual.widgets import TextArea

from companion.app.app import create_app
from companion.app.screens.run import RunScreen
from companion.app.widgets.footer import WATCHERS, Footer
from companion.audio.catalog import load_catalog
from companion.journal.model import MemoryStore
from companion.paths import locations
from companion.script.library import Library
from companion.script.loader import load_script
from companion.script.model import LoadedScript
from tests.helpers.apps import NOW, fake_player, sync

STEPS = 10
STEP_CHANGES = 100
DETACHED_BOUND = 40
"""Widgets still alive after they left the screen. Textual keeps removed footer keys and text boxes
through watchers and signals: without the workarounds in footer.py and steps/text.py, the 80
changes measured here leave hundreds behind (each with its styles, caches and words); with them,
a handful at most, whatever the count of changes. Counting them is exact where memory is noisy."""
SOUND_CYCLES = 100
GROWTH_BOUND_KB = 30 * 1024


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def fd_targets() -> dict[str, str]:
    found = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            found[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
    return found


def new_pipes(before: dict[str, str], timeout: float = 3.0) -> dict[str, str]:
    """Pipes opened since ``before`` and still open (after letting closing threads finish).

    Only pipes count: another test's thread in this worker may open or close other files.
    """
    deadline = time.monotonic() + timeout
    while True:
        now = fd_targets()
        fresh = {fd: t for fd, t in now.items() if before.get(fd) != t and t.startswith("pipe:")}
        if not fresh or time.monotonic() > deadline:
            return fresh
        time.sleep(0.05)


def children() -> list[int]:
    """Our direct child processes (zombies included)."""
    me = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                found.append(int(entry.name))
    return found


def long_script(folder: Path) -> LoadedScript:
    steps = []
    for n in range(STEPS):
        if n % 2:
            steps.append(f"  - id: s{n}\n    type: text\n    prompt: Words {n}?\n")
        else:
            steps.append(f"  - id: s{n}\n    type: info\n    title: Step {n}\n    body: Rest.\n")
    text = (
        "format: 1\nid: long\ntitle: Long\nphase: before\nsupport:\n"
        "  - label: Care team\n    contact: Call 555-0100\nsteps:\n" + "".join(steps)
    )
    path = folder / "long.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_script(path, tracks=None)
    assert result.script is not None, result.problems
    return LoadedScript(result.script, path, result.sha256, "extra")


@sync
async def test_a_hundred_step_changes_keep_memory_flat(tmp_path: Path) -> None:
    library = Library()
    loaded = long_script(tmp_path)
    library.scripts["long"] = loaded
    store = MemoryStore()
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_script("long")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        changes, forward = 0, True
        start_rss = start_fds = 0
        before: dict[str, str] = {}
        while changes < STEP_CHANGES:
            position = screen.run.flow.current.id
            if forward and position == f"s{STEPS - 2}":
                forward = False
            elif not forward and position == "s0":
                forward = True
            await pilot.press("ctrl+n" if forward else "ctrl+b")
            assert screen.run.flow.current.id != position
            changes += 1
            if changes == STEPS * 2:  # after a first round trip: imports and caches are warm
                start_rss, start_fds, before = rss_kb(), open_fds(), fd_targets()
        end_rss, end_fds = rss_kb(), open_fds()
        print(f"step changes: RSS {start_rss} kB -> {end_rss} kB, fds {start_fds} -> {end_fds}")
        gc.collect()
        detached = [
            obj for obj in gc.get_objects() if isinstance(obj, Widget) and not obj.is_attached
        ]
    assert len(detached) < DETACHED_BOUND, Counter(type(w).__name__ for w in detached)
    assert end_rss - start_rss < GROWTH_BOUND_KB
    assert new_pipes(before) == {}


def test_a_hundred_play_stop_cycles_leave_nothing_behind(tmp_path: Path) -> None:
    """The app's player and its pipes, through a child that plays into nothing."""
    before_children = children()
    start_fds, start_rss, before = open_fds(), rss_kb(), fd_targets()
    player = fake_player(load_catalog())
    for _ in range(SOUND_CYCLES):
        player.play("rain", fade_in=0.0)
        time.sleep(0.005)
        player.stop(fade_out=0.0)
    assert player.available, player.unavailable_reason
    status = player.status()
    assert status.state == "stopped"
    pid = player.pid
    player.close()
    assert pid is not None and not Path(f"/proc/{pid}").exists()  # ended and reaped
    end_fds, end_rss = open_fds(), rss_kb()
    print(f"sound cycles: RSS {start_rss} kB -> {end_rss} kB, fds {start_fds} -> {end_fds}")
    assert children() == before_children
    assert new_pipes(before) == {}
    assert end_rss - start_rss < GROWTH_BOUND_KB


@sync
async def test_removed_widgets_are_not_kept_in_memory(tmp_path: Path) -> None:
    """Textual keeps removed widgets through watchers and signals; the run screen lets go."""
    library = Library()
    library.scripts["long"] = long_script(tmp_path)
    store = MemoryStore()
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW)
    boxes: list[weakref.ref[TextArea]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_script("long")
        await pilot.pause()
        for _ in range(6):
            await pilot.press("ctrl+n")
            # query(), not query_one(): the screen caches what query_one() finds
            boxes.append(weakref.ref(app.screen.query(TextArea).first()))  # s1, a text step
            await pilot.press("ctrl+b")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        for node in (footer, app):
            for bound in getattr(node, WATCHERS, {}).values():
                assert all(owner.is_attached for owner, _ in bound), bound
        gc.collect()
        kept = [box() for box in boxes[:-1] if box() is not None]
        assert kept == []  # no text box (with the words it held) outlives its step
