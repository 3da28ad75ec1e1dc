"""The YAML reader refuses hostile or misleading files with a place, and never crashes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from companion.script import yamlsafe
from companion.script.problems import Mark
from companion.script.yamlsafe import MAX_DEPTH


def error_of(text: str) -> yamlsafe.YamlError:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.parse(text)
    return caught.value


def test_scalars_keep_the_text_the_author_typed() -> None:
    root = yamlsafe.parse("title: yes\nn: 007\nd: 2026-11-01\ne:\n")
    assert isinstance(root, yamlsafe.Mapping)
    values = {k.text: v for k, v in root.items}
    assert isinstance(values["title"], yamlsafe.Scalar) and values["title"].text == "yes"
    assert isinstance(values["n"], yamlsafe.Scalar) and values["n"].text == "007"
    assert isinstance(values["e"], yamlsafe.Scalar) and values["e"].is_null
    assert values["d"].mark == Mark(3, 4)


def test_quoted_empty_text_is_not_null() -> None:
    root = yamlsafe.parse("a: ''\n")
    assert isinstance(root, yamlsafe.Mapping)
    value = root.get("a")
    assert isinstance(value, yamlsafe.Scalar) and not value.is_null


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(ord("b"), ord("j")):
        prev = chr(n - 1)
        lines.append(f"{chr(n)}: &{chr(n)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    err = error_of("\n".join(lines) + "\n")
    assert "anchors" in err.message
    assert err.mark == Mark(1, 4)


def test_alias_without_anchor_reports_alias() -> None:
    err = error_of("a: 1\nb: *nothing\n")
    assert err.mark is not None and err.mark.line == 2


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!str x\n",
        "!!map {a: 1}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    err = error_of(text)
    assert "tags" in err.message
    assert err.mark is not None and err.mark.line == 1


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    # However the YAML library words its own limit, the author reads ours, at the 33rd bracket.
    for opener in "[{":
        err = error_of(opener * 5000)
        assert f"more than {MAX_DEPTH} levels" in err.message
        assert err.mark == Mark(1, MAX_DEPTH + 1)
    err = error_of("steps:\n  - " + "[" * 40 + "\n")
    assert f"more than {MAX_DEPTH} levels" in err.message
    # The mapping and the list are two levels; the bracket at column 4 + k opens level 2 + k.
    assert err.mark == Mark(2, 4 + (MAX_DEPTH + 1 - 2))
    err = error_of("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)))
    assert f"more than {MAX_DEPTH} levels" in err.message
    assert err.mark is not None and err.mark.line == MAX_DEPTH + 1


def test_brackets_in_text_are_not_taken_for_nesting() -> None:
    # An ordinary syntax error in a file whose text holds brackets is reported as what it is.
    err = error_of('title: "[[[ a note ]]]"\nbody: [one, two\n')
    assert "levels" not in err.message


def test_duplicate_keys_are_refused_with_both_places() -> None:
    err = error_of("title: A\nid: x\ntitle: B\n")
    assert err.mark == Mark(3, 1)
    assert "first given on line 1" in err.message


def test_duplicate_keys_in_nested_mapping() -> None:
    err = error_of("steps:\n  - id: a\n    id: b\n")
    assert err.mark == Mark(3, 5)


def test_second_document_is_refused() -> None:
    err = error_of("a: 1\n---\nb: 2\n")
    assert err.mark == Mark(2, 1)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "~\n", "---\n"])
def test_empty_files_are_refused(text: str) -> None:
    assert "empty" in error_of(text).message


def test_tab_indentation_is_named() -> None:
    err = error_of("a:\n\tb: 1\n")
    assert "tab" in err.message
    assert err.mark == Mark(2, 1)


def test_syntax_error_has_a_place() -> None:
    err = error_of("a: 1\nb: [1, 2\nc: 3\n")
    assert "never closed with ']'" in err.message
    assert err.mark == Mark(2, 4)


def test_non_mapping_keys_are_refused() -> None:
    assert "key" in error_of("? [a, b]\n: 1\n").message


def test_non_utf8_bytes_are_placed() -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.decode(b"title: caf" + b"\xe9\nx: 1\n")
    assert caught.value.mark == Mark(1, 11)
    assert "UTF-8" in caught.value.message


def test_utf8_bom_is_accepted() -> None:
    assert yamlsafe.decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_placed(char: str) -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.decode(f"a: 1\nbody: hé{char}llo\n".encode())
    assert caught.value.mark == Mark(2, 9)


def test_columns_count_characters_not_bytes() -> None:
    root = yamlsafe.parse("é: [ü, x]\n")
    assert isinstance(root, yamlsafe.Mapping)
    seq = root.items[0][1]
    assert isinstance(seq, yamlsafe.Sequence)
    assert seq.items[1].mark == Mark(1, 8)


def test_huge_files_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (yamlsafe.MAX_BYTES + 10) + b"\n")
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.load(path)
    assert "1 MiB" in caught.value.message


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.load(tmp_path / "nope.yaml")
    assert "cannot be read" in caught.value.message


@pytest.mark.parametrize(
    ("line", "column", "code"),
    [
        ('title: "Calm\\e]0;x\\a"', 13, 0x1B),
        ('title: "\\x1b[2J"', 9, 0x1B),
        ('title: "a \\x9b b"', 11, 0x9B),
        ('title: "é \\u202e é"', 11, 0x202E),
        ('title: "\\U00002066x"', 9, 0x2066),
        ('title: "x\\ry"', 10, 0x0D),
        ('title: "\\x7f"', 9, 0x7F),
        ('title: "\\0"', 9, 0x00),
        ('"ti\\etle": x', 4, 0x1B),
    ],
)
def test_control_characters_made_by_escapes_are_placed_at_the_escape(
    line: str, column: int, code: int
) -> None:
    err = error_of(f"a: 1\n{line}\n")
    assert err.mark == Mark(2, column)
    assert f"U+{code:04X}" in err.message
    assert "delete the escape" in err.message


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_raw_bidirectional_controls_are_placed(char: str) -> None:
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.decode(f"a: 1\nbody: ab{char}c\n".encode())
    assert caught.value.mark == Mark(2, 9)


def test_every_control_character_is_reported_not_only_the_first() -> None:
    err = error_of('a: "\\e"\nb: "ok"\nc: "x\\a\\u202e"\n')
    assert [e.mark for e in err.each()] == [Mark(1, 5), Mark(3, 6), Mark(3, 8)]


def test_tab_newline_and_an_escaped_backslash_stay_text() -> None:
    root = yamlsafe.parse('a: "one\\ttwo\\nthree \\\\e"\nb: |\n  x\n  y\n')
    assert isinstance(root, yamlsafe.Mapping)
    values = [v.text for _, v in root.items if isinstance(v, yamlsafe.Scalar)]
    assert values == ["one\ttwo\nthree \\e", "x\ny\n"]


def test_crlf_files_are_read_and_their_values_hold_no_carriage_return() -> None:
    root = yamlsafe.parse(yamlsafe.decode(b"a: x\r\nb: |\r\n  one\r\n  two\r\n"))
    assert isinstance(root, yamlsafe.Mapping)
    assert [v.text for _, v in root.items if isinstance(v, yamlsafe.Scalar)] == ["x", "one\ntwo\n"]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.load(fifo)
    assert "FIFO" in caught.value.message


def test_a_folder_and_a_symlink_loop_are_refused(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for path in (tmp_path / "d.yaml", loop):
        with pytest.raises(yamlsafe.YamlError) as caught:
            yamlsafe.load(path)
        assert caught.value.message
