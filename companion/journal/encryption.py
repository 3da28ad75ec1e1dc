"""Encryption at rest: turning it on and off, changing the passphrase, unlocking.

An encrypted journal is one SQLCipher database (AES-256 pages with an HMAC each, so the index,
drafts, dates and scores are all inside) opened with a random 32-byte key; the key is sealed
with the patient's passphrase in ``journal.key`` (see :mod:`companion.journal.keys`).

Which kind a journal is, is read from the database file itself: a plain SQLite file starts
with ``SQLite format 3``; an encrypted one starts with random bytes. So every moment of a switch
is one of a few states that :func:`recover` (run under the journal's lock before every open)
puts right, always back to whichever journal ``journal.db`` is at that moment:

1. ``journal.key.new`` is written (the key sealed with the passphrase);
2. ``journal.db.new`` is written next to the journal (encrypted, or plain when turning it off),
   synced, and read back: same version, same counts, integrity checked;
3. the sealed key takes its name ``journal.key`` (turning on);
4. ``journal.db`` gets a second name ``journal.db.old`` (a hard link, no copy);
5. ``journal.db.new`` is renamed over ``journal.db``: the one atomic step;
6. ``journal.db.old`` (the other kind, now) is overwritten with zeros and removed, and so is
   ``journal.key`` when turning off.

A crash before step 5 leaves the old journal whole (a key file beside a plain journal is
stale, and recovery removes it); after it, the new one. Nothing of the patient's is ever written
in the clear except the plain copy of step 2 while turning encryption *off*.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from companion import platform
from companion.journal.errors import JournalError
from companion.journal.files import JournalFiles

if TYPE_CHECKING:
    from companion.journal.keys import JournalKey

# The key file's module and the age format (hashlib, hmac, secrets) are imported where a key is
# made, read or sealed: a plain journal opens without them.

PLAIN_MAGIC = b"SQLite format 3\x00"
CRASH_ENV = "COMPANION_CRASH_AT"
"""Tests set this to a stage's name to have the process killed right there (see :func:`_stage`)."""
ENCRYPT_STAGES = ("key-sealed", "copy-written", "copy-checked", "key-in-place", "old-linked",
                  "swapped", "wiped")  # fmt: skip
DECRYPT_STAGES = ("copy-written", "copy-checked", "old-linked", "swapped", "key-removed")
REKEY_STAGES = ("key-sealed", "key-in-place")
WIPE_CHUNK = 1 << 20
CACHE_KIB = 32 * 1024
PAGE_BYTES = 16384
PAGE_HMAC = "HMAC_SHA256"
SETTINGS = (f"cipher_page_size = {PAGE_BYTES:d}", f"cipher_hmac_algorithm = {PAGE_HMAC}")
"""How this app's encrypted journals are laid out (set on every connection after the key).

SQLCipher 4's defaults are 4 KiB pages, each with an HMAC-SHA512. Every opening authenticates
every page (see :func:`companion.journal.health.check`), and that costs most of the time spent
opening: with 16 KiB pages there are a quarter as many to set up, and HMAC-SHA256 runs on the
SHA instructions of today's processors (AMD since 2017, Intel since about 2019-2021, Apple's).
Together they make the check of the 2,000-run journal about as quick as the plain journal's
``quick_check`` here (see bench/crypt_bench.py). HMAC-SHA256 with a 256-bit key is as strong an
authenticator as the page needs; the pages are still AES-256-CBC with a random IV each.
Journals written with SQLCipher 4's defaults (by an earlier version) still open: see
:func:`connect`.
"""
SEALED_SUFFIX = ".age"
"""A damaged journal set aside earlier is sealed into an age file when encryption turns on."""


def _stage(name: str) -> None:
    """A named point in a switch. When ``$COMPANION_CRASH_AT`` names it, the process dies here
    at once, as a power cut would: the crash-safety tests kill the real command at each stage.
    """
    if os.environ.get(CRASH_ENV) == name:
        for kill in platform.signals_named("SIGKILL"):
            os.kill(os.getpid(), kill)
        os._exit(137)


def _head(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAIN_MAGIC))
    except FileNotFoundError:
        return None


def is_encrypted(files: JournalFiles) -> bool:
    """Is this journal encrypted (so a passphrase is needed to open it)?

    A plain SQLite header means plain, whatever else is there. A journal not started yet (or
    empty) is encrypted when its key file is there. Any other file is encrypted when a key file
    sits beside it (a damaged plain journal without a key is found damaged when opened).
    """
    head = _head(files.db)
    if head is not None and head.startswith(PLAIN_MAGIC):
        return False
    return files.key.exists()


def fsync_folder(folder: Path) -> None:
    """Make renames and removals in ``folder`` durable (see :func:`companion.platform.sync_folder`)."""
    platform.sync_folder(folder)


def wipe(path: Path) -> bool:
    """Overwrite a file with zeros, push that to the disk, then remove it; False if absent.

    On a solid-state disk or a copy-on-write file system the old blocks may survive elsewhere:
    docs/privacy.md says so. This is the most a program can do from inside a file.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if path.is_file() and not path.is_symlink():
        try:
            with path.open("r+b") as handle:
                left = info.st_size
                zeros = bytes(min(WIPE_CHUNK, max(left, 1)))
                while left > 0:
                    left -= handle.write(zeros[: min(left, len(zeros))])
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            pass  # cannot be overwritten (permissions): still removed below
    path.unlink(missing_ok=True)
    return True


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _unname(extra: Path, live: Path) -> bool:
    """Remove ``extra``: just the name when it is a second name of ``live`` (a switch that
    stopped before its swap), else wipe it. False when it was not there."""
    if not extra.exists():
        return False
    if _same(extra, live):
        extra.unlink()
    else:
        wipe(extra)
    return True


def recover(files: JournalFiles) -> bool:
    """Put right what an interrupted switch left; True when anything was removed.

    The caller holds the journal's lock. Whatever ``journal.db`` is now is kept whole.
    """
    changed = False
    for extra, live in zip(
        [files.old_db, *files.side_files(files.old_db)],
        [files.db, *files.side_files()],
        strict=True,
    ):
        changed |= _unname(extra, live)
    if not is_encrypted(files) and files.key.exists():
        changed |= wipe(files.key)
    for leftover in (files.new_key, files.new_db, *files.side_files(files.new_db)):
        changed |= wipe(leftover)
    if changed:
        fsync_folder(files.folder)
    return changed


def _cipher() -> Any:
    import sqlcipher3.dbapi2 as cipher  # only an encrypted journal pays for loading SQLCipher

    return cipher


def connect(path: Path, key: JournalKey, *, readonly: bool = False, timeout: float = 5.0) -> Any:
    """A connection to an encrypted database (``sqlite3``-like, from ``sqlcipher3``).

    Raises the driver's ``DatabaseError`` ("file is not a database") when the key does not fit
    or the file is damaged. SQLCipher's own log lines are silenced: they would land on the
    patient's screen. A journal that does not open with :data:`SETTINGS` is tried once more
    with SQLCipher 4's defaults, as an earlier version wrote it (reading one page tells).
    """
    error = _cipher().DatabaseError
    try:
        return _connect(path, key, SETTINGS, readonly, timeout)
    except error as first:
        if _has_pages(path):
            try:
                return _connect(path, key, (), readonly, timeout)
            except error:
                pass
        raise first


def _has_pages(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _connect(
    path: Path, key: JournalKey, settings: tuple[str, ...], readonly: bool, timeout: float
) -> Any:
    cipher = _cipher()
    target = f"{path.as_uri()}?mode=ro" if readonly else str(path)
    conn = cipher.connect(
        target, uri=readonly, isolation_level=None, timeout=timeout, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Wiping every freed allocation made a search six times slower, and cannot reach the
        # words Python copies anyway (docs/privacy.md, "in memory"). SQLCipher's keys are wiped.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.execute(key.pragma())  # the raw key: no key derivation at each opening
        for setting in settings:
            conn.execute(f"PRAGMA {setting}")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        # Decrypting a page costs more than reading it: keep up to 32 MiB of pages (a journal of
        # five years is about 13 MiB) so that a second search does not decrypt them again.
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
    except BaseException:
        conn.close()
        raise
    return conn


def unlock(files: JournalFiles, passphrase: str) -> JournalKey:
    """The journal's key, from its key file and the patient's passphrase.

    Raises :class:`~companion.journal.errors.WrongPassphraseError` (nothing changed) or
    :class:`~companion.journal.errors.JournalError`.
    """
    from companion.journal.keys import read_key

    return read_key(files.key, passphrase)


class Counts(NamedTuple):
    """What a copy must hold to be trusted: the schema version and the rows of each table.
    (A named tuple: quicker to make on import than a dataclass, for every opening.)"""

    version: int
    runs: int
    answers: int
    drafts: int
    indexed: int


def _counts(conn: Any) -> Counts:
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return Counts(
        one("PRAGMA user_version"),
        one("SELECT count(*) FROM runs"),
        one("SELECT count(*) FROM answers"),
        one("SELECT count(*) FROM drafts"),
        one("SELECT count(*) FROM answers_fts"),
    )


def _check_copy(conn: Any, expected: Counts) -> None:
    """Read the whole copy back; raise :class:`JournalError` unless it is the journal."""
    try:
        verdict = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
        conn.execute("INSERT INTO answers_fts (answers_fts) VALUES ('integrity-check')")
        found = _counts(conn)
    except Exception as exc:  # noqa: BLE001 - any failure means the copy is not to be trusted
        raise JournalError(f"The new copy of your journal did not read back ({exc}).") from None
    if verdict != ["ok"] or found != expected:
        raise JournalError("The new copy of your journal did not match it; nothing was changed.")


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _export(source: Any, target: Path, target_key: str) -> None:
    """Copy the open database ``source`` into a new file ``target`` keyed with
    ``target_key`` (``''``: plain) through SQLCipher's ``sqlcipher_export``; an encrypted
    copy is laid out as :data:`SETTINGS` say."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    source.execute(f"ATTACH DATABASE ? AS copy KEY {target_key}", (str(target),))
    try:
        if target_key != "''":
            for setting in SETTINGS:
                source.execute(f"PRAGMA copy.{setting}")
        source.execute("SELECT sqlcipher_export('copy')")
        source.execute(f"PRAGMA copy.user_version = {version:d}")
    finally:
        source.execute("DETACH DATABASE copy")
    _sync(target)


def _wal_off(conn: Any, files: JournalFiles) -> None:
    """Bring every page into the database file and leave write-ahead logging, wiping the log.

    The log is given a second name first, so that when SQLite removes it the contents are
    still reachable, to be overwritten.
    """
    row = conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
    if row is not None and int(row[0]) != 0:
        raise JournalError("Your journal is busy; close the companion everywhere and try again.")
    wal, old_wal = files.side_files()[0], files.side_files(files.old_db)[0]
    linked = False
    if wal.exists():
        old_wal.unlink(missing_ok=True)
        os.link(wal, old_wal)
        linked = True
    conn.execute("PRAGMA journal_mode = DELETE")
    if linked:
        wipe(old_wal)


def _swap(files: JournalFiles) -> None:
    """Steps 4-6: the new copy takes the journal's name; the old one is wiped."""
    had_old = files.db.exists()
    if had_old:
        os.link(files.db, files.old_db)
        _stage("old-linked")
    os.replace(files.new_db, files.db)
    fsync_folder(files.folder)
    _stage("swapped")
    if had_old:
        wipe(files.old_db)
    for side in files.side_files(files.old_db):
        wipe(side)


def _seal_damaged(files: JournalFiles, passphrase: str) -> None:
    """Damaged journals set aside earlier hold the patient's words in the clear: seal each
    into an age file with the same passphrase (``age -d`` opens it), then wipe the original."""
    from companion.journal import age
    from companion.journal.keys import KEY_WORK, write_private

    for path in files.damaged_copies():
        if path.name.endswith(SEALED_SUFFIX) or not path.is_file():
            continue
        sealed = path.with_name(path.name + SEALED_SUFFIX)
        sealed.unlink(missing_ok=True)
        write_private(
            sealed, age.encrypt(path.read_bytes(), age.passphrase_bytes(passphrase), KEY_WORK)
        )
        fsync_folder(files.folder)
        wipe(path)


Opener = Callable[[JournalFiles, "JournalKey | None"], tuple[Any, list[str]]]


def encrypt(files: JournalFiles, passphrase: str, opener: Opener) -> list[str]:
    """Turn encryption on (the caller holds the lock and has run :func:`recover`).

    ``opener`` opens, checks and migrates the plain journal (or starts one); what it had to tell
    the patient is returned.
    """
    from companion.journal.keys import JournalKey, write_private

    if is_encrypted(files):
        raise JournalError("Your journal is already encrypted.")
    key = JournalKey.fresh()
    try:
        write_private(files.new_key, key.seal(passphrase))
        fsync_folder(files.folder)
        _stage("key-sealed")
        plain, notices = opener(files, None)
        try:
            expected = _counts(plain)
            _wal_off(plain, files)
        finally:
            plain.close()
        source = _cipher().connect(str(files.db), isolation_level=None)
        try:
            source.execute("PRAGMA cipher_log_level = NONE")
            _export(source, files.new_db, key.literal())
        finally:
            source.close()
        _stage("copy-written")
        check = connect(files.new_db, key)
        try:
            _check_copy(check, expected)
        finally:
            check.close()
        _stage("copy-checked")
        _seal_damaged(files, passphrase)
        os.replace(files.new_key, files.key)
        fsync_folder(files.folder)
        _stage("key-in-place")
        _swap(files)
        fsync_folder(files.folder)
        _stage("wiped")
    finally:
        key.wipe()
    return notices


def decrypt(files: JournalFiles, key: JournalKey, opener: Opener) -> list[str]:
    """Turn encryption off (the caller holds the lock, has run :func:`recover` and unlocked)."""
    if not is_encrypted(files):
        raise JournalError("Your journal is not encrypted.")
    source, notices = opener(files, key)
    try:
        expected = _counts(source)
        _wal_off(source, files)
        _export(source, files.new_db, "''")
    finally:
        source.close()
    _stage("copy-written")
    check = sqlite3.connect(files.new_db, isolation_level=None)
    try:
        _check_copy(check, expected)
    finally:
        check.close()
    _stage("copy-checked")
    _swap(files)
    wipe(files.key)
    fsync_folder(files.folder)
    _stage("key-removed")
    return notices


def change_passphrase(files: JournalFiles, key: JournalKey, passphrase: str) -> None:
    """Seal the same key with a new passphrase; the journal itself is not rewritten."""
    from companion.journal.keys import write_private

    write_private(files.new_key, key.seal(passphrase))
    _stage("key-sealed")
    os.replace(files.new_key, files.key)
    fsync_folder(files.folder)
    _stage("key-in-place")
