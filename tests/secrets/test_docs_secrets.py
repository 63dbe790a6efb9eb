"""docs/secrets.md documents every variable the secrets and alerts code reads, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from afterclass.alerts import ALERT_ENV_VARIABLES
from afterclass.secrets.config import SECRETS_ENV_VARIABLES, SECRETS_FILE_VARIABLE, EnvNames

PAGE = Path(__file__).resolve().parents[2] / "docs" / "secrets.md"
ELSEWHERE = {"AFTERCLASS_DATA_DIR", "AFTERCLASS_ENVIRONMENT"}  # documented in configuration.md


def _read() -> set[str]:
    variables = {*SECRETS_ENV_VARIABLES, *ALERT_ENV_VARIABLES, SECRETS_FILE_VARIABLE}
    return variables | set(EnvNames().model_dump().values())


def test_every_variable_read_is_documented() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert sorted(name for name in _read() if f"`{name}`" not in page) == []


def test_every_documented_afterclass_variable_is_read() -> None:
    page = PAGE.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(AFTERCLASS_[A-Z_]+)`", page))
    assert sorted(documented - _read() - ELSEWHERE) == []


def test_empty_variables_are_ignored_except_the_env_file() -> None:
    from afterclass.secrets.config import load_secrets_config

    config = load_secrets_config({"AFTERCLASS_KEY_VAULT_NAME": "", "AFTERCLASS_ENV_FILE": ""})
    assert config.source == "env"
    assert config.env_file is None
