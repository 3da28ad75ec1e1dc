"""The domain never imports Textual: it is plain Python, testable without a terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "companion.paths",
    "companion.platform",
    "companion.script",
    "companion.run.flow",
    "companion.journal",
    "companion.audio",
    "companion.audio.catalog",
    "companion.audio.player",
    "companion.audio._child",
    "companion.breathing",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
