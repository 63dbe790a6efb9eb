from __future__ import annotations

import json
import logging
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from afterclass.errors import ConfigError, CryptoError
from afterclass.privacy.crypto import Keyring
from afterclass.secrets.config import load_secrets_config
from afterclass.secrets.data_keys import (
    describe_data_key,
    load_id_hasher,
    load_keyring,
    rotate_data_key,
    rotate_local_key,
)
from afterclass.secrets.env import EnvSource

CONFIG = load_secrets_config({})


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_development_creates_a_private_key_file_once_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    data_dir = tmp_path / "data"
    keyring = load_keyring(CONFIG, [EnvSource({})], data_dir=data_dir, production=False)
    key_file = data_dir / "keys.json"
    assert _mode(key_file) == 0o600
    assert "created a new data-encryption key file" in caplog.text
    document = json.loads(key_file.read_text())
    assert [k["key_id"] for k in document["keys"]] == [keyring.write_key.key_id]
    assert len(document["id_pepper"]) >= 16
    assert not list(data_dir.glob(".*.tmp"))

    caplog.clear()
    again = load_keyring(CONFIG, [EnvSource({})], data_dir=data_dir, production=False)
    assert again.write_key.key_id == keyring.write_key.key_id
    assert "created" not in caplog.text


def test_the_id_hasher_uses_the_key_files_pepper_stably(tmp_path: Path) -> None:
    first = load_id_hasher(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    second = load_id_hasher(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    assert first.hash("student-42") == second.hash("student-42")
    other_dir = load_id_hasher(CONFIG, [EnvSource({})], data_dir=tmp_path / "x", production=False)
    assert other_dir.hash("student-42") != first.hash("student-42")


def test_production_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"production needs .*STUDENT_DATA_ENCRYPTION_KEY"):
        load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=True)
    assert not (tmp_path / "keys.json").exists()


def test_production_refuses_to_start_without_a_pepper(
    tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": canary_key("prod")})
    load_keyring(CONFIG, [env], data_dir=tmp_path, production=True)
    with pytest.raises(ConfigError, match="AFTERCLASS_ID_PEPPER"):
        load_id_hasher(CONFIG, [env], data_dir=tmp_path, production=True)
    assert not (tmp_path / "keys.json").exists()


def test_a_configured_key_and_pepper_are_used(
    tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    key, pepper = canary_key("envkey"), "CANARY-pepper-0123456789"
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": key, "AFTERCLASS_ID_PEPPER": pepper})
    keyring = load_keyring(CONFIG, [env], data_dir=tmp_path, production=True)
    hasher = load_id_hasher(CONFIG, [env], data_dir=tmp_path, production=True)
    same = Keyring([keyring.write_key])
    assert same.decrypt(keyring.encrypt(b"x", b"p"), b"p") == b"x"
    assert hasher.hash("s1") != load_id_hasher(
        CONFIG,
        [EnvSource({"AFTERCLASS_ID_PEPPER": pepper + "!"})],
        data_dir=tmp_path,
        production=True,
    ).hash("s1")
    assert not (tmp_path / "keys.json").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dev_key_here", "not valid base64"),  # the seed's .env example
        ("c2hvcnQ=", "decodes to 5 bytes"),
    ],
)
def test_a_malformed_key_is_a_clear_crypto_error(tmp_path: Path, text: str, message: str) -> None:
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": text})
    with pytest.raises(CryptoError, match=message) as caught:
        load_keyring(CONFIG, [env], data_dir=tmp_path, production=False)
    assert "STUDENT_DATA_ENCRYPTION_KEY (from env:STUDENT_DATA_ENCRYPTION_KEY)" in str(caught.value)
    assert text not in str(caught.value)


def test_a_short_pepper_is_refused(tmp_path: Path) -> None:
    env = EnvSource({"AFTERCLASS_ID_PEPPER": "short"})
    with pytest.raises(CryptoError, match=r"AFTERCLASS_ID_PEPPER .* shorter than 16"):
        load_id_hasher(CONFIG, [env], data_dir=tmp_path, production=True)


def test_rotating_the_key_file_adds_a_newest_key_and_old_data_stays_readable(
    tmp_path: Path,
) -> None:
    before = load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    sealed = before.encrypt(b"transcript", b"session.transcript")
    new_key = rotate_local_key(tmp_path)
    after = load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    assert after.write_key.key_id == new_key.key_id != before.write_key.key_id
    assert after.key_ids == [before.write_key.key_id, new_key.key_id]
    assert after.decrypt(sealed, b"session.transcript") == b"transcript"
    assert after.needs_rotation(sealed)
    assert _mode(tmp_path / "keys.json") == 0o600
    pepper = load_id_hasher(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    assert pepper.hash("s") == load_id_hasher(
        CONFIG, [EnvSource({})], data_dir=tmp_path, production=False
    ).hash("s")


def test_old_keys_from_the_environment_stay_readable(
    tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    old, new = canary_key("oldkey"), canary_key("newkey")
    sealed = load_keyring(
        CONFIG,
        [EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": old})],
        data_dir=tmp_path,
        production=True,
    ).encrypt(b"state", b"p")
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": new, "STUDENT_DATA_ENCRYPTION_OLD_KEYS": old})
    keyring = load_keyring(CONFIG, [env], data_dir=tmp_path, production=True)
    assert keyring.decrypt(sealed, b"p") == b"state"
    assert keyring.needs_rotation(sealed)
    without_old = load_keyring(
        CONFIG,
        [EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": new})],
        data_dir=tmp_path,
        production=True,
    )
    with pytest.raises(CryptoError, match="STUDENT_DATA_ENCRYPTION_OLD_KEYS"):
        without_old.decrypt(sealed, b"p")


def test_a_configured_key_keeps_the_embedded_key_file_readable(
    tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    embedded = load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    sealed = embedded.encrypt(b"early data", b"p")
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": canary_key("moved")})
    configured = load_keyring(CONFIG, [env], data_dir=tmp_path, production=False)
    assert configured.write_key.key_id != embedded.write_key.key_id
    assert configured.decrypt(sealed, b"p") == b"early data"


def test_a_damaged_key_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"keys": [')
    path.chmod(0o600)
    with pytest.raises(CryptoError, match=r"keys.json is damaged \(not valid JSON\); restore"):
        load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)


def test_a_readable_key_file_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    (tmp_path / "keys.json").chmod(0o644)
    load_keyring(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    assert "chmod 600" in caplog.text


def test_rotate_data_key_with_a_configured_key_adds_nothing_to_the_file(
    tmp_path: Path, canary_key: Callable[[str], str]
) -> None:
    key = canary_key("confkey")
    env = EnvSource({"STUDENT_DATA_ENCRYPTION_KEY": key})
    keyring = rotate_data_key(CONFIG, [env], data_dir=tmp_path, production=False)
    assert (
        keyring.write_key.key_id
        == load_keyring(CONFIG, [env], data_dir=tmp_path, production=False).write_key.key_id
    )
    assert not (tmp_path / "keys.json").exists()
    embedded = rotate_data_key(CONFIG, [EnvSource({})], data_dir=tmp_path / "d", production=False)
    assert len(embedded.key_ids) == 1  # first run: the file is made with one key
    rotated = rotate_data_key(CONFIG, [EnvSource({})], data_dir=tmp_path / "d", production=False)
    assert len(rotated.key_ids) == 2


def test_describe_creates_nothing_and_reports_production_gaps(tmp_path: Path) -> None:
    report = describe_data_key(CONFIG, [EnvSource({})], data_dir=tmp_path, production=True)
    assert not report.ok and "production refuses to start" in report.note
    report = describe_data_key(CONFIG, [EnvSource({})], data_dir=tmp_path, production=False)
    assert report.ok and report.write_key_id is None
    assert not (tmp_path / "keys.json").exists()
