"""Validating generated scripts of 100, 1,000 and 10,000 steps: ours against check-jsonschema
with the project's own schema, on the same files."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

from bench.common import Row, median_time, ms, peer_bin, run_time
from companion.script.loader import load_script
from companion.script.schema import script_schema

SIZES = (100, 1_000, 10_000)
TRACKS = {"rain"}


def generate(steps: int) -> str:
    """A realistic script: every step type, conditions on earlier steps, Markdown bodies."""
    out = [
        "format: 1",
        f"id: generated-{steps}",
        "title: A generated script",
        "phase: before",
        "variables:",
        "  care_phone: 555-0100",
        "support:",
        "  - label: Your care team",
        '    contact: "Call {care_phone}"',
        "steps:",
    ]
    # One step a line, so that 10,000 steps stay under the 1 MiB limit for a script.
    for i in range(steps):
        kind = i % 6
        if kind == 0:
            out.append(
                f"  - {{id: info-{i}, type: info, body: 'Read **this**, or call {{care_phone}}.'}}"
            )
        elif kind == 1:
            out.append(
                f"  - {{id: scale-{i}, type: scale, labels: {{0: Calm, 10: Tense}}, support_when: {{at_least: 8}}}}"
            )
        elif kind == 2:
            out.append(
                f"  - {{id: choice-{i}, type: choice, multiple: true, options: [{{id: calm, text: Calm}}]}}"
            )
        elif kind == 3:
            out.append(
                f"  - {{id: text-{i}, type: text, prompt: Why?, when: {{step: scale-{i - 2}, at_least: 5}}}}"
            )
        elif kind == 4:
            out.append(f"  - {{id: check-{i}, type: checklist, items: [{{id: rest, text: Rest}}]}}")
        else:
            out.append(
                f"  - {{id: breathe-{i}, type: breathing, sound: rain, when: {{step: check-{i - 1}, checked: rest}}}}"
            )
    return "\n".join(out) + "\n"


def run() -> list[Row]:
    rows: list[Row] = []
    folder = Path(tempfile.mkdtemp(prefix="companion-bench-"))
    schema = folder / "schema.json"
    schema.write_text(json.dumps(script_schema()))
    checker = peer_bin("check-jsonschema", "check-jsonschema")
    ours_per_step: list[float] = []
    for size in SIZES:
        path = folder / f"s{size}.yaml"
        path.write_text(generate(size))
        result = load_script(path, TRACKS)
        assert result.script is not None, [p.format() for p in result.problems[:3]]
        ours = median_time(
            functools.partial(load_script, path, TRACKS), repeat=3 if size < 10_000 else 2
        )
        ours_per_step.append(ours / size)
        peer = "not installed"
        verdict = "-"
        if checker is not None:
            theirs = run_time([str(checker), "--schemafile", str(schema), str(path)], repeat=2)
            peer = f"check-jsonschema {ms(theirs)}"
            verdict = (
                f"{theirs / ours:.1f}x faster" if ours < theirs else f"{ours / theirs:.1f}x slower"
            )
        rows.append(
            Row(f"validate {size:,}-step script", ms(ours), peer, "faster, linear", verdict)
        )
    growth = ours_per_step[-1] / ours_per_step[1]
    rows.append(
        Row(
            "validate: time per step, 10,000 vs 1,000",
            f"{growth:.2f}x",
            "-",
            "about 1x (linear)",
            "linear" if growth < 1.3 else "grows faster than linear",
        )
    )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
