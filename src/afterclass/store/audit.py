"""The audit log: who changed what about a student, when, with before/after kept encrypted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from afterclass.errors import StoreError
from afterclass.models import AuditEvent
from afterclass.store.codec import AUDIT_PAYLOAD, Codec
from afterclass.store.tables import AuditRow


def _event_type(kind: object) -> type[AuditEvent]:
    """The AuditEvent subclass whose ``kind`` is ``kind`` (AuditEvent itself when none is)."""
    pending: list[type[AuditEvent]] = list(AuditEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls.model_fields["kind"].default == kind:
            return cls
        pending.extend(cls.__subclasses__())
    return AuditEvent


def audit_row(
    codec: Codec,
    event: AuditEvent,
    student_key: str,
    session_id: str | None,
    expires_at: datetime | None,
) -> dict[str, Any]:
    """The values of one audit_log row (for an INSERT)."""
    return {
        "student_key": student_key,
        "session_id": event.session_id or session_id,
        "kind": event.kind,
        "actor": event.actor,
        "at": event.at,
        "payload": codec.seal(event, AUDIT_PAYLOAD),
        "retention_expires_at": expires_at,
    }


def events_for(db: DbSession, codec: Codec, student_key: str) -> list[AuditEvent]:
    """The student's audit events, oldest first, each as its own event class."""
    query = select(AuditRow).where(AuditRow.student_key == student_key)
    rows = db.scalars(query.order_by(AuditRow.at, AuditRow.id))
    return [decode(codec, row.payload) for row in rows]


def decode(codec: Codec, blob: bytes) -> AuditEvent:
    data = codec.open_json(blob, AUDIT_PAYLOAD)
    kind = data.get("kind") if isinstance(data, dict) else None
    try:
        return _event_type(kind).model_validate(data)
    except ValidationError:
        raise StoreError(
            f"a stored audit event of kind {kind!r} is not valid for this afterclass version; "
            "upgrade afterclass"
        ) from None
