"""No secret ever appears in logs, exception messages, alert text, CLI output or reprs.

Every secret here starts with CANARY; every path that handles one runs with logging at DEBUG for
every logger (the SDKs' too), and everything it produced is searched for the prefix.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from afterclass.alerts import Alert, Alerter, load_alert_config
from afterclass.errors import AfterclassError
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.checkup import check_keys
from afterclass.secrets.config import KeyVaultConfig, SecretsConfig, load_secrets_config
from afterclass.secrets.data_keys import load_id_hasher, load_keyring
from afterclass.secrets.env import EnvSource
from afterclass.secrets.key_manager import KeyManager
from afterclass.secrets.keyvault import AzureKeyVaultSource
from afterclass.secrets.source import ChainedSource
from afterclass.secrets.validation import OpenAIKeyValidator

if TYPE_CHECKING:
    from conftest import KeyVault, OpenAIServer

CANARY = "CANARY"


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


@dataclass
class World:
    """Canary secrets in a local vault and the environment, read through the usual chain."""

    source: CachedSource
    config: SecretsConfig
    alerter: Alerter
    recorder: Recorder


@pytest.fixture
def world(key_vault: KeyVault, canary_key: Callable[[str], str]) -> World:
    key_vault.state.add("openai-api-key", "CANARYprimary", days_ago=90)
    key_vault.state.add("encryption-key", "CANARY-not-base64!")
    vault = AzureKeyVaultSource(
        KeyVaultConfig(vault_url=key_vault.url),
        credential=key_vault.credential,
        **key_vault.options(),
    )
    env = EnvSource(
        {
            "OPENAI_BACKUP_API_KEY": "CANARYbackup",
            "AFTERCLASS_ID_PEPPER": "CANARYshort",
            "STUDENT_DATA_ENCRYPTION_OLD_KEYS": canary_key("oldenv"),
        }
    )
    recorder = Recorder()
    return World(
        source=CachedSource(ChainedSource([vault, env])),
        config=load_secrets_config({"AFTERCLASS_KEY_VAULT_URL": key_vault.url}),
        alerter=Alerter([recorder]),
        recorder=recorder,
    )


def _leaks(texts: list[str], caplog: pytest.LogCaptureFixture) -> list[str]:
    assert len(caplog.records) > 5, "the SDKs' debug logs must be part of the search"
    everything = texts + [record.getMessage() for record in caplog.records]
    return [text for text in everything if CANARY in text]


def test_key_failover_leaks_nothing(
    world: World,
    openai_server: OpenAIServer,
    free_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    openai_server.state.statuses = {"CANARYprimary": 401, "CANARYbackup": 403}
    source = world.source
    seen = [repr(source.get("openai_api_key")), str(source.get("openai_backup_api_key"))]
    validator = OpenAIKeyValidator(base_url=openai_server.base_url)
    manager = KeyManager(source, validator=validator, alerter=world.alerter)
    with pytest.raises(AfterclassError) as caught:
        manager.api_key()
    seen += [str(caught.value), repr(caught.value)]
    seen += [repr(report) for report in manager.check()]
    seen += [f"{alert!r} {alert.text()}" for alert in world.recorder.sent]
    unreachable = OpenAIKeyValidator(base_url=f"http://127.0.0.1:{free_port}/v1")
    seen.append(repr(unreachable("CANARYprimary")))
    assert world.recorder.sent, "the rejected keys must have raised alerts"
    assert _leaks(seen, caplog) == []


def test_data_keys_and_checks_leak_nothing(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config, source = world.config, world.source
    seen = [repr(value) for value in source.history("encryption_key")]
    for attempt in (
        lambda: load_keyring(config, [source], data_dir=tmp_path, production=True),
        lambda: load_id_hasher(config, [source], data_dir=tmp_path, production=True),
    ):
        with pytest.raises(AfterclassError) as caught:
            attempt()
        seen += [str(caught.value), repr(caught.value)]
    report = check_keys(
        config, source, validator=None, alerter=world.alerter, data_dir=tmp_path, production=True
    )
    seen.append(repr(report))
    seen.append(repr(load_alert_config({"AFTERCLASS_SMTP_PASSWORD": "CANARYsmtp"})))
    assert not report.ok
    assert _leaks(seen, caplog) == []


def test_the_key_file_is_the_only_place_the_embedded_keys_are_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = load_secrets_config({})
    keyring = load_keyring(config, [EnvSource({})], data_dir=tmp_path, production=False)
    document = json.loads((tmp_path / "keys.json").read_text())
    secrets = [entry["key"] for entry in document["keys"]] + [document["id_pepper"]]
    texts = [record.getMessage() for record in caplog.records] + [repr(keyring.write_key)]
    assert not [s for s in secrets for text in texts if s in text]
