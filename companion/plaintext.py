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


def visible(text: str) -> str:
    """``text`` with each control character replaced by a visible stand-in (␛ for escape, �
    for the rest), so that it can be drawn or printed and never acts on the terminal."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: _PICTURES.get(ord(m.group()), "\ufffd"), text)
