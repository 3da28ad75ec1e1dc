"""docs/privacy.md names the tests that keep its promises; they must exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRIVACY = REPO / "docs" / "privacy.md"


def test_privacy_page_points_at_real_files() -> None:
    text = PRIVACY.read_text(encoding="utf-8")
    named = re.findall(r"`((?:tests|companion)/[\w/]+\.py)`", text)
    assert named
    for name in named:
        assert (REPO / name).is_file(), name


def test_privacy_page_is_linked_from_the_readme() -> None:
    assert "docs/privacy.md" in (REPO / "README.md").read_text(encoding="utf-8")
