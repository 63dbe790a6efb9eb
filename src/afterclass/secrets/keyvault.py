"""Secrets from Azure Key Vault (``pip install 'afterclass[azure]'``).

Each logical secret maps to a vault secret through ``key_vault_config.key_references`` (the
seed's secret URLs), or by default to its name with dashes (``openai-api-key``). ``get`` reads
the latest version unless the reference pins one; ``history`` reads the other enabled versions,
so data encrypted under an older version of the encryption key stays readable after a new
version is added in the vault.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from afterclass.errors import MissingExtraError, SecretError
from afterclass.secrets.config import KeyVaultConfig, SecretRef
from afterclass.secrets.source import SecretValue

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential
    from azure.keyvault.secrets import KeyVaultSecret, SecretClient

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EXTRA_HINT = "pip install 'afterclass[azure]'"


def _require_sdk() -> None:
    try:
        for module in ("azure.identity", "azure.keyvault.secrets"):
            importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            "Azure Key Vault needs azure-keyvault-secrets and azure-identity; "
            f"install them with: {EXTRA_HINT}"
        ) from None


class AzureKeyVaultSource:
    """Reads secrets from one vault with the given credential (default: DefaultAzureCredential).

    ``client_options`` go to ``SecretClient`` (e.g. ``connection_verify`` for a private CA,
    ``verify_challenge_resource=False`` for a local test vault only).
    """

    def __init__(
        self,
        config: KeyVaultConfig,
        *,
        credential: TokenCredential | None = None,
        client: SecretClient | None = None,
        **client_options: Any,
    ):
        _require_sdk()
        self._config = config
        self._credential = credential
        self._client = client
        self._options = client_options
        self.name = f"azure:{config.vault_name or config.base_url()}"

    def get(self, name: str) -> SecretValue | None:
        ref = self._config.reference(name)
        secret = self._read(ref, ref.version)
        return None if secret is None else self._value(secret)

    def history(self, name: str) -> list[SecretValue]:
        ref = self._config.reference(name)
        current = self._read(ref, ref.version)
        if current is None:
            return []
        older = []
        for props in self._versions(ref):
            if props.version and props.version != current.properties.version and props.enabled:
                secret = self._read(ref, props.version)
                if secret is not None:
                    older.append(self._value(secret))
        return sorted(older, key=lambda value: value.created_at or _EPOCH)

    def client(self) -> SecretClient:
        if self._client is None:
            from azure.identity import DefaultAzureCredential
            from azure.keyvault.secrets import SecretClient

            credential = self._credential or DefaultAzureCredential()
            self._client = SecretClient(self._config.base_url(), credential, **self._options)
        return self._client

    def _read(self, ref: SecretRef, version: str | None) -> KeyVaultSecret | None:
        from azure.core.exceptions import AzureError, ResourceNotFoundError

        try:
            return self.client().get_secret(ref.name, version)
        except ResourceNotFoundError:
            return None
        except AzureError as error:
            raise self._error(ref, error) from None

    def _versions(self, ref: SecretRef) -> list[Any]:
        from azure.core.exceptions import AzureError

        try:
            return list(self.client().list_properties_of_secret_versions(ref.name))
        except AzureError as error:
            raise self._error(ref, error) from None

    def _value(self, secret: KeyVaultSecret) -> SecretValue:
        if secret.value is None:
            raise SecretError(
                f"secret {secret.name!r} in {self.name} has no value; set one in the vault"
            )
        return SecretValue(
            secret.value,
            version=secret.properties.version,
            created_at=secret.properties.created_on,
            source=f"{self.name}/{secret.name}",
        )

    def _error(self, ref: SecretRef, error: Exception) -> SecretError:
        status = getattr(error, "status_code", None)
        detail = f"HTTP {status}" if status else type(error).__name__
        return SecretError(
            f"could not read secret {ref.name!r} from Azure Key Vault {self._config.base_url()} "
            f"({detail}); check the vault URL, the network, and that this identity may 'get' "
            "and 'list' secrets"
        )
