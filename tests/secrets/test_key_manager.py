"""Primary/backup OpenAI keys, validated by the real openai SDK against a local server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from afterclass.alerts import Alerter, MemoryChannel
from afterclass.errors import KeyRejectedError, SecretError
from afterclass.secrets.env import EnvSource
from afterclass.secrets.key_manager import KeyManager
from afterclass.secrets.source import SecretValue
from afterclass.secrets.validation import KeyStatus, OpenAIKeyValidator

if TYPE_CHECKING:
    from conftest import OpenAIServer

PRIMARY, BACKUP = "CANARYprimarykey", "CANARYbackupkey"
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class DictSource:
    """Secrets with versions and creation times, as a vault would give them."""

    name = "vault"

    def __init__(self) -> None:
        self.values: dict[str, SecretValue] = {}

    def get(self, name: str) -> SecretValue | None:
        return self.values.get(name)

    def history(self, name: str) -> list[SecretValue]:
        return []


def _manager(
    source: object, base_url: str, recorder: MemoryChannel, clock: Clock, **kwargs: object
) -> KeyManager:
    alerter = Alerter([recorder], clock=clock)
    return KeyManager(
        source,  # type: ignore[arg-type]
        validator=OpenAIKeyValidator(base_url=base_url, timeout=5),
        alerter=alerter,
        clock=clock,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_rejected_primary_switches_to_the_backup_with_one_alert(
    openai_server: OpenAIServer,
) -> None:
    openai_server.state.statuses = {PRIMARY: 401, BACKUP: 200}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(env, openai_server.base_url, recorder, clock)
    keys = [manager.api_key() for _ in range(50)]
    assert set(keys) == {BACKUP}
    assert manager.active_slot == "backup"
    assert recorder.keys() == ["openai-key-failover"]
    assert "primary OpenAI API key was rejected" in recorder.sent[0].body
    # each key was validated once, not on each call
    assert openai_server.state.calls_with(PRIMARY) == 1
    assert openai_server.state.calls_with(BACKUP) == 1


def test_a_valid_primary_is_used_and_validated_once_per_interval(
    openai_server: OpenAIServer,
) -> None:
    openai_server.state.statuses = {PRIMARY: 200, BACKUP: 200}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(
        env, openai_server.base_url, recorder, clock, rotation_interval=timedelta(days=30)
    )
    assert manager.api_key() == PRIMARY
    clock.now += timedelta(days=29)
    assert manager.api_key() == PRIMARY
    assert openai_server.state.calls_with(PRIMARY) == 1
    clock.now += timedelta(days=2)  # the rotation interval triggers a re-check
    assert manager.api_key() == PRIMARY
    assert openai_server.state.calls_with(PRIMARY) == 2
    assert openai_server.state.calls_with(BACKUP) == 0
    assert recorder.sent == []


def test_an_unreachable_provider_is_not_a_bad_key(free_port: int) -> None:
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(env, f"http://127.0.0.1:{free_port}/v1", recorder, clock)
    assert manager.api_key() == PRIMARY  # connection refused: keep the primary
    assert manager.active_slot == "primary"
    assert recorder.sent == []
    validation = OpenAIKeyValidator(base_url=f"http://127.0.0.1:{free_port}/v1")(PRIMARY)
    assert validation.status is KeyStatus.UNKNOWN
    assert "unreachable" in validation.detail


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, KeyStatus.UNKNOWN),
        (503, KeyStatus.UNKNOWN),
        (429, KeyStatus.UNKNOWN),
        (403, KeyStatus.REJECTED),
        (401, KeyStatus.REJECTED),
        (200, KeyStatus.VALID),
    ],
)
def test_only_401_and_403_mean_rejected(
    openai_server: OpenAIServer, status: int, expected: KeyStatus
) -> None:
    openai_server.state.statuses = {PRIMARY: status}
    validation = OpenAIKeyValidator(base_url=openai_server.base_url)(PRIMARY)
    assert validation.status is expected
    assert PRIMARY not in validation.detail


def test_an_unknown_status_is_retried_soon(openai_server: OpenAIServer) -> None:
    openai_server.state.statuses = {PRIMARY: 503}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY})
    manager = _manager(env, openai_server.base_url, recorder, clock)
    assert manager.api_key() == PRIMARY
    clock.now += timedelta(seconds=30)
    manager.api_key()
    assert openai_server.state.calls_with(PRIMARY) == 1
    clock.now += timedelta(seconds=31)
    manager.api_key()
    assert openai_server.state.calls_with(PRIMARY) == 2


def test_both_rejected_raises_key_rejected_and_alerts_once(
    openai_server: OpenAIServer,
) -> None:
    openai_server.state.statuses = {PRIMARY: 401, BACKUP: 403}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(env, openai_server.base_url, recorder, clock)
    for _ in range(20):
        with pytest.raises(KeyRejectedError, match="deferred") as caught:
            manager.api_key()
        assert PRIMARY not in str(caught.value) and BACKUP not in str(caught.value)
    assert recorder.keys() == ["openai-keys-rejected"]
    assert recorder.sent[0].severity == "critical"


def test_a_key_rejected_in_use_switches_to_the_backup(openai_server: OpenAIServer) -> None:
    openai_server.state.statuses = {PRIMARY: 200, BACKUP: 200}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(env, openai_server.base_url, recorder, clock)
    assert manager.api_key() == PRIMARY
    manager.mark_rejected()  # the analyzer got a 401 with the key it was handed
    assert manager.api_key() == BACKUP
    assert recorder.keys() == ["openai-key-failover"]
    manager.mark_rejected(BACKUP)
    with pytest.raises(KeyRejectedError):
        manager.api_key()


def test_a_rotated_primary_in_the_vault_is_validated_and_used(
    openai_server: OpenAIServer,
) -> None:
    new_primary = "CANARYrotatedprimary"
    openai_server.state.statuses = {PRIMARY: 401, BACKUP: 200, new_primary: 200}
    recorder, clock = MemoryChannel(), Clock()
    vault = DictSource()
    vault.values["openai_api_key"] = SecretValue(PRIMARY, version="1", created_at=T0)
    vault.values["openai_backup_api_key"] = SecretValue(BACKUP, version="1", created_at=T0)
    manager = _manager(vault, openai_server.base_url, recorder, clock)
    assert manager.api_key() == BACKUP
    vault.values["openai_api_key"] = SecretValue(new_primary, version="2", created_at=T0)
    assert manager.api_key() == new_primary
    assert manager.active_slot == "primary"
    assert openai_server.state.calls_with(new_primary) == 1


def test_a_key_older_than_the_rotation_interval_raises_an_alert(
    openai_server: OpenAIServer,
) -> None:
    openai_server.state.statuses = {PRIMARY: 200}
    recorder, clock = MemoryChannel(), Clock()
    vault = DictSource()
    vault.values["openai_api_key"] = SecretValue(
        PRIMARY, version="v1", created_at=T0 - timedelta(days=45)
    )
    manager = _manager(vault, openai_server.base_url, recorder, clock)
    for _ in range(10):
        manager.api_key()
    assert recorder.keys() == ["openai-key-age:primary:v1"]
    assert "45 days old" in recorder.sent[0].body
    assert PRIMARY not in recorder.sent[0].body


def test_no_key_configured_is_a_secret_error() -> None:
    recorder, clock = MemoryChannel(), Clock()
    manager = _manager(EnvSource({}), "http://127.0.0.1:9/v1", recorder, clock)
    with pytest.raises(SecretError, match="set OPENAI_API_KEY"):
        manager.api_key()


def test_check_reports_each_key_without_the_secret(openai_server: OpenAIServer) -> None:
    openai_server.state.statuses = {PRIMARY: 401, BACKUP: 200}
    recorder, clock = MemoryChannel(), Clock()
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    reports = _manager(env, openai_server.base_url, recorder, clock).check()
    assert [(r.slot, r.status) for r in reports] == [
        ("primary", KeyStatus.REJECTED),
        ("backup", KeyStatus.VALID),
    ]
    assert reports[0].detail == "HTTP 401"
    assert all(PRIMARY not in repr(r) and BACKUP not in repr(r) for r in reports)


def test_api_key_is_the_llm_analyzers_key_provider(openai_server: OpenAIServer) -> None:
    import openai

    openai_server.state.statuses = {PRIMARY: 401, BACKUP: 200}
    env = EnvSource({"OPENAI_API_KEY": PRIMARY, "OPENAI_BACKUP_API_KEY": BACKUP})
    manager = _manager(env, openai_server.base_url, MemoryChannel(), Clock())
    with openai.OpenAI(
        api_key=manager.api_key, base_url=openai_server.base_url, max_retries=0
    ) as client:
        models = client.models.list()
    assert [m.id for m in models.data] == ["gpt-test"]
    assert openai_server.state.calls[-1] == BACKUP
