"""Peak memory (VmHWM) of the real ``companion`` on its home screen, against a bare Textual app
drawing one line, both in an 80x24 pseudo-terminal; and of the sound player's child process,
idle and then playing a track through ALSA's ``file`` plugin (no sound card needed).

"Track excluded": the track's own memory is the child's growth from idle to playing (its decoded
and scaled buffers); the app-plus-player figure compared with the bare app leaves that out.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bare_app import READY
from bench.common import Row
from bench.startup_bench import BARE, COMPANION, HOME_READY, environment
from bench.terminal import Terminal

RUNS = 3
TRACK = "rain"

PLAYER = """
import sys, time
from pathlib import Path
from companion.audio.catalog import load_catalog
from companion.audio.player import Player

out = Path(sys.argv[1])
player = Player(load_catalog())
player.start()
time.sleep(1.0)
print("idle", player.pid, player.available, flush=True)
sys.stdin.readline()
player.play(sys.argv[2], fade_in=0)
deadline = time.monotonic() + 10
while time.monotonic() < deadline and not any(out.parent.glob(out.name + "*")):
    time.sleep(0.01)
time.sleep(1.0)
print("playing", player.pid, player.status().state, flush=True)
sys.stdin.readline()
player.close()
"""


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def peak_when_drawn(args: list[str], env: dict[str, str], needle: str) -> int:
    term = Terminal(args, env)
    try:
        term.wait_for(needle)
        term.settle(quiet=0.3)
        return peak_kib(term.proc.pid)
    finally:
        term.close()


def player_peaks(base: Path) -> tuple[int, int] | str:
    """The player child's peak while idle, then while playing; or why it could not be measured."""
    home = base / "sound-home"
    out = home / "alsa" / "out.raw"
    out.parent.mkdir(parents=True)
    (home / ".asoundrc").write_text(
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{out}"\n  format "raw"\n  truncate false\n}}\n'
    )
    env = {**environment(base / "home"), "HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", PLAYER, str(out), TRACK],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        _, pid, available = proc.stdout.readline().split()
        if available != "True" or pid == "None":
            return "sound is not available here"
        idle = peak_kib(int(pid))
        proc.stdin.write("\n")
        proc.stdin.flush()
        _, pid, state = proc.stdout.readline().split()
        if state != "playing":
            return f"the track did not play ({state})"
        playing = peak_kib(int(pid))
        proc.stdin.write("\n")
        proc.stdin.flush()
        return idle, playing
    finally:
        proc.stdin.close()
        proc.wait(10)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        return measure(Path(folder))


def measure(base: Path) -> list[Row]:
    env = environment(base / "home")
    ours: list[int] = []
    bare: list[int] = []
    peak_when_drawn(COMPANION, env, HOME_READY)  # creates the journal
    for _ in range(RUNS):
        bare.append(peak_when_drawn(BARE, env, READY))
        ours.append(peak_when_drawn(COMPANION, env, HOME_READY))
    app, floor = statistics.median(ours), statistics.median(bare)
    ratio = app / floor
    rows = [
        Row(
            "peak memory (VmHWM), app on the home screen",
            mib(app),
            f"bare Textual app {mib(floor)}: {ratio:.2f}x",
            "<= 1.5x",
            "met" if ratio <= 1.5 else "missed",
        )
    ]
    peaks = player_peaks(base)
    if isinstance(peaks, str):
        rows.append(Row("peak memory, playing a track", peaks, "-", "<= 1.5x", "-"))
        return rows
    idle, playing = peaks
    track = playing - idle
    both = (app + idle) / floor
    rows.append(
        Row(
            f"peak memory, app + sound player child playing '{TRACK}' (track excluded)",
            f"{mib(app + idle)} (app {mib(app)} + player {mib(idle)}); the track adds {mib(track)}",
            f"bare Textual app {mib(floor)}: {both:.2f}x",
            "<= 1.5x, track excluded",
            "met" if both <= 1.5 else "missed",
        )
    )
    return rows


if __name__ == "__main__":
    started = time.perf_counter()
    for row in run():
        print(row)
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
