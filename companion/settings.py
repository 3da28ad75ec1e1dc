"""The few things the app remembers between starts (the theme), in a small private JSON file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from companion.paths import Locations, UnsafeFolderError, private_dir

FILE_NAME = "settings.json"


def settings_path(where: Locations) -> Path:
    return where.config / FILE_NAME


def load_settings(where: Locations) -> dict[str, str]:
    """The saved settings; an unreadable or odd file gives the defaults."""
    try:
        data = json.loads(settings_path(where).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def save_settings(where: Locations, settings: dict[str, str]) -> bool:
    """Write the settings 0600 into the private config folder; False when it cannot be done.

    A preference that is not remembered is harmless; a failed write must never end the app
    (and with it words that a full disk is holding in memory).
    """
    try:
        private_dir(where.config)
        path = settings_path(where)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(settings, out, indent=2)
        os.replace(tmp, path)
    except (OSError, UnsafeFolderError):
        return False
    return True
