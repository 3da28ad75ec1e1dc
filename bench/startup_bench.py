"""Start-up and key press latency of the real ``companion`` in a real pseudo-terminal.

Start-up: from the fork to the home screen's "Before my session" being drawn, against a bare
Textual app (bench/bare_app.py) drawing its one line, measured the same way, interleaved in the
same run; and the plain mode (``companion plain``, no Textual) from the fork to its first question. Key press: a generated script of 101 steps replaces a bundled one; from writing ctrl+n
to the next step's title being drawn, 100 times.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bare_app import READY
from bench.common import Row, ms
from bench.terminal import Terminal

HOME_READY = "Before my session"
PLAIN_READY = "Type a number from"
"""The plain mode's first question (which script), asked once the scripts are listed."""
RUNS = 10
STEPS = 100
BARE = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
COMPANION = [sys.executable, "-m", "companion"]


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPANION_", "TEXTUAL"))}
    env["COMPANION_HOME"] = str(home)
    return env


def time_to_draw(args: list[str], env: dict[str, str], needle: str) -> float:
    term = Terminal(args, env)
    try:
        return term.wait_for(needle) - term.started
    finally:
        term.close()


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


Starts = dict[str, list[tuple[float, float]]]
"""For each of the app, the bare app and the plain mode: (wall, CPU) seconds of each start."""


def startup(env: dict[str, str], runs: int = RUNS) -> Starts:
    """Start times of the app, the bare Textual app and the plain mode, interleaved, each with
    the CPU its process used until then (it is killed once drawn): on a machine that others
    load, the CPU ratio moves less than the wall-time ratio."""
    what = {
        "ours": (COMPANION, HOME_READY),
        "bare": (BARE, READY),
        "plain": ([*COMPANION, "plain"], PLAIN_READY),
    }
    for args, needle in what.values():  # warm-up: creates the journal, fills caches
        time_to_draw(args, env, needle)
    found: Starts = {name: [] for name in what}
    for _ in range(runs):
        for name, (args, needle) in what.items():
            before = _children_cpu()
            wall = time_to_draw(args, env, needle)
            found[name].append((wall, _children_cpu() - before))
    return found


PAINT = [sys.executable, str(Path(__file__).with_name("first_paint.py"))]


def instructions(env: dict[str, str], which: str, folder: Path) -> int | None:
    """Instructions the process ran from its start to its first frame holding what the start-up
    row waits for (valgrind's callgrind, which counts exactly: the same start gives the same
    count on a quiet or a busy machine, where wall time moves by a fifth). One warm-up first,
    so that the library cache and the compiled modules are there, as on every later start.
    None when valgrind is not installed, or when the start did not reach that frame."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    log = folder / f"callgrind-{which}.log"
    for _ in range(2):
        log.unlink(missing_ok=True)
        args = [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            f"--log-file={log}",
            *PAINT,
            which,
        ]
        term = Terminal(args, env)
        try:
            code = term.wait_exit(300)
        finally:
            term.close()
        if code != 0:  # it did not reach its first paint: nothing to count
            return None
    found = re.search(r"Collected : (\d+)", log.read_text(encoding="utf-8"))
    return int(found.group(1)) if found else None


def _median(starts: list[tuple[float, float]], index: int) -> float:
    return statistics.median(start[index] for start in starts)


def long_script(steps: int) -> str:
    """A before-script with the bundled first script's id, so that it is the first choice."""
    lines = [
        "format: 1",
        "id: first-infusion",
        "title: A long walk",
        "phase: before",
        "support:",
        "  - {label: Your care team, contact: Call the clinic}",
        "steps:",
    ]
    for i in range(1, steps + 1):
        lines.append(
            f"  - {{id: s{i}, type: info, title: Pause {i:03d}, "
            f"body: 'Breathe **slowly**, and *notice* the chair under you ({i}).'}}"
        )
    return "\n".join(lines) + "\n"


def key_to_paint(env: dict[str, str], folder: Path, steps: int = STEPS) -> list[float]:
    (folder / "long.yaml").write_text(long_script(steps + 1))
    term = Terminal([*COMPANION, "--scripts", str(folder)], env)
    times: list[float] = []
    try:
        term.wait_for(HOME_READY)
        term.settle()
        term.send(b"\r")
        term.wait_for("Pause 001")
        for i in range(2, steps + 2):
            term.settle()
            sent = term.send(b"\x0e")  # ctrl+n
            times.append(term.wait_for(f"Pause {i:03d}") - sent)
    finally:
        term.close()
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        return measure(Path(folder))


def measure(base: Path) -> list[Row]:
    env = environment(base / "home")
    starts = startup(env)
    ours, bare, plain = starts["ours"], starts["bare"], starts["plain"]
    ratio = _median(ours, 0) / _median(bare, 0)
    cpu_ratio = _median(ours, 1) / _median(bare, 1)
    plain_ratio = _median(plain, 0) / _median(bare, 0)
    plain_cpu = _median(plain, 1) / _median(bare, 1)
    bare_said = f"bare Textual app {ms(_median(bare, 0))} (CPU {ms(_median(bare, 1))})"
    rows = [
        Row(
            "start to first interactive home screen (80x24 pty, median of "
            f"{len(ours)}; p95 {ms(p95([w for w, _ in ours]))})",
            f"{ms(_median(ours, 0))} (CPU {ms(_median(ours, 1))})",
            f"{bare_said}: {ratio:.2f}x (CPU {cpu_ratio:.2f}x)",
            "<= 1.2x",
            "met" if ratio <= 1.2 else "missed",
        ),
        Row(
            "plain mode (`companion plain`) start to its first question (80x24 pty, median of "
            f"{len(plain)}; p95 {ms(p95([w for w, _ in plain]))})",
            f"{ms(_median(plain, 0))} (CPU {ms(_median(plain, 1))})",
            f"{bare_said}: {plain_ratio:.2f}x (CPU {plain_cpu:.2f}x)",
            "faster than a bare Textual app (it imports no Textual)",
            "met" if plain_ratio < 1.0 else "missed",
        ),
    ]
    ours_count = instructions(env, "companion", base)
    bare_count = instructions(env, "bare", base)
    if ours_count and bare_count:
        rows.append(
            Row(
                "start to first home screen, in instructions (valgrind callgrind: exact, the "
                "same on a quiet or a busy machine)",
                f"{ours_count / 1e6:.0f}M",
                f"bare Textual app {bare_count / 1e6:.0f}M: {ours_count / bare_count:.2f}x",
                "-",
                "measured",
            )
        )
    scripts = base / "scripts"
    scripts.mkdir()
    keys = key_to_paint(env, scripts)
    median = statistics.median(keys)
    rows.append(
        Row(
            f"key press (ctrl+n) to next step painted, {len(keys)} steps",
            f"median {ms(median)}, p95 {ms(p95(keys))}",
            "-",
            "median < 30 ms",
            "met" if median < 0.030 else "missed",
        )
    )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
