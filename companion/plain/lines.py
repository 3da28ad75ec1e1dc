"""Lines in and lines out: what the plain mode reads and writes, and nothing else.

Output is text and line ends only. Every line passes through :func:`clean`, so no escape code,
control character or cursor movement can reach the terminal, whoever wrote the words (a script,
a pack, the patient): each is shown by a visible stand-in instead. Input is read by one background thread into a queue, so that a question
can wait for a line (:meth:`LinesIn.line`) and a breathing or listening step can wait *with a
time limit* (:meth:`LinesIn.line_within`) the same way on every platform, from a terminal, a
braille display's console or a pipe.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterable
from typing import Protocol, TextIO

from companion.plaintext import visible


class EndOfInput(Exception):
    """Nothing more will come: the pipe or the terminal's input has ended (Ctrl+D)."""


class OutputGone(Exception):
    """Nobody reads any more: the terminal has closed, or the pipe's reader has gone."""


def clean(text: str) -> str:
    """``text`` as it may be printed: each control character shown by its visible stand-in
    (:func:`companion.plaintext.visible`, the rule every front end follows), tabs as spaces."""
    return visible(text).replace("\t", " ")


class LinesOut:
    """Writes whole lines, cleaned, and flushes each so a screen reader hears it at once."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def say(self, *lines: str) -> None:
        """Each argument on its own line (an argument holding line breaks gives several)."""
        self._write(
            "".join(part.rstrip() + "\n" for line in lines for part in clean(line).split("\n"))
        )

    def blank(self) -> None:
        self._write("\n")

    def part(self, text: str) -> None:
        """Words added to the current line (the breathing count: "4, 3, 2, 1")."""
        self._write(clean(text).replace("\n", " "))

    def end_line(self) -> None:
        self._write("\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except OSError as error:  # a closed pipe or terminal: EPIPE, EIO
            raise OutputGone from error


class Lines(Protocol):
    """Where the patient's lines come from."""

    def line(self) -> str:
        """The next line, waiting as long as it takes; :class:`EndOfInput` at the end."""
        ...

    def line_within(self, seconds: float) -> str | None:
        """The next line if one comes within ``seconds``, else ``None``."""
        ...


_END = object()


class LinesIn:
    """Lines from ``stream``, read on a background thread; the end of input is remembered."""

    def __init__(self, stream: TextIO) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self._ended = False
        self._thread = threading.Thread(
            target=self._read, args=(stream,), name="plain-input", daemon=True
        )
        self._thread.start()

    def _read(self, stream: TextIO) -> None:
        try:
            for line in iter(stream.readline, ""):
                self._queue.put(line.rstrip("\r\n"))
        except (OSError, ValueError):  # the stream was closed under us: that is an end too
            pass
        self._queue.put(_END)

    def line(self) -> str:
        """The next line, waiting as long as it takes; :class:`EndOfInput` at the end."""
        if self._ended:
            raise EndOfInput
        item = self._queue.get()
        return self._take(item)

    def line_within(self, seconds: float) -> str | None:
        """The next line if one comes within ``seconds``, else ``None``."""
        if self._ended:
            raise EndOfInput
        try:
            item = self._queue.get(timeout=max(0.0, seconds))
        except queue.Empty:
            return None
        return self._take(item)

    def _take(self, item: object) -> str:
        if item is _END:
            self._ended = True
            raise EndOfInput
        assert isinstance(item, str)
        return item  # the patient's words exactly as typed; only what is printed is cleaned


_BULLET = re.compile(r"^\s{0,3}([-*+])\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}(\d{1,9})[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_CODE = re.compile(r"`+([^`]+)`+")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_HARD_BREAK = re.compile(r"(\\|  +)$")


def _inline(text: str) -> str:
    """Markdown's inline marks taken away; a link keeps its words and its address, to read."""
    text = _CODE.sub(r"\1", text)
    text = _LINK.sub(
        lambda m: m.group(1) if not m.group(2) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _AUTOLINK.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _ESCAPED.sub(r"\1", text)
    return " ".join(text.split())


def plain_text(markdown: str) -> list[str]:
    """A Markdown body as lines to read one at a time: a paragraph per line, a list item per
    line (numbered items keep their number), headings and quotes as their words, no marks."""
    lines: list[str] = []
    block: list[str] = []
    item: list[str] | None = None
    fenced = False

    def close_block() -> None:
        nonlocal item
        if item is not None:
            lines.append(_inline(" ".join(item)))
            item = None
        if block:
            lines.append(_inline(" ".join(block)))
            block.clear()

    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            close_block()
            fenced = not fenced
            continue
        if fenced:
            if raw.strip():
                lines.append(raw.strip())
            continue
        if not raw.strip() or _RULE.match(raw):
            close_block()
            continue
        if heading := _HEADING.match(raw):
            close_block()
            lines.append(_inline(heading.group(1)))
            continue
        quote = _QUOTE.match(raw)
        text = quote.group(1) if quote else raw
        if bullet := _BULLET.match(text):
            close_block()
            item = [bullet.group(2)]
            continue
        if number := _NUMBERED.match(text):
            close_block()
            item = [f"{number.group(1)}. {number.group(2)}"]
            continue
        stripped = _HARD_BREAK.sub("", text.strip())
        if item is not None:  # an item goes on until a blank line (indented or not)
            item.append(stripped)
        else:
            block.append(stripped)
            if _HARD_BREAK.search(text):
                close_block()
    close_block()
    return [line for line in lines if line]


def numbered(options: Iterable[str]) -> list[str]:
    """``1. First``, ``2. Second``, ..."""
    return [f"{number}. {text}" for number, text in enumerate(options, start=1)]
