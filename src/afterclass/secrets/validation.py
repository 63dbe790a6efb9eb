"""Is an API key accepted? One cheap call (``models.list``) that costs no tokens.

The answer has three values, because an outage is not a bad key: ``rejected`` only for HTTP 401
or 403; ``unknown`` for a refused connection, a timeout, a 5xx, a 429 or anything else that says
nothing about the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class KeyStatus(StrEnum):
    VALID = "valid"
    REJECTED = "rejected"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Validation:
    status: KeyStatus
    detail: str
    """What was seen (``HTTP 401``, ``timed out``...), never the key or the server's text."""


class KeyValidator(Protocol):
    def __call__(self, key: str) -> Validation: ...


class OpenAIKeyValidator:
    """Validates keys against an OpenAI-compatible API at ``base_url`` (default: the SDK's)."""

    def __init__(self, *, base_url: str | None = None, timeout: float = 10.0):
        self.base_url = base_url
        self.timeout = timeout

    def __call__(self, key: str) -> Validation:
        import openai  # here, not at import: the SDK is heavy and only needed to validate

        client = openai.OpenAI(
            api_key=key, base_url=self.base_url, timeout=self.timeout, max_retries=0
        )
        try:
            client.models.list()
        except (openai.AuthenticationError, openai.PermissionDeniedError) as error:
            return Validation(KeyStatus.REJECTED, f"HTTP {error.status_code}")
        except openai.APITimeoutError:
            return Validation(KeyStatus.UNKNOWN, f"timed out after {self.timeout:g} s")
        except openai.APIConnectionError:
            return Validation(KeyStatus.UNKNOWN, "provider unreachable (connection failed)")
        except openai.APIStatusError as error:
            return Validation(KeyStatus.UNKNOWN, f"HTTP {error.status_code} from the provider")
        except openai.APIError as error:
            return Validation(KeyStatus.UNKNOWN, f"unexpected answer ({type(error).__name__})")
        finally:
            client.close()
        return Validation(KeyStatus.VALID, "models.list answered")
