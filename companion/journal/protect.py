"""The passphrase's part in the journal, for the commands and the app: is one needed, unlock,
turn encryption on or off, change the passphrase. Each switch holds the journal's lock (no
other copy of the companion may have it open) and puts right an interrupted one first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, TypeVar

from companion import paths
from companion.journal import encryption
from companion.journal.files import JournalFiles, private_umask
from companion.journal.lock import JournalLock
from companion.journal.opening import journal_files, open_locked, private_folder

if TYPE_CHECKING:
    from companion.journal.keys import JournalKey

T = TypeVar("T")


def needs_passphrase(locations: paths.Locations | None = None) -> bool:
    """Is the journal encrypted? (Nothing is created or changed.)"""
    return encryption.is_encrypted(journal_files(locations))


def unlock(passphrase: str, locations: paths.Locations | None = None) -> JournalKey:
    """The journal's key; :class:`~companion.journal.errors.WrongPassphraseError` if the
    passphrase does not open it. Give it to :func:`~companion.journal.opening.open_journal`,
    then :meth:`~companion.journal.keys.JournalKey.wipe` it."""
    return encryption.unlock(journal_files(locations), passphrase)


@contextmanager
def _locked(locations: paths.Locations | None) -> Iterator[JournalFiles]:
    files = private_folder(locations)
    with private_umask():
        lock = JournalLock(files.lock)
        try:
            encryption.recover(files)
            yield files
        except BaseException:
            # A switch that failed part way (a full disk, say): back to the journal in place
            # now, at once rather than at the next start.
            with suppress(OSError):
                encryption.recover(files)
            raise
        finally:
            lock.release()


def _with_key(files: JournalFiles, passphrase: str, action: Callable[[JournalKey], T]) -> T:
    key = encryption.unlock(files, passphrase)
    try:
        return action(key)
    finally:
        key.wipe()


def turn_on(passphrase: str, locations: paths.Locations | None = None) -> list[str]:
    """Encrypt the journal with a new random key sealed by ``passphrase`` (a journal not
    started yet is started encrypted). Returns what the patient should be told."""
    with _locked(locations) as files:
        return encryption.encrypt(files, passphrase, open_locked)


def turn_off(passphrase: str, locations: paths.Locations | None = None) -> list[str]:
    """Decrypt the journal, after the passphrase; a wrong one changes nothing."""
    with _locked(locations) as files:
        return _with_key(files, passphrase, lambda key: encryption.decrypt(files, key, open_locked))


def change_passphrase(old: str, new: str, locations: paths.Locations | None = None) -> None:
    """Seal the journal's key with ``new`` instead of ``old``; the journal is not rewritten."""
    with _locked(locations) as files:
        _with_key(files, old, lambda key: encryption.change_passphrase(files, key, new))
