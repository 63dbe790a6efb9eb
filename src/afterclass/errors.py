"""The errors a user of afterclass can meet.

Every error says what was wrong and what to do about it. Code raises the most specific
class; callers catch ``AfterclassError`` at the edges (CLI, HTTP) and show ``str(error)``.
"""

from __future__ import annotations


class AfterclassError(Exception):
    """Base of every error afterclass raises on purpose."""


class InputError(AfterclassError):
    """A session, transcript or webhook payload that cannot be accepted.

    ``field`` names the offending field (dotted path) when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, source: str | None = None):
        self.field = field
        self.source = source
        where = f"{source}: " if source else ""
        at = f"{field}: " if field else ""
        super().__init__(f"{where}{at}{message}")


class ConfigError(AfterclassError):
    """A setting is missing, malformed or contradicts another."""


class CurriculumError(ConfigError):
    """The curriculum file cannot be read or is not well formed."""


class UnknownAnalyzerError(ConfigError):
    """An analyzer name that is not registered."""


class AnalysisError(AfterclassError):
    """An analyzer could not produce a valid SessionAnalysis."""


class CheckError(AnalysisError):
    """An analysis failed the checks that guard what is stored and learned from."""


class StoreError(AfterclassError):
    """The database could not be reached, migrated or written."""


class NotFoundError(AfterclassError):
    """A student or session that is not in the store."""


class CryptoError(AfterclassError):
    """Stored data cannot be decrypted, or no usable encryption key is configured."""


class ErasedStudentError(InputError):
    """A session arrived for a student whose data was erased on the family's request."""


class StaleStateError(StoreError):
    """The student's state changed between load and commit (another worker); reload and retry."""


class ProviderError(AnalysisError):
    """The LLM provider did not give an answer this time."""


class RateLimitedError(ProviderError):
    """HTTP 429 for requests or tokens per minute: retry after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(message)


class QuotaExceededError(ProviderError):
    """The account's quota or our own daily/monthly limit is used up: defer, do not retry now."""


class KeyRejectedError(ProviderError):
    """The provider rejected the API key (401/403). Not raised for outages."""


class ProviderUnavailableError(ProviderError):
    """The provider could not be reached or failed (connection refused, timeout, 5xx)."""


class InvalidOutputError(AnalysisError):
    """The model's answers did not validate, even after re-asking.

    ``attempts`` holds each raw answer's validation message; ``usage`` the tokens spent.
    """

    def __init__(self, message: str, *, attempts: list[str], usage: object = None):
        self.attempts = attempts
        self.usage = usage
        super().__init__(message)


class SecretError(ConfigError):
    """A secret could not be read from its source (the message never contains the secret)."""


class MissingExtraError(ConfigError):
    """A feature needs an optional extra: ``pip install 'afterclass[NAME]'``."""
