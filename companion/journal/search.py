"""Turning a patient's free-text search into a safe FTS5 query, and marking what matched."""

from __future__ import annotations

import os
from dataclasses import dataclass

from companion.journal.model import RunInfo

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchHit:
    """One answer that matches a search."""

    run: RunInfo
    """The run the answer belongs to (its date, script title, phase)."""
    step_id: str
    """The step that was answered."""
    prompt: str
    """The prompt as the patient saw it."""
    snippet: str
    """A short piece of the matching text (the answer, prompt or script title), plain text."""
    spans: tuple[Span, ...]
    """``(start, end)`` offsets into :attr:`snippet` of each match, for highlighting."""


def fts_query(text: str) -> str | None:
    """An FTS5 query that finds entries containing every word of ``text`` (as a word start).

    Each word is quoted as an FTS5 string, so quotes, ``*``, ``-``, ``:``, brackets or words like
    ``AND``/``NEAR`` are searched for as text and never read as query syntax. Words made only of
    punctuation are dropped; ``None`` means there is nothing to search for.
    """
    terms = [word for word in text.split() if any(ch.isalnum() for ch in word)]
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


@dataclass(frozen=True)
class Markers:
    """Start and end markers for FTS5 ``snippet()`` that cannot occur in the journal's text."""

    start: str
    end: str

    @classmethod
    def fresh(cls) -> Markers:
        token = os.urandom(8).hex()  # what secrets.token_hex does, without importing it
        return cls(f"\x02{token}\x02", f"\x03{token}\x03")


def parse_snippet(marked: str, markers: Markers) -> tuple[str, tuple[Span, ...]]:
    """Strip the markers from a snippet and return the plain text with the matched spans."""
    text: list[str] = []
    spans: list[Span] = []
    length = 0
    rest = marked
    while True:
        start = rest.find(markers.start)
        if start < 0:
            text.append(rest)
            break
        text.append(rest[:start])
        length += start
        rest = rest[start + len(markers.start) :]
        end = rest.find(markers.end)
        if end < 0:
            end = len(rest)
        text.append(rest[:end])
        spans.append((length, length + end))
        length += end
        rest = rest[end + len(markers.end) :]
    return "".join(text), tuple(spans)
