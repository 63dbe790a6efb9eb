"""The ``llm`` analyzer: OpenAI, Azure OpenAI or any OpenAI-compatible server (docs/llm.md).

``create(settings)`` is the entry point registered as analyzer ``llm``; everything it builds
(configuration, client, limiter, curriculum) can also be built and passed in by hand.
"""

from __future__ import annotations

from afterclass.analysis.contract import Analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.llm.analyzer import LLMAnalyzer
from afterclass.analysis.llm.client import (
    KeyProvider,
    build_client,
    default_key_provider,
    env_key_provider,
)
from afterclass.analysis.llm.config import LLMConfig, load_llm_config
from afterclass.analysis.llm.limits import InMemoryLimiter, Limiter
from afterclass.analysis.llm.planning import PlannedRequest, dry_run, plan_requests
from afterclass.config import Settings

__all__ = [
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
    "load_llm_config",
    "plan_requests",
]


def create(settings: Settings, *, key_provider: KeyProvider | None = None) -> Analyzer:
    """The ``llm`` analyzer configured from ``$AFTERCLASS_LLM_CONFIG`` and ``AFTERCLASS_LLM_*``."""
    config = load_llm_config()
    client = build_client(config, key_provider or default_key_provider(config))
    return LLMAnalyzer(
        config=config,
        client=client,
        limiter=InMemoryLimiter(config.rate_limits),
        curriculum=Curriculum.load(settings.curriculum_path),
    )
