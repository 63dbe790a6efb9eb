"""Secrets from the process environment and, in development, a ``.env`` file.

The file is read when a secret is asked for, never at import, and again on each read, so an
edited ``.env`` is picked up (after the cache's TTL) without a restart. Variables already in the
process environment win over the file, as with ``dotenv``'s usual behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

from afterclass.secrets.config import EnvNames
from afterclass.secrets.source import ENCRYPTION_KEY, SecretValue

_SEPARATORS = re.compile(r"[\s,]+")


class EnvSource:
    """Reads each secret from its environment variable (see ``EnvNames``)."""

    def __init__(
        self,
        environ: Mapping[str, str],
        *,
        env_file: Path | None = None,
        names: EnvNames | None = None,
    ):
        self._environ = environ
        self._env_file = env_file
        self._names = names or EnvNames()
        self.name = "env" if env_file is None else f"env+{env_file}"

    def get(self, name: str) -> SecretValue | None:
        text = self._lookup(self._names.of(name))
        if not text:
            return None
        return SecretValue(text, source=self._where(self._names.of(name)))

    def history(self, name: str) -> list[SecretValue]:
        """Older encryption keys from STUDENT_DATA_ENCRYPTION_OLD_KEYS (comma/space separated)."""
        if name != ENCRYPTION_KEY:
            return []
        variable = self._names.encryption_old_keys
        text = self._lookup(variable) or ""
        where = self._where(variable)
        return [SecretValue(item, source=where) for item in _SEPARATORS.split(text) if item]

    def _lookup(self, variable: str) -> str | None:
        value = self._environ.get(variable)
        if value:
            return value.strip()
        file_value = self._file_values().get(variable)
        return file_value.strip() if file_value else None

    def _file_values(self) -> dict[str, str | None]:
        if self._env_file is None or not self._env_file.is_file():
            return {}
        return dotenv_values(self._env_file, interpolate=False)

    def _where(self, variable: str) -> str:
        if self._environ.get(variable) or self._env_file is None:
            return f"env:{variable}"
        return f"{self._env_file}:{variable}"
