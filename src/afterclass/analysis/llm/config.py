"""The LLM analyzer's configuration: the seed's ``o3_analysis_config.yaml``, made explicit.

Loaded from a YAML file (the one shipped beside this module by default, or the file named by
``AFTERCLASS_LLM_CONFIG``), then overridden by ``AFTERCLASS_LLM_*`` environment variables
(``ENV_OVERRIDES`` lists them; docs/llm.md documents each). Unknown keys are an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from afterclass.errors import ConfigError

Provider = Literal["openai", "azure", "compatible"]
Mode = Literal["single", "per_type"]
ReasoningEffort = Literal["minimal", "low", "medium", "high"]
StructuredOutput = Literal["auto", "json_schema", "json_object"]
AnalysisType = Literal["profile_assessment", "progress_assessment", "session_summary"]
ANALYSIS_TYPES: tuple[AnalysisType, ...] = (
    "profile_assessment",
    "progress_assessment",
    "session_summary",
)

CONFIG_ENV = "AFTERCLASS_LLM_CONFIG"
DEFAULT_CONFIG_NAME = "default_config.yaml"

PositiveInt = Annotated[int, Field(gt=0)]
Price = Annotated[float, Field(ge=0.0)]


def _date_as_text(value: object) -> object:
    """YAML reads an unquoted ``2024-10-21`` as a date; an API version is its text."""
    return value.isoformat() if isinstance(value, dt.date) else value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AzureConfig(_Section):
    """Azure OpenAI: the resource endpoint, the deployment name, and the API version.

    ``api_version: v1`` uses Azure's v1 endpoint (``{endpoint}/openai/v1/``), where the
    deployment name is sent as the model.
    """

    endpoint: str | None = None
    deployment: str | None = None
    api_version: Annotated[str | None, BeforeValidator(_date_as_text)] = "v1"


class RateLimits(_Section):
    requests_per_minute: PositiveInt = 20
    tokens_per_minute: PositiveInt = 40_000
    daily_analysis_limit: PositiveInt = 500
    monthly_budget_usd: Annotated[float, Field(gt=0.0)] = 500.0


class AnalysisTypeConfig(_Section):
    enabled: bool = True
    prompt: str
    """A prompt file: a name in the shipped ``prompts/`` folder, or a path to your own."""
    expected_output_tokens: PositiveInt = 700
    """Visible output assumed by cost estimates (dry run, ``cost estimate``)."""


class ModelPrice(_Section):
    """USD per 1M tokens."""

    input: Price
    cached_input: Price
    output: Price


def _default_types() -> dict[AnalysisType, AnalysisTypeConfig]:
    return {name: AnalysisTypeConfig(prompt=f"{name}.md") for name in ANALYSIS_TYPES}


class LLMConfig(_Section):
    provider: Provider = "openai"
    model: Annotated[str, Field(min_length=1)] = "gpt-5-mini"
    max_tokens: PositiveInt = 4000
    """Visible answer budget (the seed's ``max_tokens``)."""
    reasoning_budget_tokens: Annotated[int, Field(ge=0)] = 6000
    """Added to ``max_tokens`` for reasoning models (``max_completion_tokens`` counts reasoning)."""
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] = 0.1
    reasoning_effort: ReasoningEffort = "low"
    base_url: str | None = None
    azure: AzureConfig = Field(default_factory=AzureConfig)
    api_key_env: Annotated[str, Field(min_length=1)] = "OPENAI_API_KEY"
    timeout_seconds: Annotated[float, Field(gt=0.0)] = 60.0
    max_retries: Annotated[int, Field(ge=0, le=10)] = 2
    structured_output: StructuredOutput = "auto"
    mode: Mode = "single"
    single_prompt: str = "single.md"
    single_expected_output_tokens: PositiveInt = 1800
    expected_reasoning_tokens: Annotated[int, Field(ge=0)] = 1500
    """Hidden reasoning tokens per request assumed by cost estimates for reasoning models."""
    rate_limits: RateLimits = Field(default_factory=RateLimits)
    analysis_types: dict[AnalysisType, AnalysisTypeConfig] = Field(default_factory=_default_types)
    prices: dict[str, ModelPrice] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> LLMConfig:
        missing = [name for name in ANALYSIS_TYPES if name not in self.analysis_types]
        if missing:
            raise ValueError(f"analysis_types is missing {', '.join(missing)}; list all three")
        disabled = [n for n, t in self.analysis_types.items() if not t.enabled]
        if self.mode == "single" and disabled:
            raise ValueError(
                f"analysis_types.{disabled[0]}.enabled is false, but mode is 'single' (one call "
                "for all three); set mode: per_type to skip an analysis type"
            )
        if self.mode == "per_type" and len(disabled) == len(ANALYSIS_TYPES):
            raise ValueError("every analysis type is disabled; enable at least one")
        if self.provider == "azure" and not (self.azure.endpoint or self.base_url):
            raise ValueError(
                "provider is 'azure' but azure.endpoint is not set; give the resource URL"
            )
        if self.provider == "azure" and not self.azure.deployment:
            raise ValueError(
                "provider is 'azure' but azure.deployment is not set; name the deployment"
            )
        if self.provider == "compatible" and not self.base_url:
            raise ValueError(
                "provider is 'compatible' but base_url is not set; give the server's /v1 URL"
            )
        return self

    def price(self) -> ModelPrice | None:
        """The configured price of ``model``; a dated snapshot falls back to its base name."""
        if self.model in self.prices:
            return self.prices[self.model]
        base = _undated(self.model)
        return self.prices.get(base)

    def enabled_types(self) -> list[AnalysisType]:
        return [name for name in ANALYSIS_TYPES if self.analysis_types[name].enabled]


def _undated(model: str) -> str:
    """``gpt-4o-2024-08-06`` -> ``gpt-4o``."""
    parts = model.split("-")
    if len(parts) > 3 and all(p.isdigit() for p in parts[-3:]):
        return "-".join(parts[:-3])
    return model


#: Environment variable -> dotted config key. Values are parsed as YAML scalars.
ENV_OVERRIDES: dict[str, str] = {
    "AFTERCLASS_LLM_PROVIDER": "provider",
    "AFTERCLASS_LLM_MODEL": "model",
    "AFTERCLASS_LLM_BASE_URL": "base_url",
    "AFTERCLASS_LLM_API_KEY_ENV": "api_key_env",
    "AFTERCLASS_LLM_MAX_TOKENS": "max_tokens",
    "AFTERCLASS_LLM_REASONING_BUDGET_TOKENS": "reasoning_budget_tokens",
    "AFTERCLASS_LLM_TEMPERATURE": "temperature",
    "AFTERCLASS_LLM_REASONING_EFFORT": "reasoning_effort",
    "AFTERCLASS_LLM_TIMEOUT_SECONDS": "timeout_seconds",
    "AFTERCLASS_LLM_MAX_RETRIES": "max_retries",
    "AFTERCLASS_LLM_STRUCTURED_OUTPUT": "structured_output",
    "AFTERCLASS_LLM_MODE": "mode",
    "AFTERCLASS_LLM_AZURE_ENDPOINT": "azure.endpoint",
    "AFTERCLASS_LLM_AZURE_DEPLOYMENT": "azure.deployment",
    "AFTERCLASS_LLM_AZURE_API_VERSION": "azure.api_version",
    "AFTERCLASS_LLM_REQUESTS_PER_MINUTE": "rate_limits.requests_per_minute",
    "AFTERCLASS_LLM_TOKENS_PER_MINUTE": "rate_limits.tokens_per_minute",
    "AFTERCLASS_LLM_DAILY_ANALYSIS_LIMIT": "rate_limits.daily_analysis_limit",
    "AFTERCLASS_LLM_MONTHLY_BUDGET_USD": "rate_limits.monthly_budget_usd",
}


def load_llm_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> LLMConfig:
    """The LLM configuration: ``path`` (or ``$AFTERCLASS_LLM_CONFIG``, or the shipped default),
    overridden by ``AFTERCLASS_LLM_*`` variables from ``env`` (default: the process environment).

    A user file is laid over the shipped default, so it only needs the keys it changes.
    Raises ConfigError naming the key that is wrong.
    """
    env = os.environ if env is None else env
    data = _read_yaml_text(
        files("afterclass.analysis.llm").joinpath(DEFAULT_CONFIG_NAME).read_text("utf-8"), "default"
    )
    user_path = path or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    source = "built-in default"
    if user_path is not None:
        source = str(user_path)
        data = _merge(data, _read_file(user_path))
    for variable, key in ENV_OVERRIDES.items():
        if variable in env:
            _set_dotted(data, key, yaml.safe_load(env[variable]) if env[variable] else None)
            source += f" + {variable}"
    try:
        return LLMConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(_describe(e) for e in error.errors())
        raise ConfigError(f"invalid LLM configuration ({source}): {problems}") from None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise ConfigError(
            f"cannot read the LLM configuration {path}: {error.strerror}; check the path "
            f"(given directly or in {CONFIG_ENV})"
        ) from None
    return _read_yaml_text(text, str(path))


def _read_yaml_text(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"the LLM configuration {source} is not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"the LLM configuration {source} must be a mapping of keys to values")
    return data


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _set_dotted(data: dict[str, Any], key: str, value: object) -> None:
    *parents, last = key.split(".")
    target = data
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    target[last] = value


def _describe(error: Any) -> str:
    location = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        message = "unknown key; see docs/llm.md for the keys this file accepts"
    return f"{location}: {message}"
