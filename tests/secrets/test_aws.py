"""The real boto3 client against moto's server on 127.0.0.1."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from afterclass.errors import SecretError
from afterclass.secrets.aws import AwsSecretsManagerSource
from afterclass.secrets.cache import CachedSource
from afterclass.secrets.config import SecretsManagerConfig, load_secrets_config
from afterclass.secrets.data_keys import load_keyring
from afterclass.secrets.source import ENCRYPTION_KEY, OPENAI_API_KEY, OPENAI_BACKUP_API_KEY
from afterclass.secrets.sources import build_sources

REGION = "us-east-1"


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def client(moto_endpoint: str, aws_env: None) -> Any:
    return boto3.client("secretsmanager", region_name=REGION, endpoint_url=moto_endpoint)


@pytest.fixture
def secret_name(client: Any) -> str:
    name = f"ai-tutor/openai-keys-{uuid.uuid4().hex[:8]}"
    document = {"OPENAI_API_KEY": "CANARYprimary1", "OPENAI_BACKUP_API_KEY": "CANARYbackup1"}
    client.create_secret(Name=name, SecretString=json.dumps(document))
    return name


def _rotate(client: Any, name: str, document: dict[str, str]) -> str:
    """What a rotation function does: stage AWSPENDING, then move AWSCURRENT to it."""
    current = client.describe_secret(SecretId=name)["VersionIdsToStages"]
    old = next(v for v, stages in current.items() if "AWSCURRENT" in stages)
    new = client.put_secret_value(
        SecretId=name, SecretString=json.dumps(document), VersionStages=["AWSPENDING"]
    )["VersionId"]
    client.update_secret_version_stage(
        SecretId=name, VersionStage="AWSCURRENT", MoveToVersionId=new, RemoveFromVersionId=old
    )
    return str(new)


def _source(client: Any, name: str) -> AwsSecretsManagerSource:
    return AwsSecretsManagerSource(
        SecretsManagerConfig(region=REGION, secret_name=name), client=client
    )


def test_reads_keys_from_the_json_secret(client: Any, secret_name: str) -> None:
    source = _source(client, secret_name)
    primary, backup = source.get(OPENAI_API_KEY), source.get(OPENAI_BACKUP_API_KEY)
    assert primary is not None and primary.value == "CANARYprimary1"
    assert backup is not None and backup.value == "CANARYbackup1"
    assert primary.version and primary.created_at is not None
    assert primary.source.endswith("#OPENAI_API_KEY")
    assert source.get(ENCRYPTION_KEY) is None


def test_a_rotation_by_staging_labels_is_picked_up_after_the_ttl(
    client: Any, secret_name: str
) -> None:
    now = [0.0]
    source = CachedSource(
        _source(client, secret_name), ttl=timedelta(minutes=5), clock=lambda: now[0]
    )
    before = source.get(OPENAI_API_KEY)
    new_version = _rotate(
        client, secret_name, {"OPENAI_API_KEY": "CANARYprimary2", "OPENAI_BACKUP_API_KEY": "b"}
    )
    now[0] += 60
    held = source.get(OPENAI_API_KEY)
    assert held == before  # within the TTL the held value is used
    now[0] += 300
    after = source.get(OPENAI_API_KEY)
    assert after is not None and after.value == "CANARYprimary2"
    assert after.version == new_version


def test_a_pending_version_is_not_used_before_it_is_current(client: Any, secret_name: str) -> None:
    client.put_secret_value(
        SecretId=secret_name,
        SecretString=json.dumps({"OPENAI_API_KEY": "CANARYpending"}),
        VersionStages=["AWSPENDING"],
    )
    value = _source(client, secret_name).get(OPENAI_API_KEY)
    assert value is not None and value.value == "CANARYprimary1"


def test_encryption_key_rotation_keeps_previous_and_listed_keys_readable(
    client: Any, tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    name = f"ai-tutor/data-{uuid.uuid4().hex[:8]}"
    first, second, listed = canary_key("awsfirst"), canary_key("awssecond"), canary_key("awsold")
    client.create_secret(
        Name=name,
        SecretString=json.dumps(
            {"STUDENT_DATA_ENCRYPTION_KEY": first, "STUDENT_DATA_ENCRYPTION_OLD_KEYS": listed}
        ),
    )
    config = load_secrets_config({"AFTERCLASS_AWS_SECRET_NAME": name, "AWS_REGION": REGION})
    before = load_keyring(config, [_source(client, name)], data_dir=tmp_path, production=True)
    sealed = before.encrypt(b"profile", b"test")
    _rotate(client, name, {"STUDENT_DATA_ENCRYPTION_KEY": second})
    after = load_keyring(config, [_source(client, name)], data_dir=tmp_path, production=True)
    assert after.write_key.key_id != before.write_key.key_id
    assert after.decrypt(sealed, b"test") == b"profile"  # via AWSPREVIOUS
    assert len(before.key_ids) == 2  # the listed old key and the current one


def test_a_secret_that_is_not_json_is_a_clear_error(client: Any) -> None:
    name = f"plain-{uuid.uuid4().hex[:8]}"
    client.create_secret(Name=name, SecretString="CANARYplaintext")
    with pytest.raises(SecretError, match="not a JSON object") as caught:
        _source(client, name).get(OPENAI_API_KEY)
    assert "CANARY" not in str(caught.value)


def test_a_missing_secret_is_a_clear_error(client: Any) -> None:
    with pytest.raises(SecretError, match=r"ResourceNotFoundException.*GetSecretValue"):
        _source(client, "no/such/secret").get(OPENAI_API_KEY)


def test_build_sources_makes_its_own_client_from_config(
    moto_endpoint: str, aws_env: None, secret_name: str
) -> None:
    config = load_secrets_config(
        {
            "AFTERCLASS_AWS_SECRET_NAME": secret_name,
            "AFTERCLASS_AWS_REGION": REGION,
            "AFTERCLASS_AWS_ENDPOINT_URL": moto_endpoint,
        }
    )
    sources = build_sources(config, {}, production=True)
    assert sources[0].name == f"aws:{REGION}/{secret_name}"
    value = sources[0].get(OPENAI_API_KEY)
    assert value is not None and value.value == "CANARYprimary1"
