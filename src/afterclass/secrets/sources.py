"""The sources a configuration asks for, built in one place.

A vault (Azure or AWS), when configured, is asked first; the environment fills in what the
vault does not hold (e.g. ``AFTERCLASS_ID_PEPPER`` set by the deployment). The ``.env`` file is
read in development only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from afterclass.secrets.aws import AwsSecretsManagerSource
from afterclass.secrets.cache import CachedSource, ChangeListener
from afterclass.secrets.config import SecretsConfig
from afterclass.secrets.env import EnvSource
from afterclass.secrets.keyvault import AzureKeyVaultSource
from afterclass.secrets.source import ChainedSource, SecretSource

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential


def build_sources(
    config: SecretsConfig,
    env: Mapping[str, str],
    *,
    production: bool,
    azure_credential: TokenCredential | None = None,
    aws_client: Any = None,
    azure_options: Mapping[str, Any] | None = None,
) -> list[SecretSource]:
    """The configured sources, vault first, environment last.

    Raises MissingExtraError when the vault's SDK is not installed.
    """
    sources: list[SecretSource] = []
    if config.source == "azure" and config.key_vault_config is not None:
        sources.append(
            AzureKeyVaultSource(
                config.key_vault_config,
                credential=azure_credential,
                **dict(azure_options or {}),
            )
        )
    if config.source == "aws" and config.secrets_manager is not None:
        sources.append(
            AwsSecretsManagerSource(
                config.secrets_manager, names=config.env_names, client=aws_client
            )
        )
    env_file = None if production else config.env_file
    sources.append(EnvSource(env, env_file=env_file, names=config.env_names))
    return sources


def open_secrets(
    config: SecretsConfig,
    env: Mapping[str, str],
    *,
    production: bool,
    on_change: ChangeListener | None = None,
    **builders: Any,
) -> CachedSource:
    """The configured sources as one cached source (TTL ``config.cache_ttl_seconds``)."""
    chain = ChainedSource(build_sources(config, env, production=production, **builders))
    ttl = timedelta(seconds=config.cache_ttl_seconds)
    return CachedSource(chain, ttl=ttl, on_change=on_change)


def sources_from_config(
    config: SecretsConfig,
    env: Mapping[str, str] | None = None,
    *,
    production: bool | None = None,
) -> list[SecretSource]:
    """``build_sources`` with the process environment; ``production`` defaults to
    ``AFTERCLASS_ENVIRONMENT == "production"`` (which skips the .env file)."""
    environ = os.environ if env is None else env
    if production is None:
        production = environ.get("AFTERCLASS_ENVIRONMENT", "").lower() == "production"
    return build_sources(config, environ, production=production)
