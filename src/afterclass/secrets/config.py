"""Where secrets come from, in the seed's shape (``key_vault_config`` / ``secrets_manager``).

Built once by ``load_secrets_config(os.environ)`` and handed down. A YAML file named by
``AFTERCLASS_SECRETS_FILE`` may hold the seed's blocks; single environment variables override
it (docs/secrets.md lists them all)::

    key_vault_config:
      vault_name: "ai-tutor-vault"
      key_references:
        openai_api_key: "https://ai-tutor-vault.vault.azure.net/secrets/openai-o3-key"
        encryption_key: "https://ai-tutor-vault.vault.azure.net/secrets/data-encryption-key"
    secrets_manager:
      region: "us-east-1"
      secret_name: "ai-tutor/openai-keys"
      rotation_enabled: true
      rotation_interval: 30_days
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from afterclass.errors import ConfigError
from afterclass.secrets.source import SECRET_NAMES

_DAYS = re.compile(r"^\s*(\d+)\s*[_ ]?\s*(d|days?)?\s*$", re.IGNORECASE)


def _days(value: object) -> object:
    """Accept 30, "30", "30d", "30 days" and the seed's ``30_days``."""
    if isinstance(value, str):
        match = _DAYS.match(value)
        if match is None:
            raise ValueError(f"{value!r} is not a number of days; write e.g. 30 or 30_days")
        return int(match.group(1))
    return value


Days = Annotated[int, BeforeValidator(_days), Field(ge=1)]


class EnvNames(BaseModel):
    """The environment variables (and AWS JSON keys) that hold each secret."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    openai_api_key: str = "OPENAI_API_KEY"
    openai_backup_api_key: str = "OPENAI_BACKUP_API_KEY"
    encryption_key: str = "STUDENT_DATA_ENCRYPTION_KEY"
    encryption_old_keys: str = "STUDENT_DATA_ENCRYPTION_OLD_KEYS"
    id_pepper: str = "AFTERCLASS_ID_PEPPER"

    def of(self, name: str) -> str:
        """The variable name for logical secret ``name``."""
        if name not in SECRET_NAMES:
            raise ConfigError(
                f"unknown secret {name!r}; afterclass reads {', '.join(SECRET_NAMES)}"
            )
        return str(getattr(self, name))


class SecretRef(BaseModel):
    """One secret in a Key Vault: its name and, optionally, a pinned version."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str | None = None


class KeyVaultConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    vault_name: str | None = None
    vault_url: str | None = None
    """Defaults to ``https://{vault_name}.vault.azure.net``."""
    key_references: dict[str, str] = Field(default_factory=dict)
    """Logical secret name -> secret URL (``https://VAULT.vault.azure.net/secrets/NAME[/VERSION]``)
    or bare secret name. Unlisted secrets use their logical name with dashes (openai-api-key)."""

    def base_url(self) -> str:
        if self.vault_url:
            return self.vault_url.rstrip("/")
        if self.vault_name:
            return f"https://{self.vault_name}.vault.azure.net"
        raise ConfigError(
            "key_vault_config needs vault_name or vault_url (AFTERCLASS_KEY_VAULT_NAME / _URL)"
        )

    def reference(self, name: str) -> SecretRef:
        """Where logical secret ``name`` lives in this vault."""
        text = self.key_references.get(name)
        if text is None:
            return SecretRef(name=name.replace("_", "-"))
        if "://" not in text:
            return SecretRef(name=text)
        parsed, vault = urlparse(text), urlparse(self.base_url())
        parts = [part for part in parsed.path.split("/") if part]
        if parsed.netloc.lower() != vault.netloc.lower() or len(parts) not in (2, 3):
            raise ConfigError(
                f"key_references.{name} = {text!r} is not a secret of vault {self.base_url()}; "
                "write https://VAULT.vault.azure.net/secrets/NAME[/VERSION] for this vault"
            )
        return SecretRef(name=parts[1], version=parts[2] if len(parts) == 3 else None)


class SecretsManagerConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str
    secret_name: str
    rotation_enabled: bool = False
    rotation_interval: Days | None = None
    endpoint_url: str | None = None
    """Another endpoint than AWS's (a local test server, a VPC endpoint)."""


class SecretsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Literal["env", "azure", "aws"] = "env"
    env_file: Path | None = Path(".env")
    """Read in development only, and only if it exists; the process environment wins over it."""
    env_names: EnvNames = Field(default_factory=EnvNames)
    key_vault_config: KeyVaultConfig | None = None
    secrets_manager: SecretsManagerConfig | None = None
    rotation_interval: Days = 30
    """Days after which keys are re-validated, and a key older than this raises an alert."""
    cache_ttl_seconds: Annotated[float, Field(ge=0)] = 300.0
    """How long a secret read from a source is reused before it is read again."""
    openai_base_url: str | None = None
    """Where keys are validated (``models.list``); default: OPENAI_BASE_URL, else OpenAI's."""
    validation_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0

    def rotation(self) -> timedelta:
        """The rotation interval; ``secrets_manager.rotation_interval`` wins when set."""
        days = self.rotation_interval
        if self.secrets_manager and self.secrets_manager.rotation_interval:
            days = self.secrets_manager.rotation_interval
        return timedelta(days=days)


SECRETS_FILE_VARIABLE = "AFTERCLASS_SECRETS_FILE"
SECRETS_ENV_VARIABLES: dict[str, tuple[str, ...]] = {
    "AFTERCLASS_SECRETS_SOURCE": ("source",),
    "AFTERCLASS_ENV_FILE": ("env_file",),
    "AFTERCLASS_KEY_ROTATION_DAYS": ("rotation_interval",),
    "AFTERCLASS_SECRETS_CACHE_TTL": ("cache_ttl_seconds",),
    "AFTERCLASS_OPENAI_BASE_URL": ("openai_base_url",),
    "AFTERCLASS_KEY_VAULT_NAME": ("key_vault_config", "vault_name"),
    "AFTERCLASS_KEY_VAULT_URL": ("key_vault_config", "vault_url"),
    "AFTERCLASS_AWS_REGION": ("secrets_manager", "region"),
    "AFTERCLASS_AWS_SECRET_NAME": ("secrets_manager", "secret_name"),
    "AFTERCLASS_AWS_ENDPOINT_URL": ("secrets_manager", "endpoint_url"),
}


def load_secrets_config(env: Mapping[str, str]) -> SecretsConfig:
    """The secrets configuration from ``env`` (and the YAML file it may name).

    The source defaults to ``azure`` when a vault is configured, ``aws`` when a secret name is,
    else ``env``. Raises ConfigError naming the setting and what it accepts.
    """
    data = _read_file(env.get(SECRETS_FILE_VARIABLE))
    for variable, path in SECRETS_ENV_VARIABLES.items():
        value = env.get(variable)
        if value is None or (not value and path != ("env_file",)):
            continue
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"{part} in AFTERCLASS_SECRETS_FILE must be a mapping")
        target[path[-1]] = value if value or path != ("env_file",) else None
    sm = data.get("secrets_manager")
    if isinstance(sm, dict) and "region" not in sm:
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        if region:
            sm["region"] = region
    if "source" not in data:
        data["source"] = "azure" if data.get("key_vault_config") else "aws" if sm else "env"
    try:
        config = SecretsConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"invalid secrets configuration: {problems}") from None
    _check_complete(config)
    return config


def _read_file(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(
            f"AFTERCLASS_SECRETS_FILE={path!r} cannot be read ({error.strerror}); fix the path"
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"AFTERCLASS_SECRETS_FILE={path!r} is not valid YAML: {error}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(
            f"AFTERCLASS_SECRETS_FILE={path!r} must hold a mapping with key_vault_config "
            "and/or secrets_manager"
        )
    return loaded


def _check_complete(config: SecretsConfig) -> None:
    if config.source == "azure":
        if config.key_vault_config is None:
            raise ConfigError(
                "secrets source 'azure' needs key_vault_config; set AFTERCLASS_KEY_VAULT_NAME"
            )
        config.key_vault_config.base_url()
        for name in config.key_vault_config.key_references:
            if name not in SECRET_NAMES:
                raise ConfigError(
                    f"key_vault_config.key_references has unknown secret {name!r}; "
                    f"use {', '.join(SECRET_NAMES)}"
                )
            config.key_vault_config.reference(name)
    if config.source == "aws" and config.secrets_manager is None:
        raise ConfigError(
            "secrets source 'aws' needs secrets_manager; set AFTERCLASS_AWS_REGION and "
            "AFTERCLASS_AWS_SECRET_NAME"
        )
