"""Read a YAML file into a plain tree of nodes that remember where they came from.

Scripts are written by hand and may come from anywhere, so this reader refuses what could hurt or
mislead before anything is built: files over 1 MiB, bytes that are not UTF-8, control characters,
anchors and aliases (the "billion laughs" expansion), explicit tags (``!!python/...``), nesting
deeper than :data:`MAX_DEPTH`, more than one document, and duplicate keys (which PyYAML would
silently collapse to the last one).

The tree is built from libyaml's event stream without recursion, and scalars are kept as the
text the author typed: the script model, not YAML's implicit typing, decides what a value means
(so ``title: yes`` stays the text "yes").
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from companion import platform
from companion.plaintext import BIDI, CONTROL
from companion.script import reads
from companion.script.problems import Mark

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
# In the file's raw text: the characters that are never text (see companion.plaintext), but
# carriage return is allowed there (a CRLF file is fine; YAML turns its line breaks into line feeds).
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI}]")
# In a value, after YAML's escapes ("\\e", "\\x1b", "\\u202e") have made their characters.
_VALUE_CONTROL = CONTROL
# A double-quoted scalar's escapes, to place the one that made a control character.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
}
_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0x9B: "control sequence introducer",
    0x9D: "operating system command",
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}

try:  # libyaml's parser is much faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class YamlError(Exception):
    """The file cannot be read as a script; ``mark`` says where, when the file has a place."""

    def __init__(self, message: str, mark: Mark | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.more: list[YamlError] = []
        """Further problems of the same kind found in the same read (control characters)."""

    def each(self) -> list[YamlError]:
        """This problem and every further one, in file order."""
        return [self, *self.more]


@dataclass(eq=False)
class Scalar:
    text: str
    mark: Mark
    plain: bool
    """Written without quotes or block indicators, so ``~``/``null``/empty mean "no value"."""

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(eq=False)
class Mapping:
    mark: Mark
    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None

    def key(self, key: str) -> Scalar | None:
        for k, _ in self.items:
            if k.text == key:
                return k
        return None


@dataclass(eq=False)
class Sequence:
    mark: Mark
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


def _mark(raw: Any) -> Mark:
    return Mark(raw.line + 1, raw.column + 1)


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text, refusing huge files, other encodings and control characters."""
    try:
        info, data = _read_bytes(path)
    except YamlError:
        reads.file_read(path, None, None)  # unreadable: a cache of the library is never trusted
        raise
    reads.file_read(path, info, data)  # the very bytes parsed, for the library cache's key
    return decode(data)


def _read_bytes(path: Path) -> tuple[os.stat_result, bytes]:
    try:
        info = path.stat()
    except OSError as exc:
        raise YamlError(f"cannot be read: {exc.strerror or exc}") from exc
    except RuntimeError:  # a symlink loop, on some Python versions
        raise YamlError("cannot be read: it is a loop of symbolic links") from None
    if not stat.S_ISREG(info.st_mode):
        raise YamlError(not_a_file(info.st_mode))
    if info.st_size > MAX_BYTES:
        raise YamlError(
            f"is {info.st_size:,} bytes; a script may be at most {MAX_BYTES:,} bytes (1 MiB)"
        )
    try:
        # Non-blocking, and checked again once open: a FIFO swapped in after the check above
        # must not hang the reader.
        fd = os.open(path, platform.reading_flags())
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise YamlError(not_a_file(mode))
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlError(f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise YamlError(f"is larger than {MAX_BYTES:,} bytes (1 MiB)")
    return info, data


def decode(data: bytes) -> str:
    """Decode UTF-8 (a leading BOM is allowed) and refuse control characters, with their place."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
            Mark(line, column),
        ) from None
    found = [
        YamlError(_refusal(bad.group(), escaped=None), _place(text, bad.start()))
        for bad in _CONTROL.finditer(text)
    ]
    if found:
        found[0].more = found[1:]
        raise found[0]
    return text


def not_a_file(mode: int) -> str:
    """What a non-regular file is, in a sentence that ends with what to give instead."""
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "not a regular file"
    return f"is {what}, not a file; give the path of a .yaml file"


def _place(text: str, offset: int) -> Mark:
    preceding = text[:offset]
    return Mark(preceding.count("\n") + 1, offset - (preceding.rfind("\n") + 1) + 1)


def _refusal(char: str, escaped: str | None) -> str:
    """The sentence for one refused character: what it is, why, and how to fix it."""
    code = ord(char)
    name = _NAMES.get(code)
    what = f"U+{code:04X}" + (f" ({name})" if name else "")
    if 0x202A <= code <= 0x2069:
        kind = f"the bidirectional control {what} is not allowed: it makes text read differently "
        kind += "from how it is stored"
    else:
        kind = f"the control character {what} is not allowed: it could change the patient's "
        kind += "terminal"
    if escaped is not None:
        return f"{kind}; delete the escape '{escaped}'"
    return f"{kind}; delete it (it often comes with copy and paste, and most editors hide it)"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _control_in_value(text: str, starts: list[int], event: Any) -> list[YamlError]:
    """Every control character a scalar's value holds although its raw text had none: made by
    a double-quoted escape such as ``"\\e"``, ``"\\x9b"`` or ``"\\u202e"``; placed at the escape."""
    begin = starts[event.start_mark.line] + event.start_mark.column
    end = starts[event.end_mark.line] + event.end_mark.column
    found: list[YamlError] = []
    if event.style == '"':
        for escape in _ESCAPE.finditer(text, begin, end):
            code = escape.group(1)
            if len(code) == 1:
                made = _SIMPLE_ESCAPES.get(code, "")
            else:
                made = chr(int(code[1:], 16)) if int(code[1:], 16) <= 0x10FFFF else ""
            if made and _VALUE_CONTROL.fullmatch(made):
                found.append(
                    YamlError(_refusal(made, escape.group()), _place(text, escape.start()))
                )
    if not found:  # not from an escape we can place: place the value itself
        bad = _VALUE_CONTROL.search(event.value)
        assert bad is not None
        found.append(YamlError(_refusal(bad.group(), None), _mark(event.start_mark)))
    return found


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a script's tree and model are built.

    They hold no cycles, so the collector only costs time while they grow: with it running, a
    10,000-step script took a quarter longer per step than a 1,000-step one.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(text: str) -> Node:
    """Build the node tree of a single-document YAML text."""
    try:
        with paused_gc():
            return _build(text)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, exc) from None
    except yaml.YAMLError as exc:  # errors without a place (rare in practice)
        raise YamlError(f"YAML syntax: {exc}") from None


def load(path: Path) -> Node:
    """Read and parse one file (see :func:`read_text` and :func:`parse`)."""
    return parse(read_text(path))


def _build(text: str) -> Node:
    stack: list[Mapping | Sequence] = []
    pending_key: list[Scalar | None] = []
    seen_keys: list[dict[str, Mark]] = []
    root: Node | None = None
    documents = 0
    refused: list[YamlError] = []
    starts: list[int] | None = None

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise YamlError("a key must be a plain word, not a list or a mapping", node.mark)
            first = seen_keys[-1].get(node.text)
            if first is not None:
                raise YamlError(
                    f"duplicate key '{node.text}' (first given on line {first.line}); "
                    "YAML would silently keep only the last one",
                    node.mark,
                )
            seen_keys[-1][node.text] = node.mark
            pending_key[-1] = node
        else:
            parent.items.append((key, node))
            pending_key[-1] = None

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(
                    "a second YAML document starts here ('---'); a script is one document",
                    _mark(event.start_mark),
                )
            continue
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(
                f"aliases (*{event.anchor}) are not supported; write the value out in full",
                _mark(event.start_mark),
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlError(
                f"anchors (&{event.anchor}) are not supported; write each value out in full",
                _mark(event.start_mark),
            )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            tag = event.tag
            if tag is not None and tag != "!":
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise YamlError(
                    f"tags such as '{shown}' are not allowed; write plain YAML values",
                    _mark(event.start_mark),
                )
        if isinstance(event, yaml.ScalarEvent):
            if _VALUE_CONTROL.search(event.value):
                starts = starts or _line_starts(text)
                refused.extend(_control_in_value(text, starts, event))
            plain = event.style in (None, "") and event.implicit[0]
            attach(Scalar(event.value, _mark(event.start_mark), plain))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(_mark(event.start_mark))
            mark = _mark(event.start_mark)
            node: Mapping | Sequence
            node = Mapping(mark) if isinstance(event, yaml.MappingStartEvent) else Sequence(mark)
            attach(node)
            stack.append(node)
            pending_key.append(None)
            seen_keys.append({})
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            pending_key.pop()
            seen_keys.pop()
    if refused:
        refused[0].more = refused[1:]
        raise refused[0]
    if root is None or (isinstance(root, Scalar) and root.is_null):
        raise YamlError("the file is empty", Mark(1, 1))
    return root


def _too_deep(mark: Mark) -> YamlError:
    return YamlError(
        f"nested more than {MAX_DEPTH} levels deep; a script never needs that "
        "(look for brackets that were opened and never closed)",
        mark,
    )


def _flow_too_deep(text: str, end: Mark) -> Mark | None:
    """Where the text before ``end`` first opens more than MAX_DEPTH brackets, if it does.

    libyaml refuses very deep ``[``/``{`` nesting itself, while it reads ahead and before any
    event reaches :func:`_build`, with a message of its own that has changed between releases.
    When the parser gives up, this tells a runaway nesting apart from other syntax errors, so
    the author reads the same sentence either way.
    """
    depth = 0
    for number, line in enumerate(text.split("\n")[: end.line], start=1):
        for column, char in enumerate(line, start=1):
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return Mark(number, column)
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> YamlError:
    raw = exc.problem_mark or exc.context_mark
    mark = _mark(raw) if raw is not None else None
    if mark is not None and (deep := _flow_too_deep(text, mark)) is not None:
        return _too_deep(deep)
    lines = text.split("\n")
    if mark is not None and 0 < mark.line <= len(lines):
        line = lines[mark.line - 1]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return YamlError(
                "a tab is used for indentation; YAML needs spaces here",
                Mark(mark.line, indent.index("\t") + 1),
            )
    if mark is not None:
        explained = _explain(text, lines, exc, mark)
        if explained is not None:
            return explained
    problem = exc.problem or "is not valid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return YamlError(
        f"YAML syntax: {problem}{context}; look at the quotes, colons and indentation "
        "on this line and the one before",
        mark,
    )


_CURLY = "\u201c\u201d\u2018\u2019"
_KEY_VALUE = re.compile(r"^(\s*(?:- )?)([^\s:#'\"{\[][^:#]*?):( +)(\S.*)$")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:- )?[A-Za-z_][\w-]*:(?=[^\s])")


def _explain(
    text: str, lines: list[str], exc: yaml.MarkedYAMLError, mark: Mark
) -> YamlError | None:
    """libyaml's words for the mistakes script authors make, in sentences they can act on,
    placed where the fix goes."""
    problem = exc.problem or ""
    context = exc.context or ""
    opened = _mark(exc.context_mark) if exc.context_mark is not None else None
    line = lines[mark.line - 1] if 0 < mark.line <= len(lines) else ""
    if "quoted scalar" in context and opened is not None:
        quote = _char_at(lines, opened) or '"'
        return YamlError(
            f"the quote ({quote}) that opens this text is never closed; "
            f"add a closing {quote} at the end of the text",
            opened,
        )
    quoted = _quoted_before(text, mark)
    if quoted is not None:
        return quoted
    curly = next((i for i, c in enumerate(line[: mark.column]) if c in _CURLY), None)
    if curly is not None and problem.startswith("mapping values"):
        return YamlError(
            "curly quotes (\u201c \u201d) are not quote marks to YAML, so the colon in this text "
            'confuses it; type straight double quotes (") around the text instead',
            Mark(mark.line, curly + 1),
        )
    if problem.startswith("mapping values"):
        return _stray_colon(lines, line, mark)
    if problem.startswith("found character that cannot start any token") or "alias" in context:
        char = _char_at(lines, opened or mark) or line[mark.column - 1 : mark.column]
        return YamlError(
            f"text cannot start with '{char}' in YAML; put the whole text in double quotes",
            opened or mark,
        )
    if "flow" in context:
        start = opened or mark
        if _char_at(lines, start) not in ("[", "{"):
            start = _unclosed_bracket(lines, mark) or start
        bracket = _char_at(lines, start) or "{"
        closing = "]" if bracket == "[" else "}"
        return YamlError(
            f"the '{bracket}' here is read by YAML as the start of a "
            f"{'list' if bracket == '[' else 'mapping'} and is never closed with '{closing}'; "
            "if it is part of the text, put the whole text in double quotes",
            start,
        )
    if problem.startswith("did not find expected key") and opened is not None:
        return _unexpected_key(lines, line, mark, opened)
    if problem.startswith("did not find expected '-' indicator") and opened is not None:
        first = _first_column(line)
        return YamlError(
            "this line does not line up with the list above it: each item starts with '- ' at "
            f"column {opened.column} (as on line {opened.line}), and the keys inside an item "
            "line up under the first key after its '- '",
            Mark(mark.line, first),
        )
    if problem.startswith("could not find expected ':'") and opened is not None:
        return YamlError(
            "this line has no colon: write 'key: value', with a space after the colon "
            "(or, if the line goes on with the text above it, indent it like that text)",
            opened,
        )
    return None


def _unclosed_bracket(lines: list[str], end: Mark) -> Mark | None:
    """The last '[' or '{' before ``end`` that no bracket closes (quotes are not followed:
    this only places a message)."""
    open_at: list[Mark] = []
    for number, line in enumerate(lines[: end.line], start=1):
        for column, char in enumerate(line, start=1):
            if (number, column) >= (end.line, end.column):
                break
            if char in "[{":
                open_at.append(Mark(number, column))
            elif char in "]}" and open_at:
                open_at.pop()
    return open_at[-1] if open_at else None


def _char_at(lines: list[str], mark: Mark) -> str:
    if 0 < mark.line <= len(lines):
        return lines[mark.line - 1][mark.column - 1 : mark.column]
    return ""


def _first_column(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) + 1


def _quoted_before(text: str, mark: Mark) -> YamlError | None:
    """A quoted text that ended in the wrong place just before the error: a quote mark inside
    it, or a closing quote missing so that it ran on over the lines below."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if _mark(token.start_mark) >= mark:
                break
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    start, end = _mark(last.start_mark), _mark(last.end_mark)
    quote = last.style
    if end.line > start.line:
        return YamlError(
            f"the quoted text that starts here runs on to line {end.line}; "
            f"is the closing {quote} missing at the end of this line?",
            start,
        )
    if end.line == mark.line:
        inside = '\\"' if quote == '"' else "''"
        return YamlError(
            f"this text ends at the {quote} on column {end.column - 1}, before the rest of the "
            f"line; write a quote mark inside quoted text as {inside}, or use the other kind of "
            "quote mark around the text",
            Mark(end.line, end.column - 1),
        )
    return None


def _stray_colon(lines: list[str], line: str, mark: Mark) -> YamlError | None:
    before = line[: mark.column - 1]
    if ": " in before:
        found = _KEY_VALUE.match(line)
        if found is None:
            return YamlError(
                "this text holds a colon followed by a space, which YAML reads as the start of "
                "a new key; put the whole text in double quotes",
                mark,
            )
        lead, key, space, value = found.groups()
        column = len(lead) + len(key) + 1 + len(space) + 1
        shown = f'{key}: "{value.rstrip()}"'
        fix = f": {shown}" if len(shown) <= 60 and '"' not in value else ""
        return YamlError(
            "this text holds a colon followed by a space, which YAML reads as the start of a "
            f"new key; put the whole text in double quotes{fix}",
            Mark(mark.line, column),
        )
    previous = _previous_line(lines, mark.line)
    if previous is None:
        return None
    above = lines[previous - 1]
    if _NO_SPACE_AFTER_COLON.match(above):
        return YamlError(
            "a key needs a space after its colon ('key: value')",
            Mark(previous, above.index(":") + 2),
        )
    if _first_column(line) > _first_column(above):
        return YamlError(
            "this line is indented further than the line above it, so YAML reads it as more "
            "of that line's text; give it the same indentation as the key above it",
            Mark(mark.line, _first_column(line)),
        )
    return None


def _unexpected_key(lines: list[str], line: str, mark: Mark, opened: Mark) -> YamlError:
    found = _KEY_VALUE.match(line)
    if found is not None and found.group(4)[:1] in "{[":
        lead, key, space, value = found.groups()
        column = len(lead) + len(key) + 1 + len(space) + 1
        bracket = value[0]
        shown = f'{key}: "{value.rstrip()}"'
        fix = f": {shown}" if len(shown) <= 60 and '"' not in value else ""
        return YamlError(
            f"text that starts with '{bracket}' is read by YAML as a "
            f"{'list' if bracket == '[' else 'mapping'}; put the whole text in double quotes{fix}",
            Mark(mark.line, column),
        )
    opener = lines[opened.line - 1] if 0 < opened.line <= len(lines) else ""
    if re.match(r"^\s*-[^\s-]", opener):
        return YamlError(
            "a list item needs a space after its '-': write '- ' at the start of the item",
            Mark(opened.line, _first_column(opener) + 1),
        )
    return YamlError(
        "this line does not line up with the keys above it: keys of the same mapping start at "
        f"column {opened.column} (as on line {opened.line})",
        Mark(mark.line, _first_column(line)),
    )


def _previous_line(lines: list[str], number: int) -> int | None:
    for index in range(number - 2, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index + 1
    return None
