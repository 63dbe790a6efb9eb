"""``afterclass keys check`` as a library call: which sources, which keys, valid or not, how old.

The result holds sources, slots, versions, key ids and ages, never a secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from afterclass.alerts import Alerter
from afterclass.errors import CryptoError, SecretError
from afterclass.privacy.crypto import IdHasher
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.config import SecretsConfig
from afterclass.secrets.data_keys import DataKeyReport, Sources, describe_data_key
from afterclass.secrets.key_file import key_file_path, pepper_bytes, read_key_file
from afterclass.secrets.key_manager import SLOTS, KeyManager, KeyReport
from afterclass.secrets.source import ID_PEPPER, ChainedSource, SecretSource, as_source
from afterclass.secrets.validation import KeyStatus, KeyValidator


@dataclass(frozen=True)
class PepperReport:
    source: str | None
    ok: bool
    note: str


@dataclass(frozen=True)
class KeysCheck:
    sources: list[str]
    openai: list[KeyReport]
    data_key: DataKeyReport
    pepper: PepperReport

    @property
    def ok(self) -> bool:
        """False when a configured key is rejected, or a data key or pepper is unusable."""
        rejected = any(report.status is KeyStatus.REJECTED for report in self.openai)
        return not rejected and self.data_key.ok and self.pepper.ok


def check_keys(
    config: SecretsConfig,
    sources: Sources,
    *,
    validator: KeyValidator | None,
    alerter: Alerter,
    data_dir: Path,
    production: bool,
) -> KeysCheck:
    """Describe every key; with a ``validator``, ask the provider whether the OpenAI keys work."""
    source = as_source(sources)
    return KeysCheck(
        sources=source_names(source),
        openai=_openai(source, validator, alerter, config.rotation()),
        data_key=describe_data_key(config, source, data_dir=data_dir, production=production),
        pepper=_pepper(config, source, data_dir=data_dir, production=production),
    )


def source_names(source: SecretSource) -> list[str]:
    """The names of the sources behind ``source``, in the order they are asked."""
    if isinstance(source, CachedSource):
        return source_names(source.inner)
    if isinstance(source, ChainedSource):
        return [name for inner in source.sources for name in source_names(inner)]
    return [source.name]


def _openai(
    source: SecretSource,
    validator: KeyValidator | None,
    alerter: Alerter,
    rotation: timedelta,
) -> list[KeyReport]:
    if validator is not None:
        manager = KeyManager(
            source, validator=validator, alerter=alerter, rotation_interval=rotation
        )
        try:
            return manager.check()
        except SecretError:
            pass  # none configured, or a source failed: described per slot below
    now = datetime.now(UTC)
    reports = []
    for slot, name in SLOTS.items():
        try:
            value = source.get(name)
        except SecretError as error:
            reports.append(KeyReport(slot, None, None, None, None, str(error)))
            continue
        if value is None:
            reports.append(KeyReport(slot, None, None, None, None, "not configured"))
        else:
            age = value.age(now)
            reports.append(KeyReport(slot, value.source, value.version, age, None, "not validated"))
    return reports


def _pepper(
    config: SecretsConfig, source: SecretSource, *, data_dir: Path, production: bool
) -> PepperReport:
    try:
        configured = source.get(ID_PEPPER)
        key_file = None if configured else read_key_file(key_file_path(data_dir))
    except (SecretError, CryptoError) as error:
        return PepperReport(None, False, str(error))
    if configured is not None:
        try:
            IdHasher(pepper_bytes(configured.value))
        except CryptoError:
            return PepperReport(configured.source, False, "shorter than 16 characters")
        return PepperReport(configured.source, True, "configured")
    variable = config.env_names.id_pepper
    if production:
        return PepperReport(
            None, False, f"not configured: production refuses to start; set {variable}"
        )
    if key_file is not None:
        return PepperReport(str(key_file.path), True, "embedded default")
    return PepperReport(None, True, "none yet: made with the key file on first run")
