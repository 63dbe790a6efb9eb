"""Encrypting values for storage: a Pydantic model or JSON value in, an AES-256-GCM blob out.

Each column has its own *purpose* (the associated data of the cipher), so a blob copied into
another column fails its integrity check instead of being read as something it is not.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from afterclass.errors import StoreError
from afterclass.privacy.crypto import MAGIC, Keyring

M = TypeVar("M", bound=BaseModel)

SESSION_PAYLOAD = b"sessions.payload"
STUDENT_STATE = b"student_state.state"
PROFILE_UPDATES = b"session_analysis.profile_updates"
PROGRESS_UPDATES = b"session_analysis.progress_updates"
SESSION_SUMMARY = b"session_analysis.session_summary"
ENGAGEMENT = b"session_analysis.engagement"
ANALYSIS_META = b"session_analysis.meta"
PSEUDONYM_MAP = b"pseudonym_maps.mapping"
AUDIT_PAYLOAD = b"audit_log.payload"


class Codec:
    """Seals values with the keyring's write key and opens them with whichever key wrote them."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring

    def seal(self, value: BaseModel, purpose: bytes) -> bytes:
        return self._keyring.encrypt(value.model_dump_json().encode("utf-8"), purpose)

    def seal_json(self, value: Any, purpose: bytes) -> bytes:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return self._keyring.encrypt(data.encode("utf-8"), purpose)

    def open(self, blob: bytes, purpose: bytes, model: type[M]) -> M:
        plaintext = self._keyring.decrypt(blob, purpose)
        try:
            return model.model_validate_json(plaintext)
        except ValidationError as error:
            raise StoreError(
                f"a stored {purpose.decode()} record decrypted but is not a valid {model.__name__} "
                f"({error.error_count()} problems); the database may be newer than this afterclass "
                "version: upgrade afterclass"
            ) from None

    def open_json(self, blob: bytes, purpose: bytes) -> Any:
        plaintext = self._keyring.decrypt(blob, purpose)
        try:
            return json.loads(plaintext)
        except ValueError:
            raise StoreError(
                f"a stored {purpose.decode()} record decrypted but is not JSON"
            ) from None

    def write_prefix(self) -> bytes:
        """The first bytes of every blob the write key seals (see ``privacy.crypto``)."""
        key_id = self._keyring.write_key.key_id.encode("ascii")
        return MAGIC + bytes([len(key_id)]) + key_id

    def needs_rotation(self, blob: bytes) -> bool:
        return self._keyring.needs_rotation(blob)

    def rewrap(self, blob: bytes, purpose: bytes) -> bytes:
        """The same plaintext, sealed again under the write key."""
        return self._keyring.encrypt(self._keyring.decrypt(blob, purpose), purpose)
