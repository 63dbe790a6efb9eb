"""The OpenAI SDK client for the configured provider, and its errors as afterclass errors.

One ``openai.OpenAI`` client serves all three providers: OpenAI itself, Azure OpenAI (its v1
endpoint, or ``AzureOpenAI`` with a deployment and a dated API version), and any
OpenAI-compatible server by base URL. The key comes from a key provider called for every
request, so a rotated key is picked up without rebuilding the client.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import openai

from afterclass.analysis.llm.config import LLMConfig
from afterclass.errors import (
    AfterclassError,
    AnalysisError,
    ConfigError,
    KeyRejectedError,
    ProviderError,
    ProviderUnavailableError,
    QuotaExceededError,
    RateLimitedError,
)

KeyProvider = Callable[[], str]
OPENAI_BASE_URL = "https://api.openai.com/v1"
#: Sent as the key to a compatible server when none is configured (most ignore it).
NO_KEY = "no-key-configured"


class StructuredOutputUnsupportedError(AnalysisError):
    """The server refused ``response_format: json_schema``; JSON mode may work instead."""


def env_key_provider(
    variable: str, env: Mapping[str, str] | None = None, *, required: bool = True
) -> KeyProvider:
    """Reads the key from ``variable`` at each request (``env``: default os.environ)."""

    def provide() -> str:
        value = (os.environ if env is None else env).get(variable, "").strip()
        if value:
            return value
        if not required:
            return NO_KEY
        raise ConfigError(
            f"no API key: the environment variable {variable} is empty or unset; set it, or "
            "name another variable with api_key_env (AFTERCLASS_LLM_API_KEY_ENV)"
        )

    return provide


def default_key_provider(config: LLMConfig, env: Mapping[str, str] | None = None) -> KeyProvider:
    return env_key_provider(config.api_key_env, env, required=config.provider != "compatible")


def build_client(config: LLMConfig, key_provider: KeyProvider) -> openai.OpenAI:
    """A client for ``config``'s provider; builds no connection until the first request."""
    timeout, retries = config.timeout_seconds, config.max_retries
    base_url = api_base_url(config)
    if base_url is None:
        return openai.AzureOpenAI(
            azure_endpoint=_azure_endpoint(config),
            azure_deployment=config.azure.deployment,
            api_version=config.azure.api_version,
            api_key=key_provider,
            timeout=timeout,
            max_retries=retries,
        )
    return openai.OpenAI(
        base_url=base_url, api_key=key_provider, timeout=timeout, max_retries=retries
    )


def api_base_url(config: LLMConfig) -> str | None:
    """The OpenAI-style base URL requests go to (``Authorization: Bearer`` key), or None for
    Azure with a dated API version (deployment paths and the ``api-key`` header)."""
    if config.provider != "azure":
        return config.base_url or OPENAI_BASE_URL
    if config.azure.api_version not in (None, "v1"):
        return None
    return config.base_url or f"{_azure_endpoint(config)}/openai/v1/"


def _azure_endpoint(config: LLMConfig) -> str:
    return (config.azure.endpoint or config.base_url or "").rstrip("/")


def provider_error(error: openai.OpenAIError, *, where: str) -> AfterclassError:
    """The afterclass error for an SDK error (``where`` names the endpoint for the message)."""
    if isinstance(error, openai.APITimeoutError):
        return ProviderUnavailableError(f"{where} did not answer in time; try again later")
    if isinstance(error, openai.APIConnectionError):
        return ProviderUnavailableError(
            f"cannot reach {where}: {error.message}; check base_url and the network"
        )
    if isinstance(error, openai.RateLimitError):
        return _rate_limit_error(error, where)
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        return KeyRejectedError(
            f"{where} rejected the API key (HTTP {error.status_code}); check the key in "
            "the variable named by api_key_env, or rotate it"
        )
    if isinstance(error, openai.APIStatusError):
        return _status_error(error, where)
    return ProviderError(f"{where} failed: {error}")


@dataclass(frozen=True)
class Rejection:
    """The provider refused the key a request was sent with."""

    status: int
    key: str | None = field(repr=False)
    """The key that request carried (None if it cannot be told): not always the latest one
    handed out, when requests run side by side."""


def rejection(error: KeyRejectedError) -> Rejection | None:
    """What the provider rejected, for a KeyRejectedError raised on its 401 or 403; None when
    the error came from elsewhere (a key manager with no usable key left)."""
    cause = error.__cause__
    if not isinstance(cause, openai.AuthenticationError | openai.PermissionDeniedError):
        return None
    headers = cause.response.request.headers
    bearer = headers.get("authorization", "")
    key = bearer.removeprefix("Bearer ") if bearer.startswith("Bearer ") else None
    return Rejection(cause.status_code, key or headers.get("api-key"))


def _status_error(error: openai.APIStatusError, where: str) -> AfterclassError:
    detail = _message(error)
    if error.status_code >= 500:
        return ProviderUnavailableError(
            f"{where} failed (HTTP {error.status_code}): {detail}; try again later"
        )
    if error.status_code == 404:
        return ProviderError(
            f"{where} answered 404 ({detail}); check model, azure.deployment and base_url"
        )
    if error.status_code in (400, 422) and re.search(r"response_format|json_schema", detail, re.I):
        return StructuredOutputUnsupportedError(
            f"{where} refused structured output ({detail}); set structured_output: json_object"
        )
    return AnalysisError(f"{where} refused the request (HTTP {error.status_code}): {detail}")


def _rate_limit_error(error: openai.RateLimitError, where: str) -> ProviderError:
    detail = _message(error)
    if error.code == "insufficient_quota" or "insufficient_quota" in detail:
        return QuotaExceededError(
            f"{where}: the account's quota is used up ({detail}); add credit or raise the "
            "limit with the provider; the analysis is deferred"
        )
    wait = retry_after_seconds(error.response.headers)
    when = f"; retry in {wait:g} s" if wait is not None else ""
    return RateLimitedError(f"{where} is rate limiting requests ({detail}){when}", retry_after=wait)


def _message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])[:300]
    return str(error.message)[:300]


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait: from ``retry-after-ms``, ``retry-after`` or ``x-ratelimit-reset-*``."""
    if headers.get("retry-after-ms"):
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value:
        try:
            return float(value)
        except ValueError:
            return _http_date_wait(value)
    resets = [
        parse_duration(headers[name])
        for name in ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
        if headers.get(name)
    ]
    known = [r for r in resets if r is not None]
    return max(known) if known else None


def parse_duration(text: str) -> float | None:
    """``"6m0s"`` -> 360.0, ``"20ms"`` -> 0.02, ``"1.5s"`` -> 1.5."""
    parts = _DURATION.findall(text.strip())
    if not parts or "".join(n + u for n, u in parts) != text.strip():
        return None
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


def _http_date_wait(value: str) -> float | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
