"""The embedded default's key file: ``keys.json`` in the data folder, mode 0600.

It holds the data-encryption keys (newest last; older ones stay for reading) and the id pepper::

    {"format": 1,
     "keys": [{"key_id": "3f2a...", "key": "<base64>", "created_at": "2025-01-01T00:00:00+00:00"}],
     "id_pepper": "<base64>"}

Writes go to a temporary file in the same folder that is then linked or renamed into place, so a
crash never leaves half a file, and two processes starting at once end up with the same keys.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from afterclass.errors import CryptoError
from afterclass.privacy.crypto import DataKey, new_key_b64, parse_key_b64

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "keys.json"
FORMAT = 1


@dataclass(frozen=True)
class StoredKey:
    key: DataKey
    created_at: datetime


@dataclass(frozen=True)
class KeyFile:
    path: Path
    keys: tuple[StoredKey, ...]
    id_pepper: str = field(repr=False)

    @property
    def data_keys(self) -> list[DataKey]:
        return [stored.key for stored in self.keys]


def key_file_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE_NAME


def read_key_file(path: Path) -> KeyFile | None:
    """The key file at ``path``, or None when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CryptoError(
            f"the key file {path} cannot be read ({error.strerror}); fix its owner or mode (0600)"
        ) from None
    _warn_if_open(path)
    return _parse(path, text)


def create_key_file(path: Path) -> KeyFile:
    """A new key file with one key and a pepper; if another process made one first, that one."""
    now = datetime.now(UTC)
    document = {
        "format": FORMAT,
        "keys": [_entry(new_key_b64(), now)],
        "id_pepper": new_key_b64(),
    }
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = _write_private(path, document)
    try:
        os.link(temporary, path)
    except FileExistsError:
        existing = read_key_file(path)
        if existing is None:
            raise CryptoError(f"the key file {path} vanished while being created; retry") from None
        return existing
    finally:
        temporary.unlink(missing_ok=True)
    logger.warning(
        "created a new data-encryption key file at %s (mode 0600). Back it up: without it the "
        "stored data cannot be read. In production set STUDENT_DATA_ENCRYPTION_KEY instead.",
        path,
    )
    created = read_key_file(path)
    if created is None:
        raise CryptoError(f"the key file {path} vanished after being created; retry")
    return created


def add_key(path: Path) -> StoredKey:
    """Append a new newest key to the key file (creating the file if there is none)."""
    current = read_key_file(path)
    if current is None:
        return create_key_file(path).keys[-1]
    now = datetime.now(UTC)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["keys"].append(_entry(new_key_b64(), now))
    temporary = _write_private(path, document)
    temporary.replace(path)
    updated = read_key_file(path)
    if updated is None:
        raise CryptoError(f"the key file {path} vanished during rotation; restore it from backup")
    logger.warning(
        "added data-encryption key %s to %s; older keys stay for reading until "
        "`afterclass keys rotate` has re-encrypted everything",
        updated.keys[-1].key.key_id,
        path,
    )
    return updated.keys[-1]


def _entry(key_b64: str, created_at: datetime) -> dict[str, str]:
    return {
        "key_id": parse_key_b64(key_b64).key_id,
        "key": key_b64,
        "created_at": created_at.isoformat(),
    }


def _write_private(path: Path, document: dict[str, Any]) -> Path:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    return temporary


def _parse(path: Path, text: str) -> KeyFile:
    broken = f"the key file {path} is damaged"
    advice = "restore it from backup (data written with its keys cannot be read without them)"
    try:
        document = json.loads(text)
        entries = document["keys"]
        pepper = document["id_pepper"]
        if not isinstance(entries, list) or not entries or not isinstance(pepper, str):
            raise TypeError("keys must be a non-empty list and id_pepper a string")
        keys = tuple(
            StoredKey(
                parse_key_b64(entry["key"], name=f"a key in {path}"),
                datetime.fromisoformat(entry["created_at"]),
            )
            for entry in entries
        )
    except CryptoError as error:
        raise CryptoError(f"{broken}: {error}; {advice}") from None
    except (ValueError, KeyError, TypeError) as error:
        reason = (
            "not valid JSON"
            if isinstance(error, json.JSONDecodeError)
            else f"no {error} entry"
            if isinstance(error, KeyError)
            else str(error)
        )
        raise CryptoError(f"{broken} ({reason}); {advice}") from None
    return KeyFile(path, keys, pepper)


def _warn_if_open(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning(
            "the key file %s can be read by other users (mode %o); run: chmod 600 %s",
            path,
            mode,
            path,
        )


def pepper_bytes(text: str) -> bytes:
    """The pepper as used by IdHasher: the configured text's UTF-8 bytes, as written."""
    return text.encode("utf-8")
