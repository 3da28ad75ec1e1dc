"""Benchmark (not a test): the journal after five years of daily use, against jrnl.

Generates 2,000 runs with 20,000 answers into a folder, then measures opening the journal, a
search and a Markdown export, in this process and in a fresh process each time (the export as
``companion export`` itself, the command a patient runs), wall and CPU time; writes the same
entries into jrnl (installed in its own venv: ``python3 -m venv .bench/peers &&
.bench/peers/bin/pip install jrnl``) and times its nearest equivalents. Run it with::

    .venv/bin/python -m bench.journal_bench [--folder DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row, peer_bin
from companion.journal import open_journal
from companion.journal.export import export_markdown
from companion.journal.model import Answer, RunInfo
from companion.paths import Locations

ROOT = Path(__file__).resolve().parent.parent
JRNL = ROOT / ".bench" / "peers" / "bin" / "jrnl"
RUNS = 2000
ANSWERS_PER_RUN = 10
SEARCH_WORD = "lighthouse"
TAG = "@hopeful"

FEELINGS = ["calm", "anxious", "tired", "light", "heavy", "hopeful", "restless", "tender", "numb"]
THINGS = [
    "the lighthouse",
    "my grandmother's kitchen",
    "a long corridor",
    "violet waves",
    "the sound of rain",
    "an open field",
    "my brother's voice",
    "a slow river",
    "warm sand",
]
OPENERS = [
    "Today I felt {f} for most of the morning.",
    "I noticed {t} again, and it felt {f}.",
    "During the infusion I kept coming back to {t}.",
    "Afterwards I was {f}, which surprised me.",
    "I want to remember {t} and how {f} it made me.",
    "The nurse was kind and I felt {f} when the music started.",
    "Sleep was poor; I woke up {f} and thought about {t}.",
    "There was a moment with {t} where everything went quiet.",
]
SCALES = [
    ("anxiety", "How anxious do you feel right now?", ["Not at all", "A little", "Quite", "Very"]),
    ("mood", "How is your mood today?", ["Low", "Flat", "Okay", "Good"]),
    ("sleep", "How did you sleep last night?", ["Badly", "So-so", "Well", "Very well"]),
]
TEXTS = [
    ("intention", "What is your intention for this session?"),
    ("seen", "What did you see or feel during the session?"),
    ("body", "What do you notice in your body?"),
    ("remember", "What would you like to remember?"),
    ("care", "Is there anything you want to talk over with your care team?"),
    ("gratitude", "What are you grateful for today?"),
]
CHOICE = ("words", "Which words fit how you feel?", FEELINGS)


@dataclass(frozen=True)
class Entry:
    run: RunInfo
    answers: list[Answer]


def generate(runs: int = RUNS, seed: int = 4) -> list[Entry]:
    """Five-and-a-half years of daily runs (before and after sessions), ten answers each."""
    rng = random.Random(seed)
    start = datetime(2021, 5, 1, 8, 0, tzinfo=UTC)
    entries = []
    for n in range(runs):
        began = start + timedelta(days=n, minutes=rng.randint(0, 600))
        phase = "before" if n % 2 == 0 else "after"
        title = "Before-session check-in" if phase == "before" else "After the session"
        run = RunInfo(
            0,
            f"{phase}-check-in",
            title,
            "0" * 64,
            phase,
            began,
            began + timedelta(minutes=rng.randint(8, 30)),
        )
        answers: list[Answer] = []
        at = began
        for step_id, prompt, labels in SCALES:
            level = rng.randint(0, 10)
            at += timedelta(seconds=rng.randint(20, 90))
            label = labels[min(level * len(labels) // 11, len(labels) - 1)]
            answers.append(Answer(step_id, "scale", prompt, level, f"{level} ({label})", at))
        chosen = rng.sample(FEELINGS, rng.randint(1, 3))
        answers.append(Answer(CHOICE[0], "choice", CHOICE[1], chosen, ", ".join(chosen), at))
        for step_id, prompt in TEXTS:
            at += timedelta(seconds=rng.randint(30, 400))
            sentences = [
                rng.choice(OPENERS).format(f=rng.choice(FEELINGS), t=rng.choice(THINGS))
                for _ in range(rng.randint(1, 4))
            ]
            text = " ".join(sentences)
            answers.append(Answer(step_id, "text", prompt, text, text, at, step_id == "care"))
        entries.append(Entry(run, answers))
    return entries


def build_companion(folder: Path, entries: list[Entry]) -> Locations:
    base = folder / "companion"
    where = Locations(data=base / "data", config=base / "config", state=base / "state")
    with open_journal(where) as store:
        for entry in entries:
            store.add_run(entry.run, entry.answers)
    return where


def build_jrnl(folder: Path, entries: list[Entry]) -> Path:
    """The same entries in jrnl's plain-text format, with a config file next to them."""
    journal = folder / "jrnl" / "journal.txt"
    journal.parent.mkdir(parents=True)
    with journal.open("w", encoding="utf-8") as out:
        for entry in entries:
            stamp = entry.run.started_at.strftime("%Y-%m-%d %H:%M")
            feelings = entry.answers[3].value
            assert isinstance(feelings, list)
            tags = " ".join(f"@{w}" for w in feelings)
            out.write(f"[{stamp}] {entry.run.script_title}. {tags}\n")
            for answer in entry.answers:
                out.write(f"{answer.prompt} {answer.display}\n")
            out.write("\n")
    config = folder / "jrnl" / "jrnl.yaml"
    config.write_text(
        "version: v4.6\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "editor: ''\nencrypt: false\ntemplate: false\ndefault_hour: 9\ndefault_minute: 0\n"
        "timeformat: '%Y-%m-%d %H:%M'\ntagsymbols: '#@'\nhighlight: false\nlinewrap: 79\n"
        "indent_character: '|'\n"
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
    )
    return config


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def interleaved(
    first: Callable[[], float], second: Callable[[], float], repeat: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians (ms) of the wall time and the CPU time (each callable returns the CPU seconds it
    measured) of ``first`` and ``second`` run alternately, after one warm-up each."""
    first()
    second()
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for _ in range(repeat):
        a.append(_timed(first))
        b.append(_timed(second))
    return _medians(a), _medians(b)


def _timed(action: Callable[[], float]) -> tuple[float, float]:
    began = time.perf_counter()
    cpu = action()
    return (time.perf_counter() - began) * 1000, cpu * 1000


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children (0 where it cannot be read)."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_quiet(command: list[str], env: dict[str, str]) -> float:
    """Run ``command`` to its end; the CPU seconds it used (beside the wall time: on a machine
    shared with other work, the CPU a command needed moves less than its wall time)."""
    before = _children_cpu()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout:
        raise RuntimeError(f"{command[:3]} failed: {done.stderr.strip()[:300]}")
    return _children_cpu() - before


@contextmanager
def bench_folder(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as temp:
        yield Path(temp)


def command_line(*args: str) -> list[str]:
    """``companion ARGS`` as installed beside this Python (its console script), else through
    ``python -m companion``."""
    script = Path(sys.executable).with_name("companion")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "companion", *args]


FRESH = {
    "open": "s = open_journal(); n = len(s.runs()); s.close(); print(n)",
    "search": f"s = open_journal(); print(len(s.search({SEARCH_WORD!r}, limit=None))); s.close()",
    "tag": "s = open_journal(); print(len(s.search('hopeful', limit=None))); s.close()",
    "export": "",  # companion export itself: see measure()
}


def measure(folder: Path, repeat: int) -> list[tuple[str, str, str, str, str]]:
    entries = generate()
    began = time.perf_counter()
    where = build_companion(folder, entries)
    build_s = time.perf_counter() - began
    db = where.data / "journal.db"
    answers = sum(len(e.answers) for e in entries)
    print(
        f"companion: {len(entries)} runs, {answers} answers written in {build_s:.1f} s "
        f"({db.stat().st_size / 1e6:.1f} MB)"
    )

    def opened() -> None:
        open_journal(where).close()

    with open_journal(where) as store:
        store_hits = store.search(SEARCH_WORD, limit=None)
        hits = len(store_hits)
        search_ms = median_ms(lambda: store.search(SEARCH_WORD, limit=None), repeat)
        tag_ms = median_ms(lambda: store.search("hopeful", limit=None), repeat)
        list_ms = median_ms(lambda: store.runs()[:10], repeat)
        export_ms = median_ms(lambda: export_markdown(store), repeat)
        size = len(export_markdown(store).encode())
    open_ms = median_ms(opened, repeat)
    runs_hit = len({h.run.id for h in store_hits})
    print(
        f"search {SEARCH_WORD!r}: {hits} answers in {runs_hit} runs; "
        f"Markdown export {size / 1e6:.1f} MB"
    )

    env = dict(os.environ, COMPANION_HOME=str(where.data.parent), TZ="UTC")
    prelude = (
        "from companion.journal import open_journal\n"
        "from companion.journal.export import export_markdown\n"
    )

    def ours(key: str) -> list[str]:
        if key == "export":
            # The command a patient runs, as jrnl's is: its parser, the read-only opening, the
            # check of the text for control characters before it reaches the screen.
            return command_line("export")
        return [sys.executable, "-c", prelude + FRESH[key]]

    fresh_ms: dict[str, tuple[float, float]] = {}
    peer: dict[str, tuple[float, float]] = {}
    if JRNL.exists():
        config = build_jrnl(folder, entries)
        jenv = dict(
            os.environ,
            HOME=str(folder),
            XDG_CONFIG_HOME=str(folder / "xdg-config"),
            XDG_DATA_HOME=str(folder / "xdg-data"),
            TZ="UTC",
        )
        base = [str(JRNL), "--config-file", str(config)]
        jrnl_commands = {
            "open": [*base, "-n", "10"],
            "search": [*base, "-contains", SEARCH_WORD],
            "tag": [*base, TAG],
            "export": [*base, "--format", "markdown"],
        }
        run_quiet(jrnl_commands["open"], jenv)  # first run upgrades the config file
        for key, command in jrnl_commands.items():
            # Alternately, so that both see the same machine (others share its cores).
            fresh_ms[key], peer[key] = interleaved(
                functools.partial(run_quiet, ours(key), env),
                functools.partial(run_quiet, command, jenv),
                repeat,
            )
        print(
            f"jrnl: {JRNL} ({config.parent / 'journal.txt'}, "
            f"{(config.parent / 'journal.txt').stat().st_size / 1e6:.1f} MB)"
        )
    else:
        print(f"jrnl is not installed at {JRNL}; see this module's docstring.")
        for key in FRESH:
            once = functools.partial(run_quiet, ours(key), env)
            fresh_ms[key] = _medians([_timed(once) for _ in range(repeat)])

    def fresh(key: str) -> str:
        wall, cpu = fresh_ms[key]
        return f"{wall:.0f} ms (CPU {cpu:.0f} ms)"

    def j(key: str) -> str:
        return f"{peer[key][0]:.0f} ms (CPU {peer[key][1]:.0f} ms)" if key in peer else "-"

    return [
        (
            "open the journal (+ list runs)",
            f"{open_ms:.1f} (+{list_ms:.1f})",
            fresh("open"),
            j("open"),
            "jrnl -n 10",
        ),
        (
            f"search '{SEARCH_WORD}'",
            f"{search_ms:.1f}",
            fresh("search"),
            j("search"),
            f"jrnl -contains {SEARCH_WORD}",
        ),
        (
            "search a tag / feeling word",
            f"{tag_ms:.1f}",
            fresh("tag"),
            j("tag"),
            f"jrnl {TAG}",
        ),
        (
            "export to Markdown (`companion export`)",
            f"{export_ms:.0f}",
            fresh("export"),
            j("export"),
            "jrnl --format markdown",
        ),
    ]


def print_table(rows: list[tuple[str, str, str, str, str]]) -> None:
    head = (
        "operation",
        "companion in-process ms",
        "companion fresh process",
        "jrnl fresh process",
        "jrnl command",
    )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.journal_bench", description=__doc__)
    parser.add_argument("--folder", type=Path, help="keep the generated journals here")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args(argv)
    with bench_folder(args.folder) as folder:
        print_table(measure(folder, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _wall_and_cpu(cell: str) -> tuple[float, float]:
    """``"140 ms (CPU 137 ms)"`` -> (140.0, 137.0)."""
    wall, _, cpu = cell.partition(" ms (CPU ")
    return float(wall), float(cpu.removesuffix(" ms)") or 0)


def run() -> list[Row]:
    """Rows for ``make bench``: a fresh process of ours against a fresh process of jrnl."""
    peer_bin("jrnl", "jrnl")
    with bench_folder(None) as folder:
        measured = measure(folder, 5)
    rows = []
    for name, in_process, fresh, theirs, command in measured:
        # Issue 19 asks more of the export than of the rest: at least twice jrnl's speed.
        needed = 2.0 if "export" in name else 1.0
        if theirs == "-":
            verdict = "jrnl not installed"
        else:
            wall, cpu = _wall_and_cpu(fresh)
            their_wall, their_cpu = _wall_and_cpu(theirs)
            ratio = their_wall / wall
            verdict = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"
            if cpu and their_cpu:
                verdict += f" (CPU {their_cpu / cpu:.1f}x)"
            if needed > 1:
                verdict += ": met" if ratio >= needed else ": missed"
        rows.append(
            Row(
                f"journal of 2,000 runs: {name}",
                f"{fresh}, in-process {in_process} ms",
                f"`{command}` {theirs}",
                "at least 2x faster" if needed > 1 else "faster",
                verdict,
            )
        )
    return rows
