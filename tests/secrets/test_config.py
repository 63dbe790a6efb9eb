from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from afterclass.errors import ConfigError, MissingExtraError
from afterclass.secrets.config import KeyVaultConfig, SecretsManagerConfig, load_secrets_config
from afterclass.secrets.sources import build_sources

SEED_YAML = """
key_vault_config:
  vault_name: "ai-tutor-vault"
  key_references:
    openai_api_key: "https://ai-tutor-vault.vault.azure.net/secrets/openai-o3-key"
    encryption_key: "https://ai-tutor-vault.vault.azure.net/secrets/data-encryption-key/abc123"
"""

SEED_AWS_YAML = """
secrets_manager:
  region: "us-east-1"
  secret_name: "ai-tutor/openai-keys"
  rotation_enabled: true
  rotation_interval: 30_days
"""


def test_defaults_read_the_environment_only() -> None:
    config = load_secrets_config({})
    assert config.source == "env"
    assert config.env_names.openai_api_key == "OPENAI_API_KEY"
    assert config.env_names.encryption_key == "STUDENT_DATA_ENCRYPTION_KEY"
    assert config.rotation() == timedelta(days=30)


def test_the_seeds_key_vault_block_maps_references(tmp_path: Path) -> None:
    path = tmp_path / "secrets.yaml"
    path.write_text(SEED_YAML)
    config = load_secrets_config({"AFTERCLASS_SECRETS_FILE": str(path)})
    assert config.source == "azure"
    vault = config.key_vault_config
    assert vault is not None
    assert vault.base_url() == "https://ai-tutor-vault.vault.azure.net"
    assert vault.reference("openai_api_key").name == "openai-o3-key"
    assert vault.reference("openai_api_key").version is None
    pinned = vault.reference("encryption_key")
    assert (pinned.name, pinned.version) == ("data-encryption-key", "abc123")
    # unlisted secrets use their logical name with dashes
    assert vault.reference("openai_backup_api_key").name == "openai-backup-api-key"


def test_the_seeds_secrets_manager_block_with_30_days(tmp_path: Path) -> None:
    path = tmp_path / "secrets.yaml"
    path.write_text(SEED_AWS_YAML)
    config = load_secrets_config({"AFTERCLASS_SECRETS_FILE": str(path)})
    assert config.source == "aws"
    assert config.secrets_manager is not None
    assert config.secrets_manager.secret_name == "ai-tutor/openai-keys"
    assert config.rotation() == timedelta(days=30)


def test_environment_variables_configure_aws_and_override_rotation() -> None:
    config = load_secrets_config(
        {
            "AFTERCLASS_AWS_SECRET_NAME": "tutor/keys",
            "AWS_REGION": "eu-west-1",
            "AFTERCLASS_KEY_ROTATION_DAYS": "7 days",
        }
    )
    assert config.source == "aws"
    assert config.secrets_manager == SecretsManagerConfig(
        region="eu-west-1", secret_name="tutor/keys"
    )
    assert config.rotation() == timedelta(days=7)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"AFTERCLASS_SECRETS_SOURCE": "vault"}, "source"),
        ({"AFTERCLASS_KEY_ROTATION_DAYS": "monthly"}, "rotation_interval"),
        ({"AFTERCLASS_SECRETS_SOURCE": "azure"}, "AFTERCLASS_KEY_VAULT_NAME"),
        ({"AFTERCLASS_AWS_SECRET_NAME": "x"}, "secrets_manager.region"),
    ],
)
def test_bad_settings_name_what_to_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_secrets_config(env)


def test_unknown_fields_in_the_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "secrets.yaml"
    path.write_text(SEED_AWS_YAML + "  rotation_lambda: arn:aws:lambda:x\n")
    with pytest.raises(ConfigError, match="rotation_lambda"):
        load_secrets_config({"AFTERCLASS_SECRETS_FILE": str(path)})


def test_a_reference_to_another_vault_is_refused() -> None:
    vault = KeyVaultConfig(
        vault_name="mine",
        key_references={"openai_api_key": "https://theirs.vault.azure.net/secrets/key"},
    )
    with pytest.raises(
        ConfigError, match=re.escape("not a secret of vault https://mine.vault.azure.net")
    ):
        vault.reference("openai_api_key")


def test_vault_without_its_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "azure.keyvault.secrets", None)
    config = load_secrets_config({"AFTERCLASS_KEY_VAULT_NAME": "ai-tutor-vault"})
    with pytest.raises(MissingExtraError, match=r"pip install 'afterclass\[azure\]'"):
        build_sources(config, {}, production=True)


def test_aws_without_its_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "botocore.exceptions", None)
    config = load_secrets_config({"AFTERCLASS_AWS_SECRET_NAME": "k", "AWS_REGION": "us-east-1"})
    with pytest.raises(MissingExtraError, match=r"pip install 'afterclass\[aws\]'"):
        build_sources(config, {}, production=True)


def test_importing_the_package_reads_no_secret_and_no_sdk() -> None:
    import subprocess

    code = (
        "import sys, afterclass.secrets, afterclass.alerts, afterclass.cli.keys;"
        "loaded = [m for m in ('boto3', 'azure.keyvault.secrets', 'openai') "
        "if m in sys.modules]; print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
