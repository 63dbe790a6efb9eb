"""The contract every secret source meets, and the names of the secrets afterclass reads.

A source answers ``get(name)`` with the current value of one secret (or None when it does not
hold it) and ``history(name)`` with its older versions, which afterclass needs only for the
data-encryption key (old records stay readable after a rotation). Names are the logical ones
below; each source maps them to its own naming (environment variables, vault secret names,
keys of an AWS JSON secret).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

OPENAI_API_KEY = "openai_api_key"
OPENAI_BACKUP_API_KEY = "openai_backup_api_key"
ENCRYPTION_KEY = "encryption_key"
ID_PEPPER = "id_pepper"

SECRET_NAMES = (OPENAI_API_KEY, OPENAI_BACKUP_API_KEY, ENCRYPTION_KEY, ID_PEPPER)


@dataclass(frozen=True)
class SecretValue:
    """One version of one secret. Its repr shows where it came from, never the value."""

    value: str = field(repr=False)
    version: str | None = None
    created_at: datetime | None = None
    source: str = ""

    def __repr__(self) -> str:
        created = self.created_at.isoformat() if self.created_at else None
        return (
            f"SecretValue(value=<hidden>, version={self.version!r}, "
            f"created_at={created!r}, source={self.source!r})"
        )

    __str__ = __repr__

    def age(self, now: datetime) -> timedelta | None:
        """How long ago this version was created, when the source knows."""
        return None if self.created_at is None else now - self.created_at


class SecretSource(Protocol):
    """Where secrets come from: the environment, Azure Key Vault, AWS Secrets Manager..."""

    name: str

    def get(self, name: str) -> SecretValue | None:
        """The current version of secret ``name``, or None if this source does not hold it.

        Raises SecretError when the source cannot be read (network, permissions).
        """
        ...

    def history(self, name: str) -> list[SecretValue]:
        """Older versions of ``name`` still usable for reading, oldest first, not the current."""
        ...


class ChainedSource:
    """Several sources asked in order; the first that holds a secret answers for it."""

    def __init__(self, sources: Sequence[SecretSource]):
        self.sources = tuple(sources)
        self.name = " > ".join(source.name for source in self.sources) or "none"

    def get(self, name: str) -> SecretValue | None:
        for source in self.sources:
            value = source.get(name)
            if value is not None:
                return value
        return None

    def history(self, name: str) -> list[SecretValue]:
        for source in self.sources:
            if source.get(name) is not None:
                return source.history(name)
        return []


def as_source(sources: SecretSource | Sequence[SecretSource]) -> SecretSource:
    """One source from either one source or a sequence of them (asked in order)."""
    if isinstance(sources, Sequence):
        return sources[0] if len(sources) == 1 else ChainedSource(sources)
    return sources
