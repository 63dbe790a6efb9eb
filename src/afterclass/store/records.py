"""What the store hands back: small frozen values, decrypted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from afterclass.models import Session, StudentState


@dataclass(frozen=True)
class AcceptResult:
    session_id: str
    created: bool
    """False when the session was already stored (a repeated webhook): nothing was changed."""
    status: str


@dataclass(frozen=True)
class StoredSession:
    session: Session
    status: str
    priority: str
    received_at: datetime
    analyzed_at: datetime | None
    tries: int
    last_error: str | None


@dataclass(frozen=True)
class StateSnapshot:
    state: StudentState
    version: int
    """Pass back as ``expected_version`` to ``Store.commit_analysis``; 0 = never stored."""
