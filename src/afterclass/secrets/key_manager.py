"""The OpenAI API key in use: primary, or backup when the primary is rejected.

``KeyManager.api_key`` is the LLM analyzer's key provider (``Callable[[], str]``). It reads
both keys through the (cached) sources, so a rotation in the vault is used as soon as the cache
reads it again, and validates each key version once per ``rotation_interval`` with a call that
costs no tokens. An outage is never taken for a bad key: the primary stays in use while its
status is unknown. A rejected primary switches to the backup with one alert; with both rejected,
``KeyRejectedError`` tells the pipeline to defer analyses until a key works again.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from afterclass.alerts import Alerter
from afterclass.errors import KeyRejectedError, SecretError
from afterclass.secrets.source import (
    OPENAI_API_KEY,
    OPENAI_BACKUP_API_KEY,
    SecretSource,
    SecretValue,
)
from afterclass.secrets.validation import KeyStatus, KeyValidator, Validation

logger = logging.getLogger(__name__)

SLOTS = {"primary": OPENAI_API_KEY, "backup": OPENAI_BACKUP_API_KEY}


@dataclass(frozen=True)
class KeyReport:
    """What ``afterclass keys check`` shows for one key; it holds no secret."""

    slot: str
    source: str | None
    version: str | None
    age: timedelta | None
    status: KeyStatus | None
    detail: str


@dataclass(frozen=True)
class _Verdict:
    validation: Validation
    checked_at: datetime


def fingerprint(key: str) -> str:
    """A short, one-way name for a key, for logs and caches."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


class KeyManager:
    def __init__(
        self,
        source: SecretSource,
        *,
        validator: KeyValidator,
        alerter: Alerter,
        rotation_interval: timedelta = timedelta(days=30),
        unknown_retry: timedelta = timedelta(minutes=1),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._source = source
        self._validate = validator
        self._alerter = alerter
        self._rotation = rotation_interval
        self._unknown_retry = unknown_retry
        self._clock = clock
        self._verdicts: dict[str, _Verdict] = {}
        self._lock = threading.Lock()
        self.active_slot: str | None = None
        self._last_key_id: str | None = None

    def api_key(self) -> str:
        """The key to call the provider with now.

        Raises KeyRejectedError when every configured key is rejected, SecretError when none
        is configured.
        """
        with self._lock:
            keys = self._read()
            for slot, value in keys.items():
                if value is None:
                    continue
                self._warn_if_old(slot, value)
                if self._status(value) is not KeyStatus.REJECTED:
                    self._switch_to(slot, keys)
                    self._last_key_id = fingerprint(value.value)
                    return value.value
            self.active_slot = None
        self._alerter.alert(
            "openai-keys-rejected",
            "every OpenAI API key was rejected",
            "The provider rejected the primary and the backup OpenAI API key (401/403). "
            "Analyses are deferred until a valid key is set (OPENAI_API_KEY or the vault).",
            severity="critical",
        )
        raise KeyRejectedError(
            "every configured OpenAI API key was rejected by the provider (401/403); put a "
            "valid key in OPENAI_API_KEY or the vault; analyses are deferred until then"
        )

    def mark_rejected(self, key: str | None = None, detail: str = "HTTP 401 in use") -> None:
        """The provider rejected ``key`` (default: the last one handed out) in real use: stop
        using it until it is re-checked. The analyzer calls this on a KeyRejectedError."""
        with self._lock:
            key_id = fingerprint(key) if key is not None else self._last_key_id
            if key_id is not None:
                verdict = _Verdict(Validation(KeyStatus.REJECTED, detail), self._clock())
                self._verdicts[key_id] = verdict

    def check(self) -> list[KeyReport]:
        """Validate both keys now (ignoring earlier verdicts) and describe them."""
        reports = []
        with self._lock:
            self._verdicts.clear()
            now = self._clock()
            for slot, value in self._read().items():
                if value is None:
                    reports.append(KeyReport(slot, None, None, None, None, "not configured"))
                    continue
                self._warn_if_old(slot, value)
                validation = self._verdict(value).validation
                reports.append(
                    KeyReport(
                        slot,
                        value.source,
                        value.version,
                        value.age(now),
                        validation.status,
                        validation.detail,
                    )
                )
        return reports

    def _read(self) -> dict[str, SecretValue | None]:
        keys = {slot: self._source.get(name) for slot, name in SLOTS.items()}
        if all(value is None for value in keys.values()):
            raise SecretError(
                "no OpenAI API key is configured; set OPENAI_API_KEY (and OPENAI_BACKUP_API_KEY) "
                "in the environment, the .env file or the vault, or use the rules analyzer"
            )
        return keys

    def _status(self, value: SecretValue) -> KeyStatus:
        return self._verdict(value).validation.status

    def _verdict(self, value: SecretValue) -> _Verdict:
        now = self._clock()
        key_id = fingerprint(value.value)
        verdict = self._verdicts.get(key_id)
        if verdict is not None and now - verdict.checked_at < self._shelf_life(verdict):
            return verdict
        validation = self._validate(value.value)
        logger.info(
            "OpenAI key %s from %s (version %s): %s, %s",
            key_id,
            value.source,
            value.version,
            validation.status.value,
            validation.detail,
        )
        verdict = _Verdict(validation, now)
        self._verdicts[key_id] = verdict
        return verdict

    def _shelf_life(self, verdict: _Verdict) -> timedelta:
        if verdict.validation.status is KeyStatus.UNKNOWN:
            return self._unknown_retry
        return self._rotation

    def _switch_to(self, slot: str, keys: dict[str, SecretValue | None]) -> None:
        if slot == self.active_slot:
            return
        self.active_slot = slot
        if slot == "primary":
            logger.info("using the primary OpenAI API key")
            self._alerter.resolve("openai-key-failover")
            self._alerter.resolve("openai-keys-rejected")
            return
        reason = "rejected by the provider" if keys["primary"] else "not configured"
        self._alerter.alert(
            "openai-key-failover",
            "switched to the backup OpenAI API key",
            f"The primary OpenAI API key was {reason}; afterclass now uses the backup key "
            f"from {keys['backup'].source if keys['backup'] else '?'}. Replace the primary key.",
        )

    def _warn_if_old(self, slot: str, value: SecretValue) -> None:
        age = value.age(self._clock())
        if age is None or age <= self._rotation:
            return
        self._alerter.alert(
            f"openai-key-age:{slot}:{value.version}",
            f"the {slot} OpenAI API key is due for rotation",
            f"The {slot} OpenAI API key ({value.source}, version {value.version}) is "
            f"{age.days} days old; the rotation interval is {self._rotation.days} days.",
            window=timedelta(days=1),
        )
