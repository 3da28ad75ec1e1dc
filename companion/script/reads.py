"""What loading the library read from disk, so that a cache of it can be checked against it.

The readers call :func:`file_read`, :func:`folder_listed` and :func:`file_checked`; while a
:class:`Reads` is being recorded (``with recording() as reads``) it collects every file (its size,
``mtime_ns`` and the SHA-256 of the bytes read), every folder listing and every file whose mere
presence mattered. Anything new the library learns to read through these calls is part of the
cache's key by itself. Nothing here imports PyYAML or the script model.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FileState = tuple[int, int, str] | None
"""(size, mtime_ns, sha256 of the bytes), or None when the file could not be read."""


class Reads:
    """What the library read: each file's state, each folder's listing, whether each file that
    may be there was."""

    def __init__(
        self,
        files: dict[str, FileState] | None = None,
        folders: dict[str, list[str] | None] | None = None,
        present: dict[str, bool] | None = None,
    ) -> None:
        self.files = {} if files is None else files
        self.folders = {} if folders is None else folders
        self.present = {} if present is None else present

    def to_json(self) -> dict[str, object]:
        return {"files": self.files, "folders": self.folders, "present": self.present}

    @classmethod
    def from_json(cls, data: object) -> Reads:
        if not isinstance(data, dict):
            raise ValueError("reads")
        files = data["files"]
        folders = data["folders"]
        present = data["present"]
        if not (
            isinstance(files, dict) and isinstance(folders, dict) and isinstance(present, dict)
        ):
            raise ValueError("reads")
        return cls(
            {k: None if v is None else (int(v[0]), int(v[1]), str(v[2])) for k, v in files.items()},
            {k: None if v is None else [str(n) for n in v] for k, v in folders.items()},
            {k: bool(v) for k, v in present.items()},
        )

    def unchanged(self) -> bool:
        """Every file, folder and presence is as it was when recorded: size and mtime first,
        then the bytes themselves (reading is cheap; parsing is what the cache saves)."""
        for name, present in self.present.items():
            if os.path.isfile(name) != present:
                return False
        for name, listing in self.folders.items():
            if listing_of(Path(name)) != listing:
                return False
        for name, state in self.files.items():
            if state is None or state_of(Path(name)) != state:
                return False
        return True


_recording: list[Reads] = []


@contextmanager
def recording() -> Iterator[Reads]:
    reads = Reads()
    _recording.append(reads)
    try:
        yield reads
    finally:
        _recording.remove(reads)


def listing_of(folder: Path) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def state_of(path: Path) -> FileState:
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return _state(info, data)


def _state(info: os.stat_result, data: bytes) -> FileState:
    return (info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def file_read(path: Path, info: os.stat_result | None, data: bytes | None) -> None:
    """``path`` was read: ``info`` is its stat before reading, ``data`` the bytes (None when
    either failed)."""
    if not _recording:
        return
    state = None if info is None or data is None else _state(info, data)
    for reads in _recording:
        reads.files[str(path)] = state


def folder_listed(folder: Path) -> None:
    if _recording:
        listing = listing_of(folder)
        for reads in _recording:
            reads.folders[str(folder)] = listing


def file_checked(path: Path, present: bool) -> None:
    for reads in _recording:
        reads.present[str(path)] = present
