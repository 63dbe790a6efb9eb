"""The data-encryption keys and the id pepper, from the configured sources or the key file.

``STUDENT_DATA_ENCRYPTION_KEY`` (or the vault's ``encryption_key``) is the write key; older
versions stay in the keyring for reading: the vault's other enabled versions, the
``STUDENT_DATA_ENCRYPTION_OLD_KEYS`` list, and the keys of a key file left by the embedded
default. With nothing configured, development creates the key file in the data folder
(mode 0600) and logs that it did; production refuses to start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from afterclass.errors import ConfigError, CryptoError
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring, parse_key_b64
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.config import SecretsConfig
from afterclass.secrets.key_file import (
    add_key,
    create_key_file,
    key_file_path,
    pepper_bytes,
    read_key_file,
)
from afterclass.secrets.source import (
    ENCRYPTION_KEY,
    ID_PEPPER,
    SecretSource,
    SecretValue,
    as_source,
)

logger = logging.getLogger(__name__)

Sources = SecretSource | Sequence[SecretSource]


@dataclass(frozen=True)
class DataKeyReport:
    """What ``afterclass keys check`` shows about the data key; it holds no secret."""

    source: str | None
    write_key_id: str | None
    version: str | None
    age: timedelta | None
    readable_keys: int
    ok: bool
    note: str


def load_keyring(
    config: SecretsConfig, sources: Sources, *, data_dir: Path, production: bool
) -> Keyring:
    """The keyring: the configured key writes, older versions read.

    Raises ConfigError in production without a configured key, CryptoError for a malformed key.
    """
    keys = _configured_keys(config, as_source(sources), data_dir)
    if keys is not None:
        return Keyring(keys)
    if production:
        raise ConfigError(
            f"production needs a configured data-encryption key: set "
            f"{config.env_names.encryption_key} (or encryption_key in the vault) to 32 random "
            "bytes in base64; `afterclass keys new` prints one"
        )
    key_file = read_key_file(key_file_path(data_dir)) or create_key_file(key_file_path(data_dir))
    return Keyring(key_file.data_keys)


def load_id_hasher(
    config: SecretsConfig, sources: Sources, *, data_dir: Path, production: bool
) -> IdHasher:
    """The keyed hash of student ids, peppered by AFTERCLASS_ID_PEPPER (or the key file).

    The pepper must never change once ids are stored: every stored hash depends on it.
    """
    configured = as_source(sources).get(ID_PEPPER)
    if configured is not None:
        try:
            return IdHasher(pepper_bytes(configured.value))
        except CryptoError:
            raise CryptoError(
                f"{config.env_names.id_pepper} (from {configured.source}) is shorter than 16 "
                "characters; use `afterclass keys new` to make one"
            ) from None
    if production:
        raise ConfigError(
            f"production needs a configured id pepper: set {config.env_names.id_pepper} "
            "(or id_pepper in the vault); `afterclass keys new` prints one"
        )
    key_file = read_key_file(key_file_path(data_dir)) or create_key_file(key_file_path(data_dir))
    return IdHasher(pepper_bytes(key_file.id_pepper))


def rotate_local_key(data_dir: Path) -> DataKey:
    """Add a new newest key to the key file in ``data_dir``; older keys stay for reading."""
    return add_key(key_file_path(data_dir)).key


def rotate_data_key(
    config: SecretsConfig, sources: Sources, *, data_dir: Path, production: bool
) -> Keyring:
    """The keyring to re-encrypt to: the vault's (or environment's) newest key, re-read now;
    with no configured key (development), a new key added to the key file."""
    source = as_source(sources)
    if isinstance(source, CachedSource):
        source.refresh()
    if source.get(ENCRYPTION_KEY) is None and not production:
        rotate_local_key(data_dir)
    return load_keyring(config, source, data_dir=data_dir, production=production)


def describe_data_key(
    config: SecretsConfig, sources: Sources, *, data_dir: Path, production: bool
) -> DataKeyReport:
    """Where the data key comes from and whether it is usable; creates nothing."""
    source = as_source(sources)
    now = datetime.now(UTC)
    try:
        current = source.get(ENCRYPTION_KEY)
        if current is not None:
            keys = _with_history(config, source, current, data_dir)
            return DataKeyReport(
                current.source,
                keys[-1].key_id,
                current.version,
                current.age(now),
                len(keys),
                ok=True,
                note="configured",
            )
        key_file = read_key_file(key_file_path(data_dir))
    except (CryptoError, ConfigError) as error:
        return DataKeyReport(None, None, None, None, 0, ok=False, note=str(error))
    if key_file is not None:
        newest = key_file.keys[-1]
        note = "production needs a configured key" if production else "embedded default"
        return DataKeyReport(
            str(key_file.path),
            newest.key.key_id,
            None,
            now - newest.created_at,
            len(key_file.keys),
            ok=not production,
            note=note,
        )
    if production:
        note = f"not configured: production refuses to start; set {config.env_names.encryption_key}"
        return DataKeyReport(None, None, None, None, 0, ok=False, note=note)
    note = "none yet: a key file is made in the data folder on first run"
    return DataKeyReport(None, None, None, None, 0, ok=True, note=note)


def _configured_keys(
    config: SecretsConfig, source: SecretSource, data_dir: Path
) -> list[DataKey] | None:
    current = source.get(ENCRYPTION_KEY)
    return None if current is None else _with_history(config, source, current, data_dir)


def _with_history(
    config: SecretsConfig, source: SecretSource, current: SecretValue, data_dir: Path
) -> list[DataKey]:
    name = config.env_names.encryption_key
    keys = [_parse(value, name) for value in source.history(ENCRYPTION_KEY)]
    key_file = read_key_file(key_file_path(data_dir))
    if key_file is not None:
        logger.info(
            "the key file %s stays readable beside the configured key (%d keys)",
            key_file.path,
            len(key_file.keys),
        )
        keys = key_file.data_keys + keys
    write_key = _parse(current, name)
    older = {key.key_id: key for key in keys if key.key_id != write_key.key_id}
    return [*older.values(), write_key]


def _parse(value: SecretValue, name: str) -> DataKey:
    version = f", version {value.version}" if value.version else ""
    return parse_key_b64(value.value, name=f"{name} (from {value.source}{version})")
