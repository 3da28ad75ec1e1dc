"""Benchmark (not a test): the 2,000-run journal encrypted against the same journal plain.

Builds the journal of :mod:`bench.journal_bench` twice in one run, encrypts one copy with
``companion encrypt``'s own code, and measures opening (and listing runs), a search and a
Markdown export on both, in this process, medians of interleaved runs; then unlocking (scrypt,
N=2**17, r=8, p=1), the one-off switch, and the damage check each opening makes (page HMACs
against the plain journal's ``quick_check``). Run it alone with::

    .venv/bin/python -m bench.crypt_bench [--repeat N]
    .venv/bin/python -m bench crypt          # the same rows in make bench's table
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Row
from bench.journal_bench import SEARCH_WORD, bench_folder, build_companion, generate
from companion.journal import encryption, health, open_journal, protect
from companion.journal.export import export_markdown
from companion.journal.keys import JournalKey
from companion.paths import Locations

PASSPHRASE = "a bench passphrase"
GOAL = 1.3


def _ms(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def _pair(
    plain: Callable[[], object], secret: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of ``plain`` and ``secret`` run alternately (after one warm-up each), so that a
    noisy neighbour hurts both alike."""
    plain()
    secret()
    a, b = [], []
    for _ in range(repeat):
        a.append(_ms(plain))
        b.append(_ms(secret))
    return statistics.median(a), statistics.median(b)


def _copy(where: Locations, folder: Path) -> Locations:
    import shutil

    base = folder / "encrypted"
    shutil.copytree(where.data, base / "data")
    return Locations(data=base / "data", config=base / "config", state=base / "state")


def measure(folder: Path, repeat: int) -> list[tuple[str, float, float]]:
    plain = build_companion(folder, generate())
    secret = _copy(plain, folder)
    began = time.perf_counter()
    protect.turn_on(PASSPHRASE, secret)
    switch_s = time.perf_counter() - began
    unlock_ms = statistics.median(
        _ms(lambda: protect.unlock(PASSPHRASE, secret).wipe()) for _ in range(repeat)
    )
    key: JournalKey = protect.unlock(PASSPHRASE, secret)
    size = (secret.data / "journal.db").stat().st_size / 1e6
    print(f"encrypted copy: {size:.1f} MB, encrypted in {switch_s:.1f} s")

    def opened(where: Locations, with_key: JournalKey | None) -> Callable[[], object]:
        def run() -> object:
            with open_journal(where, with_key) as store:
                return store.runs()[:10]

        return run

    rows = [
        ("open the journal (+ list runs)", *_pair(opened(plain, None), opened(secret, key), repeat))
    ]
    plain_db, secret_db = plain.data / "journal.db", secret.data / "journal.db"
    checks = _pair(
        lambda: health.check(plain_db),
        lambda: health.check(secret_db, lambda db: encryption.connect(db, key, readonly=True)),
        repeat,
    )
    with open_journal(plain) as p, open_journal(secret, key) as s:
        rows.append(
            (
                f"search '{SEARCH_WORD}'",
                *_pair(
                    lambda: p.search(SEARCH_WORD, limit=None),
                    lambda: s.search(SEARCH_WORD, limit=None),
                    repeat,
                ),
            )
        )
        rows.append(
            (
                "export to Markdown",
                *_pair(lambda: export_markdown(p), lambda: export_markdown(s), repeat),
            )
        )
    began = time.perf_counter()
    protect.turn_off(PASSPHRASE, secret)
    off_s = time.perf_counter() - began
    key.wipe()
    rows.append(("unlock (passphrase to key)", unlock_ms, float("nan")))
    rows.append(("encrypt / decrypt the whole journal (s)", switch_s, off_s))
    rows.append(("the check at opening", *checks))
    return rows


def _rows(measured: list[tuple[str, float, float]]) -> list[Row]:
    out = []
    for name, plain_ms, secret_ms in measured[:3]:
        ratio = secret_ms / plain_ms
        out.append(
            Row(
                f"encrypted journal of 2,000 runs: {name}",
                f"{secret_ms:.1f} ms",
                f"the same journal plain: {plain_ms:.1f} ms",
                f"<= {GOAL}x plain",
                f"{ratio:.2f}x: {'met' if ratio <= GOAL else 'missed'}",
            )
        )
    _, unlock_ms, _ = measured[3]
    out.append(
        Row(
            "unlock an encrypted journal (scrypt N=2^17, r=8, p=1: 128 MiB)",
            f"{unlock_ms:.0f} ms",
            "-",
            "about half a second: slow for a guesser, quick for the patient",
            "measured",
        )
    )
    _, on_s, off_s = measured[4]
    out.append(
        Row(
            "turn encryption on / off for the 2,000-run journal (one-off)",
            f"{on_s:.1f} s / {off_s:.1f} s",
            "-",
            "a few seconds",
            "measured",
        )
    )
    _, plain_ms, secret_ms = measured[5]
    out.append(
        Row(
            "of opening, the damage check: every page's HMAC (16 KiB pages, HMAC-SHA256)",
            f"{secret_ms:.1f} ms",
            f"the plain journal's quick_check: {plain_ms:.1f} ms",
            "-",
            f"{secret_ms / plain_ms:.2f}x: measured",
        )
    )
    return out


def run() -> list[Row]:
    with bench_folder(None) as folder:
        return _rows(measure(folder, 5))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crypt_bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args(argv)
    with bench_folder(None) as folder:
        for row in _rows(measure(folder, args.repeat)):
            print(f"| {row.measure} | {row.ours} | {row.peer} | {row.goal} | {row.verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
