"""The ``llm`` analyzer: OpenAI, Azure OpenAI or any OpenAI-compatible server (docs/llm.md).

``create(settings)`` is the entry point registered as analyzer ``llm``; everything it builds
(configuration, key provider, client, limiter, curriculum) can also be built and passed in by
hand. Its key comes from the secrets configuration (``keys``): primary and backup keys, vaults,
validation and alerts as described in docs/secrets.md.
"""

from __future__ import annotations

import os

from afterclass.alerts import Alerter
from afterclass.analysis.contract import Analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.llm.analyzer import FailoverKeys, LLMAnalyzer
from afterclass.analysis.llm.client import (
    KeyProvider,
    build_client,
    default_key_provider,
    env_key_provider,
)
from afterclass.analysis.llm.config import LLMConfig, load_llm_config
from afterclass.analysis.llm.keys import AnalyzerKeys, keys_from_secrets
from afterclass.analysis.llm.limits import InMemoryLimiter, Limiter
from afterclass.analysis.llm.planning import PlannedRequest, dry_run, plan_requests
from afterclass.config import Settings

__all__ = [
    "AnalyzerKeys",
    "FailoverKeys",
    "InMemoryLimiter",
    "KeyProvider",
    "LLMAnalyzer",
    "LLMConfig",
    "Limiter",
    "PlannedRequest",
    "build_client",
    "create",
    "default_key_provider",
    "dry_run",
    "env_key_provider",
    "keys_from_secrets",
    "load_llm_config",
    "plan_requests",
]


def create(
    settings: Settings,
    *,
    key_provider: KeyProvider | None = None,
    alerter: Alerter | None = None,
) -> Analyzer:
    """The ``llm`` analyzer configured from ``$AFTERCLASS_LLM_CONFIG`` and ``AFTERCLASS_LLM_*``.

    Without ``key_provider``, the key comes from the secrets configuration of the process
    environment (``keys_from_secrets``), with alerts to ``alerter`` (default: the configured
    channels).
    """
    config = load_llm_config()
    failover: FailoverKeys | None = None
    if key_provider is None:
        production = settings.environment == "production"
        keys = keys_from_secrets(config, os.environ, production=production, alerter=alerter)
        key_provider, failover = keys.provider, keys.failover
    return LLMAnalyzer(
        config=config,
        client=build_client(config, key_provider),
        limiter=InMemoryLimiter(config.rate_limits),
        curriculum=Curriculum.load(settings.curriculum_path),
        keys=failover,
    )
