"""Benchmark (not a test): sound's cost and speed in the real app on a pseudo-terminal.

(a) CPU per second of wall time while the breathing pacer runs with a track playing (the app
    process and the sound child, from /proc/<pid>/stat), beside a bare Textual app showing one line
    measured the same way in the same run. Goal: under 3% of one core.
(b) The time from the play key to the first bytes reaching ALSA, median of ten presses.

ALSA's ``file`` plugin (a temporary HOME with an ``.asoundrc``) stands in for a sound card, so the
child really plays. Its ``null`` slave does not keep time: it swallows a 90-second buffer in a few
seconds, so the child re-buffers far more often than on a real card and its figure is an upper
bound. Run it with::

    .venv/bin/python -m bench audio_bench
"""

from __future__ import annotations

import fcntl
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from bench.common import Row
from tests.helpers.sound import captured_size, write_asoundrc
from tests.helpers.terminal import PtyApp

SECONDS = 10.0
PRESSES = 10
TICKS = os.sysconf("SC_CLK_TCK")
BYTES_PER_SECOND = 22050 * 2
"""The rain track: 22.05 kHz, mono, 16-bit."""
BREATHING = """\
format: 1
id: bench
title: Bench
phase: before
summary: Breathing with rain.
minutes: 5
support:
  - label: Your care team
    contact: Call the clinic
steps:
  - id: breathe
    type: breathing
    prompt: Breathe slowly with the shape.
    preset: box
    sound: rain
  - id: listen
    type: audio
    track: rain
"""
BARE = """\
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("One quiet line.")
Bare().run()
"""


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def measure(app: PtyApp, seconds: float) -> tuple[float, float, float]:
    """CPU seconds of the app and of its children over ``seconds`` (draining the pty), and the
    wall time it took."""
    pids = [app.proc.pid, *children(app.proc.pid)]
    before = [cpu_seconds(p) for p in pids]
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        app.pump(0.1)
    wall = time.monotonic() - began
    after = [cpu_seconds(p) for p in pids]
    used = [b - a for a, b in zip(before, after, strict=True)]
    return used[0], sum(used[1:]), wall


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        COMPANION_HOME=str(home / "companion"),
        XDG_CONFIG_HOME=str(home / ".config"),
        TEXTUAL_ANIMATIONS="full",
    )
    return env


class BarePty(PtyApp):
    """Any command on a pseudo-terminal of 80x24 (PtyApp always starts the companion)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color"},
            start_new_session=True,
        )
        os.close(slave)
        self.master, self.raw = master, bytearray()


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        out = write_asoundrc(home)
        script = folder / "bench.yaml"
        script.write_text(BREATHING)
        env = env_for(home)

        (folder / "bare.py").write_text(BARE)
        bare = BarePty([sys.executable, str(folder / "bare.py")], env)
        try:
            assert bare.wait_for("One quiet line."), "the bare app did not start"
            bare.pump(1.0)
            bare_used, _, bare_wall = measure(bare, SECONDS)
            bare_cpu = bare_used / bare_wall
        finally:
            bare.close()

        app = PtyApp(["preview", str(script)], env)
        try:
            assert app.wait_for("Begin"), "the app did not reach the breathing step"
            app.press(" ")
            assert app.wait_for("Breathe in"), "the pacer did not start"
            deadline = time.monotonic() + 10
            while captured_size(out) == 0 and time.monotonic() < deadline:
                app.pump(0.05)
            app.pump(1.0)
            written = captured_size(out)
            app_used, child_used, wall = measure(app, SECONDS)
            heard = (captured_size(out) - written) / BYTES_PER_SECOND
            app.press(" ")  # stop the pacer and the track
            app.press("\x0e")  # ctrl+n: the audio step
            assert app.wait_for("Play"), "the app did not reach the audio step"
            app.pump(1.0)
            _, idle_used, idle_wall = measure(app, 4.0)  # the child waiting, nothing playing
            latencies = []
            for _ in range(PRESSES):
                settled = captured_size(out)
                while True:  # wait until nothing more is written (a fade-out tail)
                    app.pump(0.2)
                    now = captured_size(out)
                    if now == settled:
                        break
                    settled = now
                began = time.perf_counter()
                os.write(app.master, b" ")
                while captured_size(out) == settled and time.perf_counter() - began < 5:
                    time.sleep(0.0005)
                latencies.append(time.perf_counter() - began)
                app.pump(0.3)
                app.press(" ")  # pause
            app.press("\x11")
            app.wait_exit()
        finally:
            app.close()

    app_cpu = app_used / wall
    child_wall = child_used / wall
    # The null device takes audio far faster than a card plays it, so the child builds buffers
    # back to back. On a card: its idle loop per second, plus building per second of audio.
    idle = idle_used / idle_wall
    child_cpu = idle + max(0.0, child_used - idle * wall) / heard if heard > 0 else child_wall
    total = app_cpu + child_cpu
    first = statistics.median(latencies)
    return [
        Row(
            "CPU while the pacer runs with a track playing (app + sound child)",
            f"{total * 100:.1f}% of a core: app {app_cpu * 100:.1f}%, sound child "
            f"{child_cpu * 100:.2f}% (idle loop {idle * 100:.2f}% + buffers per second of audio; "
            f"{child_wall * 100:.0f}% per wall second here, as the null device took "
            f"{heard / wall:.0f}x real time)",
            f"bare Textual app, one line: {bare_cpu * 100:.1f}%",
            "< 3% of one core",
            "met" if total < 0.03 else "missed",
        ),
        Row(
            "Play key to the first bytes reaching ALSA (median of 10)",
            f"{first * 1000:.1f} ms (max {max(latencies) * 1000:.1f} ms)",
            "-",
            "< 50 ms",
            "met" if first < 0.05 else "missed",
        ),
    ]


if __name__ == "__main__":
    from bench.__main__ import table

    print(table(run()))
