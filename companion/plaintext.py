"""Which characters are never text, and how to show them when they arrive anyway.

Scripts, the sound catalog and clinic files refuse these characters when they are read
(:mod:`companion.script.yamlsafe` places each one). The patient's own words are kept exactly as
typed, so whatever draws them or prints them to a terminal passes them through :func:`visible`.
"""

from __future__ import annotations

import re

BIDI = "\u202a-\u202e\u2066-\u2069"
"""Bidirectional embeddings, overrides and isolates: they make text read differently from how
it is stored (the "Trojan Source" class)."""

CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}]")
"""Everything in a value that is not text: C0 controls but line feed and tab, DEL, C1 controls
and the bidirectional controls."""

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


_CONTROLS = tuple(
    chr(code)
    for first, last in (
        (0x00, 0x08),
        (0x0B, 0x1F),
        (0x7F, 0x9F),
        (0x202A, 0x202E),
        (0x2066, 0x2069),
    )
    for code in range(first, last + 1)
)
"""Every character :data:`CONTROL` matches, one by one."""


LONG_TEXT = 4096
"""From this length on, :func:`has_control` asks character by character."""


def has_control(text: str) -> bool:
    """Does ``text`` hold a character of :data:`CONTROL`?

    A long text is asked character by character (``in``): in text whose characters all lie
    below U+0100 each search is a memory scan and the wider ones are no search at all, about
    2 ms for a 3 MB export against some 10 ms for the pattern. A short one, such as each line
    the app draws, is asked the pattern, once: some 0.1 us, where the 73 scans take 2 us."""
    if len(text) < LONG_TEXT:
        return CONTROL.search(text) is not None
    return any(control in text for control in _CONTROLS)


def visible(text: str) -> str:
    """``text`` with each control character replaced by a visible stand-in (␛ for escape, �
    for the rest), so that it can be drawn or printed and never acts on the terminal."""
    if not has_control(text):
        return text
    return CONTROL.sub(lambda m: _PICTURES.get(ord(m.group()), "\ufffd"), text)
