"""Where the installed pack lives, without the weight of the installer (read at every start)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from companion import paths

PROFILE_NAME = "clinic.yaml"


def pack_folder(where: paths.Locations) -> Path:
    return where.config / "pack"


def old_folder(where: paths.Locations) -> Path:
    return where.config / ".pack-old"


def installed_pack(where: paths.Locations) -> Path | None:
    """The installed pack's folder, or ``None``; a swap cut short by a crash is finished here."""
    folder, old = pack_folder(where), old_folder(where)
    if not folder.exists() and old.is_dir():
        try:
            os.rename(old, folder)
        except OSError:
            return None
    elif folder.exists() and old.exists():
        shutil.rmtree(old, ignore_errors=True)
    return folder if (folder / PROFILE_NAME).is_file() else None
