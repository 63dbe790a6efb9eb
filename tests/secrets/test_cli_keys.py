"""``afterclass keys new | check | rotate`` through Typer's runner."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
from typer.testing import CliRunner

from afterclass.cli import keys
from afterclass.cli.common import State
from afterclass.config import RetentionSettings
from afterclass.models import Session
from afterclass.privacy.crypto import Keyring, parse_key_b64
from afterclass.secrets.config import load_secrets_config
from afterclass.secrets.data_keys import load_id_hasher, load_keyring
from afterclass.secrets.env import EnvSource
from afterclass.store import Store, make_engine, migrate

if TYPE_CHECKING:
    from conftest import OpenAIServer

SECRET_VARIABLES = (
    "OPENAI_API_KEY",
    "OPENAI_BACKUP_API_KEY",
    "OPENAI_BASE_URL",
    "STUDENT_DATA_ENCRYPTION_KEY",
    "STUDENT_DATA_ENCRYPTION_OLD_KEYS",
    "AFTERCLASS_ID_PEPPER",
    "AFTERCLASS_ENVIRONMENT",
    "AFTERCLASS_DATABASE_URL",
    "AFTERCLASS_SECRETS_FILE",
    "AFTERCLASS_KEY_VAULT_NAME",
    "AFTERCLASS_AWS_SECRET_NAME",
)


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = State(None, None)

    keys.register(app)
    return app


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment: no secrets, a data folder in tmp, no stray .env file."""
    for name in SECRET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    monkeypatch.setenv("AFTERCLASS_DATA_DIR", str(folder))
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(make_app(), list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_keys_new_prints_a_fresh_usable_key(data_dir: Path) -> None:
    code, first = invoke("keys", "new")
    _, second = invoke("keys", "new")
    assert code == 0
    assert len(base64.b64decode(first.strip())) == 32
    assert parse_key_b64(first.strip()).key_id
    assert first != second


def test_keys_check_lists_sources_and_validates_without_printing_secrets(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, openai_server: OpenAIServer
) -> None:
    openai_server.state.statuses = {"CANARYprimary": 401, "CANARYbackup": 200}
    monkeypatch.setenv("OPENAI_API_KEY", "CANARYprimary")
    (data_dir.parent / ".env").write_text("OPENAI_BACKUP_API_KEY=CANARYbackup\n")
    monkeypatch.setenv("AFTERCLASS_OPENAI_BASE_URL", openai_server.base_url)
    code, output = invoke("keys", "check")
    assert code == 1  # the rejected primary needs attention
    assert "sources, in order: env+.env" in output
    lines = {line.split("│")[1].strip(): line for line in output.splitlines() if "│" in line}
    assert "rejected" in lines["OpenAI primary"] and "HTTP 401" in lines["OpenAI primary"]
    assert "valid" in lines["OpenAI backup"]
    assert "ok" in lines["data encryption"]
    assert "CANARY" not in output
    assert not data_dir.exists()  # checking creates nothing


def test_keys_check_in_production_flags_missing_keys(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERCLASS_ENVIRONMENT", "production")
    code, output = invoke("keys", "check", "--no-validate")
    assert code == 1
    lines = {line.split("│")[1].strip(): line for line in output.splitlines() if "│" in line}
    assert "problem" in lines["data encryption"]
    assert "problem" in lines["id pepper"]
    assert "not configured" in lines["data encryption"]


def test_keys_check_passes_with_everything_configured(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    openai_server: OpenAIServer,
    canary_key: Callable[[str], str],
) -> None:
    openai_server.state.statuses = {"CANARYprimary": 200}
    monkeypatch.setenv("AFTERCLASS_ENVIRONMENT", "production")
    monkeypatch.setenv("OPENAI_API_KEY", "CANARYprimary")
    monkeypatch.setenv("AFTERCLASS_OPENAI_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("STUDENT_DATA_ENCRYPTION_KEY", canary_key("clikey"))
    monkeypatch.setenv("AFTERCLASS_ID_PEPPER", "CANARY-pepper-for-the-cli")
    code, output = invoke("keys", "check")
    assert code == 0, output
    assert "valid" in output
    assert "CANARY" not in output


def _session(session_id: str) -> Session:
    start = datetime(2025, 3, 3, 16, 0, tzinfo=UTC)
    return Session.model_validate(
        {
            "session_id": session_id,
            "student_id": "student-1",
            "platform": "web",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=20)).isoformat(),
            "conversation": {"turns": [{"speaker": "student", "text": "Is it 3/4?"}]},
        }
    )


def test_keys_rotate_reencrypts_every_record_to_a_new_key(data_dir: Path) -> None:
    config = load_secrets_config({})
    env = [EnvSource({})]
    old = load_keyring(config, env, data_dir=data_dir, production=False)
    hasher = load_id_hasher(config, env, data_dir=data_dir, production=False)
    engine = make_engine(f"sqlite:///{data_dir / 'afterclass.sqlite3'}")
    migrate(engine)
    store = Store(engine, keyring=old, hasher=hasher, retention=RetentionSettings())
    for n in range(3):
        store.accept_session(_session(f"s{n}"), at=datetime.now(UTC))

    code, output = invoke("keys", "rotate", "--batch-size", "2")
    assert code == 0, output
    assert "re-encrypted 3 records" in output
    new = load_keyring(config, env, data_dir=data_dir, production=False)
    assert new.write_key.key_id != old.write_key.key_id
    only_new = Store(
        engine, keyring=Keyring([new.write_key]), hasher=hasher, retention=RetentionSettings()
    )
    assert only_new.get_session("s2").session.conversation.turns[0].text == "Is it 3/4?"
    engine.dispose()


def test_keys_rotate_in_production_without_a_key_is_a_clear_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERCLASS_ENVIRONMENT", "production")
    code, output = invoke("keys", "rotate")
    assert code == 2
    assert "production needs a configured data-encryption key" in output
