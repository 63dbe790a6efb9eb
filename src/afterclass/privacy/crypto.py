"""Encryption of stored fields (AES-256-GCM) and keyed hashing of identifiers (HMAC-SHA256).

A ciphertext carries the id of the key that wrote it, so keys can rotate: new writes use the
newest key, older records stay readable while their key is still in the keyring, and
``afterclass keys rotate`` re-encrypts them. Layout of one blob::

    b"AC1" | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext + GCM tag

The associated data binds a blob to its purpose (e.g. ``b"session.transcript"``): a blob copied
into another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from afterclass.errors import CryptoError

MAGIC = b"AC1"
NONCE_BYTES = 12
KEY_BYTES = 32


@dataclass(frozen=True)
class DataKey:
    """One AES-256 key. ``key_id`` is derived from the key: the same key, the same id."""

    secret: bytes = field(repr=False)
    key_id: str = ""

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise CryptoError(
                f"an encryption key must be {KEY_BYTES} bytes, this one is {len(self.secret)}; "
                "create one with `afterclass keys new`"
            )
        if not self.key_id:
            object.__setattr__(self, "key_id", key_fingerprint(self.secret))

    def __repr__(self) -> str:
        return f"DataKey(key_id={self.key_id!r})"


def key_fingerprint(secret: bytes) -> str:
    """A short public id for a key that reveals nothing about it."""
    return hmac.new(secret, b"afterclass key id", hashlib.sha256).hexdigest()[:12]


def new_key_b64() -> str:
    """32 random bytes, base64: the format of STUDENT_DATA_ENCRYPTION_KEY."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key_b64(text: str, *, name: str = "STUDENT_DATA_ENCRYPTION_KEY") -> DataKey:
    try:
        secret = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError(
            f"{name} is not valid base64; it must be 32 random bytes in base64 "
            "(`afterclass keys new` prints one)"
        ) from None
    if len(secret) != KEY_BYTES:
        raise CryptoError(
            f"{name} decodes to {len(secret)} bytes; it must be {KEY_BYTES} "
            "(`afterclass keys new` prints one)"
        )
    return DataKey(secret)


class Keyring:
    """The keys that may decrypt, the newest of which encrypts."""

    def __init__(self, keys: Sequence[DataKey]):
        if not keys:
            raise CryptoError("no encryption key is configured; set STUDENT_DATA_ENCRYPTION_KEY")
        self._keys = {key.key_id: key for key in keys}
        self.write_key = keys[-1]

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def encrypt(self, plaintext: bytes, purpose: bytes) -> bytes:
        key_id = self.write_key.key_id.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.write_key.secret).encrypt(nonce, plaintext, purpose)
        return MAGIC + bytes([len(key_id)]) + key_id + nonce + sealed

    def decrypt(self, blob: bytes, purpose: bytes) -> bytes:
        key_id, nonce, sealed = _split(blob)
        key = self._keys.get(key_id)
        if key is None:
            raise CryptoError(
                f"a stored record was encrypted with key {key_id!r}, which is not configured; "
                "add that key (e.g. to STUDENT_DATA_ENCRYPTION_OLD_KEYS) to read it"
            )
        try:
            return AESGCM(key.secret).decrypt(nonce, sealed, purpose)
        except InvalidTag:
            raise CryptoError(
                f"a stored record under key {key_id!r} failed its integrity check "
                f"(purpose {purpose.decode(errors='replace')!r}); it was altered or misplaced"
            ) from None

    def key_id_of(self, blob: bytes) -> str:
        return _split(blob)[0]

    def needs_rotation(self, blob: bytes) -> bool:
        return self.key_id_of(blob) != self.write_key.key_id


def _split(blob: bytes) -> tuple[str, bytes, bytes]:
    if len(blob) < len(MAGIC) + 2 + NONCE_BYTES + 16 or not blob.startswith(MAGIC):
        raise CryptoError("a stored record is not an afterclass ciphertext; the data is corrupt")
    length = blob[len(MAGIC)]
    start = len(MAGIC) + 1
    key_id = blob[start : start + length].decode("ascii", errors="replace")
    nonce = blob[start + length : start + length + NONCE_BYTES]
    return key_id, nonce, blob[start + length + NONCE_BYTES :]


@dataclass(frozen=True)
class IdHasher:
    """HMAC-SHA256 of ids with a secret pepper: stable, and not reversible by enumeration."""

    pepper: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.pepper) < 16:
            raise CryptoError(
                "the id pepper must be at least 16 bytes; `afterclass keys new` makes one"
            )

    def hash(self, identifier: str) -> str:
        return hmac.new(self.pepper, identifier.encode("utf-8"), hashlib.sha256).hexdigest()
