"""Secrets from AWS Secrets Manager (``pip install 'afterclass[aws]'``).

One secret (``secrets_manager.secret_name``) holds a JSON object whose keys are the same names
as the environment variables, e.g. ``{"OPENAI_API_KEY": "...", "OPENAI_BACKUP_API_KEY": "...",
"STUDENT_DATA_ENCRYPTION_KEY": "..."}``. The current value is always the ``AWSCURRENT`` stage,
so a rotation (a new version staged ``AWSPENDING``, then moved to ``AWSCURRENT``) is picked up
when the cache next reads. Older encryption keys for reading come from the
``STUDENT_DATA_ENCRYPTION_OLD_KEYS`` entry and from the ``AWSPREVIOUS`` version.
"""

from __future__ import annotations

import importlib
import json
import re
from types import ModuleType
from typing import Any

from afterclass.errors import MissingExtraError, SecretError
from afterclass.secrets.config import EnvNames, SecretsManagerConfig
from afterclass.secrets.source import ENCRYPTION_KEY, SecretValue

EXTRA_HINT = "pip install 'afterclass[aws]'"
_SEPARATORS = re.compile(r"[\s,]+")


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtraError(
            f"AWS Secrets Manager needs boto3; install it with: {EXTRA_HINT}"
        ) from None


class AwsSecretsManagerSource:
    """Reads the JSON secret ``config.secret_name`` in ``config.region``.

    ``client`` is a boto3 ``secretsmanager`` client; by default one is made from the usual AWS
    credential chain (environment, profile, instance role).
    """

    def __init__(
        self,
        config: SecretsManagerConfig,
        *,
        names: EnvNames | None = None,
        client: Any = None,
    ):
        self._errors = _import("botocore.exceptions")
        self._config = config
        self._names = names or EnvNames()
        self._client = client
        self.name = f"aws:{config.region}/{config.secret_name}"

    def client(self) -> Any:
        if self._client is None:
            boto3 = _import("boto3")
            self._client = boto3.client(
                "secretsmanager",
                region_name=self._config.region,
                endpoint_url=self._config.endpoint_url,
            )
        return self._client

    def get(self, name: str) -> SecretValue | None:
        document = self._read("AWSCURRENT")
        if document is None:
            return None
        fields, version, created = document
        text = _field(fields, self._names.of(name), name)
        if not text:
            return None
        where = self._where(self._names.of(name))
        return SecretValue(text, version=version, created_at=created, source=where)

    def history(self, name: str) -> list[SecretValue]:
        if name != ENCRYPTION_KEY:
            return []
        older: list[SecretValue] = []
        current = self._read("AWSCURRENT")
        if current is not None:
            listed = _field(current[0], self._names.encryption_old_keys, "encryption_old_keys")
            where = self._where(self._names.encryption_old_keys)
            older += [SecretValue(k, source=where) for k in _SEPARATORS.split(listed or "") if k]
        previous = self._read("AWSPREVIOUS")
        if previous is not None:
            text = _field(previous[0], self._names.of(name), name)
            if text:
                where = self._where(self._names.of(name)) + "@AWSPREVIOUS"
                older.append(
                    SecretValue(text, version=previous[1], created_at=previous[2], source=where)
                )
        return older

    def _read(self, stage: str) -> tuple[dict[str, Any], str, Any] | None:
        try:
            response = self.client().get_secret_value(
                SecretId=self._config.secret_name, VersionStage=stage
            )
        except self._errors.ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if stage != "AWSCURRENT" and code == "ResourceNotFoundException":
                return None
            raise self._error(code) from None
        except self._errors.BotoCoreError as error:
            raise self._error(type(error).__name__) from None
        return (
            _parse(response, self.name),
            response.get("VersionId", ""),
            response.get("CreatedDate"),
        )

    def _where(self, key: str) -> str:
        return f"{self.name}#{key}"

    def _error(self, code: str) -> SecretError:
        return SecretError(
            f"could not read secret {self._config.secret_name!r} from AWS Secrets Manager in "
            f"{self._config.region} ({code or 'unknown error'}); check the secret name, region, "
            "network and that this role may secretsmanager:GetSecretValue"
        )


def _parse(response: dict[str, Any], where: str) -> dict[str, Any]:
    text = response.get("SecretString")
    try:
        fields = json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError:
        fields = None
    if not isinstance(fields, dict):
        raise SecretError(
            f"{where} is not a JSON object; store the secrets as a JSON object with keys "
            'such as {"OPENAI_API_KEY": ..., "STUDENT_DATA_ENCRYPTION_KEY": ...}'
        )
    return fields


def _field(fields: dict[str, Any], key: str, logical: str) -> str | None:
    value = fields.get(key, fields.get(logical))
    return value.strip() if isinstance(value, str) and value.strip() else None
