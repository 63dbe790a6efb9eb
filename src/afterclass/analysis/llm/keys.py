"""The ``llm`` analyzer's API key, from the secrets configuration (docs/secrets.md).

Two cases, decided when the analyzer is built:

- **plain**: no vault and no backup key. The key is read from its environment variable (or, in
  development, the ``.env`` file) at every request and never validated, so nothing is sent but
  the analyses themselves. A rejection (401/403) is final: ``KeyRejectedError``.
- **managed**: a backup key or a vault. A ``KeyManager`` hands out the key: each key version is
  validated once per rotation interval (``models.list``, no tokens) where the analyzer sends its
  requests, a rejected primary switches to the backup with one alert, and the analyzer reports a
  key the provider rejects in use (``FailoverKeys.mark_rejected``) and retries once.

A ``compatible`` server needs no key: with none configured, a placeholder is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from afterclass.alerts import Alerter, build_alerter, load_alert_config
from afterclass.analysis.llm.analyzer import FailoverKeys
from afterclass.analysis.llm.client import NO_KEY, KeyProvider, api_base_url
from afterclass.analysis.llm.config import LLMConfig
from afterclass.errors import ConfigError
from afterclass.secrets.config import EnvNames, SecretsConfig, load_secrets_config
from afterclass.secrets.key_manager import KeyManager
from afterclass.secrets.source import OPENAI_API_KEY, OPENAI_BACKUP_API_KEY, SecretSource
from afterclass.secrets.sources import build_sources, open_secrets
from afterclass.secrets.validation import KeyStatus, KeyValidator, OpenAIKeyValidator, Validation

log = logging.getLogger(__name__)

DEFAULT_KEY_VARIABLE = EnvNames().openai_api_key
UNKNOWN_RETRY = timedelta(minutes=1)


@dataclass(frozen=True)
class AnalyzerKeys:
    provider: KeyProvider
    """Called by the SDK before every request."""
    failover: FailoverKeys | None
    """None for a plain key: there is nothing to fail over to."""


def keys_from_secrets(
    config: LLMConfig,
    env: Mapping[str, str],
    *,
    production: bool,
    alerter: Alerter | None = None,
) -> AnalyzerKeys:
    """The analyzer's key provider from ``load_secrets_config(env)``; alerts go to ``alerter``
    (default: the channels of ``load_alert_config(env)``). Raises ConfigError or
    MissingExtraError for a configuration that cannot work."""
    secrets = with_key_variable(load_secrets_config(env), config)
    optional = config.provider == "compatible"
    if secrets.source == "env":
        local = build_sources(secrets, env, production=production)[-1]  # env (+ .env)
        if local.get(OPENAI_BACKUP_API_KEY) is None:
            variable = secrets.env_names.openai_api_key
            return AnalyzerKeys(_plain_provider(local, variable, optional=optional), None)
    source = open_secrets(secrets, env, production=production)
    validator = key_validator(config, secrets)
    manager = KeyManager(
        source,
        validator=validator or _not_validated,
        alerter=alerter or build_alerter(load_alert_config(env)),
        rotation_interval=secrets.rotation(),
        # without a validator "unknown" is the only answer: no point asking again every minute
        unknown_retry=UNKNOWN_RETRY if validator else secrets.rotation(),
    )
    return AnalyzerKeys(_managed_provider(source, manager, optional=optional), manager)


def with_key_variable(secrets: SecretsConfig, config: LLMConfig) -> SecretsConfig:
    """``secrets`` with the primary key's variable named by the LLM configuration's
    ``api_key_env`` when only one of the two renames it (they must agree when both do)."""
    ours, theirs = config.api_key_env, secrets.env_names.openai_api_key
    if ours in (theirs, DEFAULT_KEY_VARIABLE):
        return secrets
    if theirs != DEFAULT_KEY_VARIABLE:
        raise ConfigError(
            f"the LLM configuration reads the API key from {ours} (api_key_env) but the secrets "
            f"configuration from {theirs} (env_names.openai_api_key); name the same variable"
        )
    names = secrets.env_names.model_copy(update={"openai_api_key": ours})
    return secrets.model_copy(update={"env_names": names})


def key_validator(config: LLMConfig, secrets: SecretsConfig) -> KeyValidator | None:
    """A validator that asks the endpoint the analyzer sends to, or None where it cannot.

    ``OpenAIKeyValidator`` sends the key as ``Authorization: Bearer`` to ``{base_url}/models``:
    right for OpenAI, compatible servers and Azure's v1 endpoint (``/openai/v1/models``), but
    Azure with a dated API version wants the ``api-key`` header, which it cannot send.
    """
    base_url = api_base_url(config)
    if base_url is None:
        log.info(
            "Azure OpenAI keys are not validated in advance with a dated api_version (%s); "
            "a key rejected in use still switches to the backup",
            config.azure.api_version,
        )
        return None
    return OpenAIKeyValidator(base_url=base_url, timeout=secrets.validation_timeout_seconds)


def _not_validated(key: str) -> Validation:
    return Validation(KeyStatus.UNKNOWN, "not validated (Azure with a dated api_version)")


def _plain_provider(source: SecretSource, variable: str, *, optional: bool) -> KeyProvider:
    def provide() -> str:
        value = source.get(OPENAI_API_KEY)
        if value is not None:
            return value.value
        if optional:
            return NO_KEY
        raise ConfigError(
            f"no API key: the environment variable {variable} is empty or unset; set it (or, "
            "in development, put it in .env), or name another variable with api_key_env "
            "(AFTERCLASS_LLM_API_KEY_ENV)"
        )

    return provide


def _managed_provider(source: SecretSource, manager: KeyManager, *, optional: bool) -> KeyProvider:
    def provide() -> str:
        if optional and all(source.get(n) is None for n in (OPENAI_API_KEY, OPENAI_BACKUP_API_KEY)):
            return NO_KEY
        return manager.api_key()

    return provide
