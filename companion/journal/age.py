"""The age file format (age-encryption.org/v1) with a passphrase (its ``scrypt`` recipient).

Used twice: the journal's key file holds the database key as a small age file, and
``companion export --encrypt`` writes an age file. Anyone can decrypt either with the standard
``age`` tool (``age -d FILE``, which asks for the passphrase), with ``rage``, or with
``companion decrypt-export``; docs/privacy.md says how.

The format, in short (the full specification is at age-encryption.org/v1):

- A text header: ``age-encryption.org/v1``, one ``-> scrypt SALT LOG2N`` stanza whose body is
  the 16-byte file key sealed with ChaCha20-Poly1305 under
  ``scrypt(passphrase, "age-encryption.org/v1/scrypt" + SALT, N=2**LOG2N, r=8, p=1)``, and a
  ``--- MAC`` line: HMAC-SHA256 of the header under ``HKDF-SHA256(file key, info="header")``.
- A binary payload: a 16-byte nonce, then the plain text in 64 KiB chunks, each sealed with
  ChaCha20-Poly1305 under ``HKDF-SHA256(file key, salt=nonce, info="payload")`` with an 11-byte
  counter and a last-chunk flag as its nonce.

Nothing here touches a file: bytes in, bytes out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

INTRO = b"age-encryption.org/v1\n"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
CHUNK = 64 * 1024
TAG = 16
EXPORT_WORK = 18
"""log2 of scrypt's N for exports: age's own default (256 MiB of memory, about a second)."""
MAX_WORK = 20
"""The largest work factor accepted when decrypting (1 GiB of memory): more is refused."""
R, P = 8, 1


class AgeError(Exception):
    """The file is not an age file this module can read, or it was changed."""


class WrongPassphrase(AgeError):
    """The passphrase does not open this file."""


def passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as age sees it: UTF-8 of its NFC form (the same letters typed on any
    keyboard give the same bytes)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    if b"=" in text or b"\r" in text:
        raise AgeError("not canonical base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError as exc:
        raise AgeError("not base64") from exc
    if _b64(data) != text:
        raise AgeError("not canonical base64")
    return data


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869) for one 32-byte output block."""
    prk = hmac.digest(salt or bytes(32), ikm, "sha256")
    return hmac.digest(prk, info + b"\x01", "sha256")


def stretch(passphrase: bytes, salt: bytes, work: int) -> bytes:
    """scrypt with age's parameters: N = 2**work, r = 8, p = 1, 32 bytes out."""
    n = 1 << work
    return hashlib.scrypt(
        passphrase,
        salt=SCRYPT_LABEL + salt,
        n=n,
        r=R,
        p=P,
        maxmem=130 * R * n + (1 << 20),
        dklen=32,
    )


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def encrypt(plain: bytes, passphrase: bytes, work: int | None = None) -> bytes:
    """``plain`` as an age file that ``passphrase`` opens, stretched with scrypt at N = 2**work
    (:data:`EXPORT_WORK` unless said otherwise, read when called)."""
    work = EXPORT_WORK if work is None else work
    # Imported here: every start opens the journal, which imports this module, and loading
    # the cryptography package costs ~15-25 ms that only sealing and unsealing need.
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    file_key = os.urandom(16)
    salt = os.urandom(16)
    wrapped = ChaCha20Poly1305(stretch(passphrase, salt, work)).encrypt(bytes(12), file_key, None)
    header = INTRO + b"-> scrypt " + _b64(salt) + b" " + str(work).encode() + b"\n"
    header += _b64(wrapped) + b"\n---"
    mac = hmac.digest(_hkdf(file_key, b"", b"header"), header, "sha256")
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    out = [header, b" ", _b64(mac), b"\n", nonce]
    count = max(1, -(-len(plain) // CHUNK))
    for index in range(count):
        piece = plain[index * CHUNK : (index + 1) * CHUNK]
        out.append(aead.encrypt(_nonce(index, index == count - 1), piece, None))
    return b"".join(out)


def _line(data: bytes, start: int) -> tuple[bytes, int]:
    end = data.find(b"\n", start)
    if end < 0:
        raise AgeError("the header ends too soon")
    return data[start:end], end + 1


def decrypt(data: bytes, passphrase: bytes, max_work: int = MAX_WORK) -> bytes:
    """The plain text of an age file sealed with ``passphrase``.

    Raises :class:`WrongPassphrase` when the passphrase does not open it, :class:`AgeError`
    when the file is not an age passphrase file or was changed.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    if not data.startswith(INTRO):
        raise AgeError("not an age file")
    line, pos = _line(data, len(INTRO))
    parts = line.split(b" ")
    if len(parts) != 4 or parts[:2] != [b"->", b"scrypt"]:
        raise AgeError("not an age file sealed with a passphrase")
    salt = _unb64(parts[2])
    if len(salt) != 16 or not parts[3].isdigit() or parts[3].startswith(b"0"):
        raise AgeError("a damaged scrypt stanza")
    work = int(parts[3])
    if work > max_work:
        raise AgeError(f"its work factor ({work}) is more than this computer is asked to do")
    body, pos = _line(data, pos)
    wrapped = _unb64(body)
    if len(wrapped) != 32:
        raise AgeError("a damaged scrypt stanza")
    mac_line, pos = _line(data, pos)
    if not mac_line.startswith(b"--- "):
        raise AgeError("only one passphrase stanza is allowed")
    header_end = pos - len(mac_line) - 1 + 3
    try:
        file_key = ChaCha20Poly1305(stretch(passphrase, salt, work)).decrypt(
            bytes(12), wrapped, None
        )
    except InvalidTag:
        raise WrongPassphrase("the passphrase does not open this file") from None
    mac = hmac.digest(_hkdf(file_key, b"", b"header"), data[:header_end], "sha256")
    if not hmac.compare_digest(mac, _unb64(mac_line[4:])):
        raise AgeError("the header was changed")
    nonce, pos = data[pos : pos + 16], pos + 16
    if len(nonce) != 16:
        raise AgeError("the file ends too soon")
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    sealed = data[pos:]
    size = CHUNK + TAG
    count = max(1, -(-len(sealed) // size))
    out = []
    for index in range(count):
        piece = sealed[index * size : (index + 1) * size]
        last = index == count - 1
        try:
            plain = aead.decrypt(_nonce(index, last), piece, None)
        except InvalidTag:
            raise AgeError("the file was changed or cut short") from None
        if last and not plain and index > 0:
            raise AgeError("the file ends with an empty chunk")
        out.append(plain)
    return b"".join(out)
