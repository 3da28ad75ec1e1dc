"""Terminals without colour: a monochrome screen, readable with bold and reverse alone."""

from __future__ import annotations

from collections.abc import Mapping

PLAIN_TERMS = frozenset({"dumb", "vt100", "vt102", "vt220", "ansi-mono", "linux-m", "xterm-mono"})


def wants_plain(environ: Mapping[str, str]) -> bool:
    """True when the patient's terminal shows no colour, or they asked for none (``NO_COLOR``)."""
    return "NO_COLOR" in environ or environ.get("TERM", "") in PLAIN_TERMS
