"""One copy of the companion at a time per journal: an advisory lock held while it is open."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from companion.journal.errors import JournalBusyError
from companion.journal.files import FILE_MODE


class JournalLock:
    """An exclusive ``flock`` on the journal's lock file, released by :meth:`release`.

    The operating system drops the lock when the process ends, however it ends, so a crash
    never leaves the journal locked.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalBusyError() from None
        except BaseException:
            os.close(fd)
            raise
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
