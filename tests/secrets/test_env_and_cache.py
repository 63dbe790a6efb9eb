from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from afterclass.errors import SecretError
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.env import EnvSource
from afterclass.secrets.source import (
    ENCRYPTION_KEY,
    OPENAI_API_KEY,
    OPENAI_BACKUP_API_KEY,
    ChainedSource,
    SecretValue,
)


def test_env_file_fills_in_what_the_environment_lacks(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# development only\nOPENAI_API_KEY=CANARYfromfile\nOPENAI_BACKUP_API_KEY='CANARYbackup'\n"
    )
    source = EnvSource({"OPENAI_API_KEY": "CANARYfromenv"}, env_file=env_file)
    primary = source.get(OPENAI_API_KEY)
    backup = source.get(OPENAI_BACKUP_API_KEY)
    assert primary is not None and primary.value == "CANARYfromenv"
    assert primary.source == "env:OPENAI_API_KEY"
    assert backup is not None and backup.value == "CANARYbackup"
    assert backup.source == f"{env_file}:OPENAI_BACKUP_API_KEY"


def test_env_file_is_read_when_asked_so_edits_are_seen(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    source = EnvSource({}, env_file=env_file)  # no file yet: nothing read, nothing fails
    assert source.get(OPENAI_API_KEY) is None
    env_file.write_text("OPENAI_API_KEY=CANARYone\n")
    first = source.get(OPENAI_API_KEY)
    env_file.write_text("OPENAI_API_KEY=CANARYtwo\n")
    second = source.get(OPENAI_API_KEY)
    assert (first and first.value, second and second.value) == ("CANARYone", "CANARYtwo")


def test_empty_variables_count_as_unset() -> None:
    assert EnvSource({"OPENAI_API_KEY": "  "}).get(OPENAI_API_KEY) is None


def test_old_encryption_keys_are_listed_in_order() -> None:
    source = EnvSource({"STUDENT_DATA_ENCRYPTION_OLD_KEYS": "old1, old2\nold3"})
    assert [v.value for v in source.history(ENCRYPTION_KEY)] == ["old1", "old2", "old3"]
    assert source.history(OPENAI_API_KEY) == []


def test_a_secret_values_repr_and_str_hide_the_value() -> None:
    value = SecretValue("CANARYsecret", version="v7", source="env:X")
    assert "CANARY" not in repr(value)
    assert "CANARY" not in str(value)
    assert "CANARY" not in f"{value}"
    assert "v7" in repr(value)


def test_chained_sources_answer_in_order() -> None:
    vault = EnvSource({"OPENAI_API_KEY": "from-vault"})
    env = EnvSource({"OPENAI_API_KEY": "from-env", "OPENAI_BACKUP_API_KEY": "backup-env"})
    chain = ChainedSource([vault, env])
    primary, backup = chain.get(OPENAI_API_KEY), chain.get(OPENAI_BACKUP_API_KEY)
    assert primary is not None and primary.value == "from-vault"
    assert backup is not None and backup.value == "backup-env"


class _Counting:
    """A source over a dict that counts reads and can be made to fail."""

    name = "counting"

    def __init__(self, values: dict[str, str]):
        self.values = values
        self.reads = 0
        self.down = False

    def get(self, name: str) -> SecretValue | None:
        self.reads += 1
        if self.down:
            raise SecretError("vault unreachable")
        text = self.values.get(name)
        return None if text is None else SecretValue(text, version=f"v-{text}")

    def history(self, name: str) -> list[SecretValue]:
        return []


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_cache_reuses_until_the_ttl_then_sees_a_new_version() -> None:
    inner, clock = _Counting({OPENAI_API_KEY: "one"}), _Clock()
    changes: list[tuple[str | None, str | None]] = []
    cache = CachedSource(
        inner,
        ttl=timedelta(seconds=60),
        clock=clock,
        on_change=lambda name, old, new: changes.append((old and old.version, new and new.version)),
    )
    assert cache.get(OPENAI_API_KEY) == SecretValue("one", version="v-one")
    inner.values[OPENAI_API_KEY] = "two"
    clock.now += 59
    held = cache.get(OPENAI_API_KEY)
    assert held is not None and held.value == "one"
    assert inner.reads == 1
    clock.now += 2
    fresh = cache.get(OPENAI_API_KEY)
    assert fresh is not None and fresh.value == "two"
    assert changes == [("v-one", "v-two")]


def test_cache_keeps_the_held_value_through_a_vault_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner, clock = _Counting({OPENAI_API_KEY: "one"}), _Clock()
    cache = CachedSource(inner, ttl=timedelta(seconds=60), clock=clock)
    cache.get(OPENAI_API_KEY)
    inner.down = True
    clock.now += 120
    held = cache.get(OPENAI_API_KEY)
    assert held is not None and held.value == "one"
    assert "vault unreachable" in caplog.text
    clock.now += 10  # the failed read counts as a read: no hammering
    cache.get(OPENAI_API_KEY)
    assert inner.reads == 2


def test_cache_with_nothing_held_reports_the_outage() -> None:
    inner = _Counting({})
    inner.down = True
    with pytest.raises(SecretError, match="vault unreachable"):
        CachedSource(inner).get(OPENAI_API_KEY)


def test_refresh_forces_a_new_read() -> None:
    inner = _Counting({OPENAI_API_KEY: "one"})
    cache = CachedSource(inner, ttl=timedelta(hours=1))
    cache.get(OPENAI_API_KEY)
    cache.refresh()
    cache.get(OPENAI_API_KEY)
    assert inner.reads == 2
