"""The real azure-keyvault-secrets client against a local HTTPS Key Vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from afterclass.errors import SecretError
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.config import KeyVaultConfig, load_secrets_config
from afterclass.secrets.data_keys import load_keyring
from afterclass.secrets.keyvault import AzureKeyVaultSource
from afterclass.secrets.source import ENCRYPTION_KEY, OPENAI_API_KEY, OPENAI_BACKUP_API_KEY
from afterclass.secrets.sources import build_sources

if TYPE_CHECKING:
    from conftest import KeyVault


def _source(vault: KeyVault, **references: str) -> AzureKeyVaultSource:
    config = KeyVaultConfig(vault_url=vault.url, key_references=references)
    return AzureKeyVaultSource(config, credential=vault.credential, **vault.options())


def test_reads_the_latest_version_after_the_bearer_challenge(key_vault: KeyVault) -> None:
    key_vault.state.add("openai-o3-key", "CANARYold", days_ago=40)
    newest = key_vault.state.add("openai-o3-key", "CANARYnew", days_ago=2)
    source = _source(key_vault, openai_api_key=f"{key_vault.url}/secrets/openai-o3-key")
    value = source.get(OPENAI_API_KEY)
    assert value is not None
    assert value.value == "CANARYnew"
    assert value.version == newest
    assert value.created_at is not None
    assert timedelta(days=1) < datetime.now(UTC) - value.created_at < timedelta(days=3)
    assert key_vault.state.unauthorized == 1  # the challenge, then the token
    assert key_vault.credential.scopes == ["https://vault.azure.net/.default"]


def test_a_pinned_version_is_read_as_pinned(key_vault: KeyVault) -> None:
    first = key_vault.state.add("openai-o3-key", "CANARYfirst")
    key_vault.state.add("openai-o3-key", "CANARYsecond")
    source = _source(key_vault, openai_api_key=f"{key_vault.url}/secrets/openai-o3-key/{first}")
    value = source.get(OPENAI_API_KEY)
    assert value is not None and value.value == "CANARYfirst"


def test_a_missing_secret_is_none_not_an_error(key_vault: KeyVault) -> None:
    assert _source(key_vault).get(OPENAI_BACKUP_API_KEY) is None


def test_default_secret_names_use_dashes(key_vault: KeyVault) -> None:
    key_vault.state.add("openai-backup-api-key", "CANARYbackup")
    value = _source(key_vault).get(OPENAI_BACKUP_API_KEY)
    assert value is not None and value.value == "CANARYbackup"


def test_history_reads_the_other_enabled_versions_oldest_first(key_vault: KeyVault) -> None:
    state = key_vault.state
    state.add("data-encryption-key", "CANARYv1", days_ago=90)
    state.add("data-encryption-key", "CANARYoff", days_ago=60, enabled=False)
    state.add("data-encryption-key", "CANARYv2", days_ago=30)
    state.add("data-encryption-key", "CANARYv3")
    older = _source(key_vault, encryption_key="data-encryption-key").history(ENCRYPTION_KEY)
    assert [v.value for v in older] == ["CANARYv1", "CANARYv2"]


def test_a_new_vault_version_becomes_the_write_key_and_old_ones_still_read(
    key_vault: KeyVault, tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    config = load_secrets_config({"AFTERCLASS_KEY_VAULT_URL": key_vault.url})
    first, second = canary_key("vaultone"), canary_key("vaulttwo")
    key_vault.state.add("encryption-key", first)
    source = CachedSource(_source(key_vault), ttl=timedelta(0))
    before = load_keyring(config, [source], data_dir=tmp_path, production=True)
    sealed = before.encrypt(b"transcript", b"test")

    key_vault.state.add("encryption-key", second)
    after = load_keyring(config, [source], data_dir=tmp_path, production=True)
    assert after.write_key.key_id != before.write_key.key_id
    assert after.decrypt(sealed, b"test") == b"transcript"
    assert after.needs_rotation(sealed)


def test_an_unreachable_vault_is_a_secret_error_without_the_secret(free_port: int) -> None:
    config = KeyVaultConfig(vault_url=f"https://127.0.0.1:{free_port}")
    source = AzureKeyVaultSource(config, credential=_NoToken(), retry_total=0)
    with pytest.raises(SecretError, match="could not read secret 'openai-api-key'") as caught:
        source.get(OPENAI_API_KEY)
    assert "identity may 'get'" in str(caught.value)


def test_build_sources_asks_the_vault_first_then_the_environment(key_vault: KeyVault) -> None:
    key_vault.state.add("openai-api-key", "CANARYvault")
    config = load_secrets_config({"AFTERCLASS_KEY_VAULT_URL": key_vault.url})
    env = {"OPENAI_API_KEY": "CANARYenv", "AFTERCLASS_ID_PEPPER": "CANARYpepper-from-env"}
    sources = build_sources(
        config,
        env,
        production=True,
        azure_credential=key_vault.credential,
        azure_options=key_vault.options(),
    )
    assert [s.name.split(":")[0] for s in sources] == ["azure", "env"]
    primary = sources[0].get(OPENAI_API_KEY)
    assert primary is not None and primary.value == "CANARYvault"
    assert sources[0].get("id_pepper") is None
    pepper = sources[1].get("id_pepper")
    assert pepper is not None and pepper.value == "CANARYpepper-from-env"


class _NoToken:
    def get_token(self, *scopes: str, **kwargs: object) -> object:
        raise AssertionError("no token is needed when the vault cannot be reached")
