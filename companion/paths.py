"""Where the companion reads and writes.

Everything the app writes lives under ``$COMPANION_HOME`` when it is set (tests and demos), or
under the user's platform directories otherwise. Nothing is created at import time: callers ask
for a folder with :func:`private_dir`, which creates it 0700 and tightens a looser one (where file
modes mean privacy: see :mod:`companion.platform`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

from companion import platform

APP_NAME = "companion"
HOME_ENV = "COMPANION_HOME"


class Locations(NamedTuple):
    """The folders the app uses. None of them is created until it is needed. (A named tuple,
    not a dataclass: a command that only reads the journal imports no dataclasses.)"""

    data: Path
    """The journal database and its side files."""
    config: Path
    """Settings (theme, volume) and the user's own scripts folder."""
    state: Path
    """Crash logs and other short-lived state."""

    @property
    def user_scripts(self) -> Path:
        """The therapist's or patient's own scripts; they replace bundled ones with the same id."""
        return self.config / "scripts"


def locations(env: dict[str, str] | None = None) -> Locations:
    """Resolve the app's folders from the environment (``$COMPANION_HOME`` wins)."""
    environ = os.environ if env is None else env
    home = environ.get(HOME_ENV)
    if home:
        base = Path(home).expanduser()
        return Locations(data=base / "data", config=base / "config", state=base / "state")
    import platformdirs

    return Locations(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


class UnsafeFolderError(Exception):
    """A folder for private data is owned by someone else or cannot be made private."""


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) with mode 0700, or tighten it; refuse a folder not ours.

    Every folder created on the way is 0700 too (``Path.mkdir(parents=True)`` would give the
    parents the umask's 0755), ``$COMPANION_HOME`` among them.
    """
    missing: list[Path] = []
    level = path
    while not level.exists() and level != level.parent:
        missing.append(level)
        level = level.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made a moment ago by another copy
            folder.mkdir(mode=0o700)
        _tighten(folder)
    if not path.is_dir():
        raise NotADirectoryError(20, "it is a file, not a folder", str(path))
    if not platform.modes_keep_files_private():
        return path  # Windows: the user's profile folder keeps it theirs (docs/privacy.md)
    home = os.environ.get(HOME_ENV)
    if home and path.is_relative_to(Path(home).expanduser()):
        _tighten_home(Path(home).expanduser())
    info = path.stat()
    if platform.owned_by_someone_else(info):
        raise UnsafeFolderError(
            f"{path} belongs to another user, so private notes cannot be kept there safely."
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            path.chmod(0o700)
        except OSError as exc:
            raise UnsafeFolderError(
                f"{path} can be read by others and its permissions cannot be tightened."
            ) from exc
    return path


def _tighten(folder: Path) -> None:
    try:
        if stat.S_IMODE(folder.stat().st_mode) & 0o077:
            folder.chmod(0o700)
    except OSError:
        pass  # checked properly for the folder that is asked for


def _tighten_home(home: Path) -> None:
    """``$COMPANION_HOME`` made by an earlier version (0755): private, when it holds only ours."""
    try:
        ours = {"data", "config", "state"}
        if home.is_dir() and all(entry.name in ours for entry in home.iterdir()):
            info = home.stat()
            if not platform.owned_by_someone_else(info):
                _tighten(home)
    except OSError:
        pass


def bundled(name: str) -> Path:
    """A folder bundled with the app: ``scripts`` or ``sounds``.

    An installed wheel carries them inside the package (``companion/_bundled``); a source checkout
    keeps them at the top of the repository.
    """
    package = Path(__file__).resolve().parent
    inside = package / "_bundled" / name
    if inside.is_dir():
        return inside
    return package.parent / name
