"""``make bench``: every speed and size promise, measured side by side with a peer or a floor.

Prints one table and writes it, with the machine and the date, to docs/performance.md. This is a
benchmark, not a test: it never fails.
"""

from __future__ import annotations

import datetime
import importlib
import os
import sys
import traceback

from bench.common import REPO, Row, machine

SUITES = [
    "bench.startup_bench",
    "bench.validate_bench",
    "bench.journal_bench",
    "bench.crypt_bench",
    "bench.questionnaire_bench",
    "bench.scale_bench",
    "bench.audio_bench",
    "bench.memory_bench",
    "bench.course_bench",
]


def table(rows: list[Row]) -> str:
    lines = [
        "| measure | ours | compared with, in the same run | goal | verdict |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {r.measure} | {r.ours} | {r.peer} | {r.goal} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    only = sys.argv[1:]
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    for name in SUITES:
        if only and not any(o in name for o in only):
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            print(f"  {name} is not there yet; skipped", file=sys.stderr)
            continue
        try:
            rows.extend(module.run())
        except Exception:  # noqa: BLE001 - a broken suite is reported and the others still run
            traceback.print_exc()
            rows.append(Row(name, "failed to run", "-", "-", "see the output above"))
    text = table(rows)
    print(text)
    if not only:
        today = datetime.date.today().isoformat()
        findings = REPO / "bench" / "findings.md"
        notes = "\n" + findings.read_text(encoding="utf-8") if findings.exists() else ""
        (REPO / "docs" / "performance.md").write_text(
            "# Performance\n\n"
            f"Measured by `make bench` on {today}, on {machine()}; load average "
            f"{load_before:.1f} when it began and {os.getloadavg()[0]:.1f} when it ended.\n"
            "Each figure is compared with a peer or a floor measured in the same run, so that "
            "ratios survive a noisy machine. Run it again with `make bench` (a few minutes; the "
            "peers are installed into .bench/peers the first time).\n\n" + text + "\n" + notes,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
