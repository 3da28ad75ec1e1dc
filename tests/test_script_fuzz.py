"""Random edits of valid scripts never produce anything but clean, placed problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.script.loader import load_script
from companion.script.problems import Severity
from tests.helpers.scripts import DATA, TRACKS

VALID = (DATA / "scripts" / "full.yaml").read_bytes()
LINES = VALID.splitlines(keepends=True)

NASTY = st.sampled_from(
    [b"\t", b":", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!python/object:os.system ",
     b"'", b'"', b"#", b"\n", b"  ", b"---\n", b"\xff", b"\x00", b"\x07", b"{x}", b"{{", b"~",
     b"type: ", b"when: ", b"step: ", b"at_least: ", b"id: ", b"9999999999999999999999"]
)  # fmt: skip


@st.composite
def edited(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "dup-line", "drop-line", "swap-lines"]))
        if kind == "delete" and data:
            start = draw(st.integers(0, len(data) - 1))
            del data[start : start + draw(st.integers(1, 20))]
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            chunk = draw(st.one_of(NASTY, st.binary(min_size=1, max_size=8)))
            data[at:at] = chunk
        else:
            lines = bytes(data).splitlines(keepends=True) or [b""]
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "dup-line":
                lines.insert(i, lines[i])
            elif kind == "drop-line":
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"".join(lines))
    return bytes(data)


def check_clean(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.yaml"
        path.write_bytes(raw)
        result = load_script(path, TRACKS)
    if result.script is None:
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        assert errors, "a script that did not load must say why"
    for problem in result.problems:
        assert problem.message and "Traceback" not in problem.message
        if problem.mark is not None:
            assert problem.mark.line >= 1 and problem.mark.column >= 1
            assert problem.mark.line <= raw.count(b"\n") + 2
        problem.format()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_random_edits_give_clean_problems(raw: bytes) -> None:
    check_clean(raw)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_clean_problems(raw: bytes) -> None:
    check_clean(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_gives_clean_problems(text: str) -> None:
    check_clean(text.encode("utf-8", "surrogatepass"))
