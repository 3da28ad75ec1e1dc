"""Shared pieces of the benchmarks: timing, the peers' own virtual environment, and the table."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A user's Python keeps compiled bytecode (.pyc) after the first run. With
# PYTHONDONTWRITEBYTECODE set (some shells and sandboxes set it), every child process here would
# compile every module of Textual, Rich and ours from source on every start, and the benchmarks
# would time the compiler (about 0.4 s a start on the 2-core machine) instead of the programs.
# The children (ours, the bare app, jrnl, check-jsonschema) all inherit this environment.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench"
PEERS = WORK / "peers"


@dataclass
class Row:
    measure: str
    ours: str
    peer: str
    goal: str
    verdict: str


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in seconds over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_time(cmd: list[str], repeat: int = 3, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole command."""

    def once() -> None:
        subprocess.run(cmd, check=False, capture_output=True, env=env)

    return median_time(once, repeat)


def peer_bin(name: str, package: str) -> Path | None:
    """A peer tool installed into its own venv under .bench/peers, never the project's."""
    exe = PEERS / "bin" / name
    if exe.exists():
        return exe
    if not (PEERS / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    done = subprocess.run(
        [str(PEERS / "bin" / "pip"), "install", "--quiet", package],
        check=False,
        capture_output=True,
    )
    if done.returncode != 0 or not exe.exists():
        print(f"  (could not install {package} for comparison)", file=sys.stderr)
        return None
    return exe


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
