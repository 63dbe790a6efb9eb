"""One student's records: learned state, export of everything held, and erasure with a tombstone."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select
from sqlalchemy.orm import Session as DbSession

from afterclass.errors import NotFoundError
from afterclass.models import RecordErased, Session, StudentState
from afterclass.store import analyses, audit
from afterclass.store.codec import PSEUDONYM_MAP, SESSION_PAYLOAD, STUDENT_STATE, Codec
from afterclass.store.records import StateSnapshot
from afterclass.store.tables import (
    AnalysisRow,
    AnonymizationRow,
    AuditRow,
    ErasedStudentRow,
    PseudonymMapRow,
    SessionRow,
    StudentRow,
    StudentStateRow,
)

EXPORT_FORMAT = "afterclass.student-export/1"


#: Built once: every session reads its student's state.
_STATE = select(StudentStateRow.state, StudentStateRow.version).where(
    StudentStateRow.student_key == bindparam("p_student_key")
)


def load_state(db: DbSession, codec: Codec, student_key: str) -> StateSnapshot:
    row = db.connection().execute(_STATE, {"p_student_key": student_key}).first()
    if row is None:
        return StateSnapshot(state=StudentState(), version=0)
    return StateSnapshot(
        state=codec.open(row.state, STUDENT_STATE, StudentState), version=row.version
    )


def pseudonyms(db: DbSession, codec: Codec, session_id: str) -> dict[str, str]:
    row = db.get(PseudonymMapRow, session_id)
    if row is None:
        return {}
    data = codec.open_json(row.mapping, PSEUDONYM_MAP)
    return {str(tag): str(original) for tag, original in data.items()}


def export(db: DbSession, codec: Codec, *, student_id: str, student_key: str) -> dict[str, Any]:
    """Everything held about the student, decrypted, as JSON-ready data (for the family)."""
    student = db.get(StudentRow, student_key)
    if student is None:
        tombstone = db.get(ErasedStudentRow, student_key)
        erased = f" (erased {tombstone.erased_at.isoformat()})" if tombstone else ""
        raise NotFoundError(f"no data is held for this student{erased}; check the student id")
    snapshot = load_state(db, codec, student_key)
    session_rows = list(
        db.scalars(
            select(SessionRow)
            .where(SessionRow.student_key == student_key)
            .order_by(SessionRow.received_at, SessionRow.session_id)
        )
    )
    analysis_rows = _analyses_by_session(db, student_key)
    anonymization = _anonymization_by_session(db, [row.session_id for row in session_rows])
    return {
        "format": EXPORT_FORMAT,
        "student_id": student_id,
        "student_id_hash": student_key,
        "created_at": student.created_at.isoformat(),
        "state_version": snapshot.version,
        "state": snapshot.state.model_dump(mode="json") if snapshot.version else None,
        "sessions": [
            _session_export(
                db, codec, row, analysis_rows[row.session_id], anonymization[row.session_id]
            )
            for row in session_rows
        ],
        "audit": [
            event.model_dump(mode="json") for event in audit.events_for(db, codec, student_key)
        ],
    }


def _analyses_by_session(db: DbSession, student_key: str) -> dict[str, list[AnalysisRow]]:
    grouped: dict[str, list[AnalysisRow]] = defaultdict(list)
    query = select(AnalysisRow).where(AnalysisRow.student_id_hash == student_key)
    for row in db.scalars(query.order_by(AnalysisRow.created_at, AnalysisRow.analysis_id)):
        grouped[row.session_id].append(row)
    return grouped


def _anonymization_by_session(
    db: DbSession, session_ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = select(AnonymizationRow).where(AnonymizationRow.session_id.in_(session_ids))
    for row in db.scalars(query.order_by(AnonymizationRow.at, AnonymizationRow.id)):
        grouped[row.session_id].append(
            {"at": row.at.isoformat(), "counts": row.counts, "text_chars": row.text_chars}
        )
    return grouped


def _session_export(
    db: DbSession,
    codec: Codec,
    row: SessionRow,
    analysis_rows: list[AnalysisRow],
    anonymization: list[dict[str, Any]],
) -> dict[str, Any]:
    session = codec.open(row.payload, SESSION_PAYLOAD, Session) if row.payload else None
    return {
        "session_id": row.session_id,
        "status": row.status,
        "platform": row.platform,
        "priority": row.priority,
        "started_at": row.started_at.isoformat(),
        "ended_at": row.ended_at.isoformat(),
        "received_at": row.received_at.isoformat(),
        "analyzed_at": row.analyzed_at.isoformat() if row.analyzed_at else None,
        "tries": row.tries,
        "last_error": row.last_error,
        "session": session.model_dump(mode="json") if session else None,
        "pseudonyms": pseudonyms(db, codec, row.session_id),
        "analyses": [
            {
                "analysis_id": analysis.analysis_id,
                "analysis_type": analysis.analysis_type,
                "created_at": analysis.created_at.isoformat(),
                "created_by": analysis.created_by,
                "analysis": analyses.decode(codec, analysis).model_dump(mode="json"),
            }
            for analysis in analysis_rows
        ],
        "anonymization": anonymization,
    }


def erase(
    db: DbSession,
    codec: Codec,
    *,
    student_key: str,
    at: datetime,
    actor: str,
    audit_expires_at: datetime | None,
) -> int:
    """Delete every row held for the student; leave a tombstone and the erasure's audit record."""
    session_ids = select(SessionRow.session_id).where(SessionRow.student_key == student_key)
    statements = (
        delete(AnonymizationRow).where(AnonymizationRow.session_id.in_(session_ids)),
        delete(PseudonymMapRow).where(PseudonymMapRow.session_id.in_(session_ids)),
        delete(AnalysisRow).where(
            or_(AnalysisRow.student_id_hash == student_key, AnalysisRow.session_id.in_(session_ids))
        ),
        delete(AuditRow).where(AuditRow.student_key == student_key),
        delete(SessionRow).where(SessionRow.student_key == student_key),
        delete(StudentStateRow).where(StudentStateRow.student_key == student_key),
        delete(StudentRow).where(StudentRow.student_key == student_key),
    )
    connection = db.connection()
    removed = sum(int(connection.execute(statement).rowcount) for statement in statements)
    _leave_tombstone(db, student_key, at)
    event = RecordErased(actor=actor, at=at, after={"rows_removed": removed})
    connection.execute(
        insert(AuditRow), audit.audit_row(codec, event, student_key, None, audit_expires_at)
    )
    return removed


def _leave_tombstone(db: DbSession, student_key: str, at: datetime) -> None:
    tombstone = db.get(ErasedStudentRow, student_key)
    if tombstone is None:
        db.add(ErasedStudentRow(student_key=student_key, erased_at=at))
    elif at > tombstone.erased_at:
        tombstone.erased_at = at
