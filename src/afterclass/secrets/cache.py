"""A source that remembers what it read for a while, so a vault is not asked on every call.

After ``ttl`` the secret is read again; a new version (a rotation in the vault) is then used
from that moment on, without a restart, and ``on_change`` hears of it. If the source cannot be
reached when the time comes, the value already held is kept and the failure logged: an outage of
the vault does not stop analyses that already have their keys.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from afterclass.errors import SecretError
from afterclass.secrets.source import SecretSource, SecretValue

logger = logging.getLogger(__name__)

ChangeListener = Callable[[str, SecretValue | None, SecretValue | None], None]


@dataclass
class _Entry:
    value: SecretValue | None
    history: list[SecretValue] | None
    read_at: float


class CachedSource:
    """Wraps ``inner``; ``clock`` returns seconds (monotonic by default)."""

    def __init__(
        self,
        inner: SecretSource,
        *,
        ttl: timedelta = timedelta(minutes=5),
        clock: Callable[[], float] = time.monotonic,
        on_change: ChangeListener | None = None,
    ):
        self.inner = inner
        self.name = inner.name
        self._ttl = ttl.total_seconds()
        self._clock = clock
        self._on_change = on_change
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> SecretValue | None:
        with self._lock:
            entry = self._entries.get(name)
            if entry is not None and self._fresh(entry):
                return entry.value
            return self._reload(name, entry).value

    def history(self, name: str) -> list[SecretValue]:
        with self._lock:
            entry = self._entries.get(name)
            if entry is None or not self._fresh(entry):
                entry = self._reload(name, entry)
            if entry.history is None:
                entry.history = self.inner.history(name) if entry.value is not None else []
            return list(entry.history)

    def refresh(self) -> None:
        """Forget everything held: the next read asks the source."""
        with self._lock:
            self._entries.clear()

    def _fresh(self, entry: _Entry) -> bool:
        return self._clock() - entry.read_at < self._ttl

    def _reload(self, name: str, entry: _Entry | None) -> _Entry:
        try:
            value = self.inner.get(name)
        except SecretError as error:
            if entry is None:
                raise
            logger.warning("keeping the %s held for %s: %s", name, self.name, error)
            entry.read_at = self._clock()
            return entry
        fresh = _Entry(value=value, history=None, read_at=self._clock())
        if entry is not None and entry.value != value:
            logger.info(
                "secret %s changed in %s: version %s -> %s",
                name,
                self.name,
                entry.value.version if entry.value else None,
                value.version if value else None,
            )
            if self._on_change is not None:
                self._on_change(name, entry.value, value)
        self._entries[name] = fresh
        return fresh
