"""Keys and secrets: where they come from (environment / .env, Azure Key Vault, AWS Secrets
Manager), the OpenAI key in use (primary, backup), and the data-encryption keys with rotation.

Nothing here reads a secret or imports a cloud SDK at import time. docs/secrets.md is the guide.
"""

from afterclass.secrets.cache import CachedSource
from afterclass.secrets.config import SecretsConfig, load_secrets_config
from afterclass.secrets.data_keys import (
    load_id_hasher,
    load_keyring,
    rotate_data_key,
    rotate_local_key,
)
from afterclass.secrets.key_manager import KeyManager
from afterclass.secrets.source import SecretSource, SecretValue
from afterclass.secrets.sources import build_sources, open_secrets
from afterclass.secrets.validation import KeyStatus, OpenAIKeyValidator

__all__ = [
    "CachedSource",
    "KeyManager",
    "KeyStatus",
    "OpenAIKeyValidator",
    "SecretSource",
    "SecretValue",
    "SecretsConfig",
    "build_sources",
    "load_id_hasher",
    "load_keyring",
    "load_secrets_config",
    "open_secrets",
    "rotate_data_key",
    "rotate_local_key",
]
