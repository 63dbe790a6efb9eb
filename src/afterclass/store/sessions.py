"""The sessions table: accepting a session once, its status, and claiming it for analysis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session as DbSession

from afterclass.errors import ErasedStudentError, NotFoundError
from afterclass.models import Session
from afterclass.store.codec import SESSION_PAYLOAD, Codec
from afterclass.store.records import AcceptResult, StoredSession
from afterclass.store.tables import (
    STATUSES,
    ErasedStudentRow,
    SessionRow,
    StudentRow,
    insert_ignoring_conflict,
)

#: last_error is cut to this many characters; it must never hold personal data.
MAX_ERROR_CHARS = 500

# The statements every session runs, built once: building one costs ten times running it.
_STATUS = select(SessionRow.status).where(SessionRow.session_id == bindparam("p_session_id"))
_TOMBSTONE = select(ErasedStudentRow.erased_at).where(
    ErasedStudentRow.student_key == bindparam("p_student_key")
)
_CLAIM = (
    update(SessionRow)
    .where(SessionRow.session_id == bindparam("p_session_id"), SessionRow.status != "analyzed")
    .values(tries=SessionRow.tries + 1, claimed_at=bindparam("p_at"))
)


def accept(
    db: DbSession,
    codec: Codec,
    *,
    session: Session,
    student_key: str,
    at: datetime,
    priority: str,
    expires_at: datetime | None,
    claim: bool = False,
) -> AcceptResult:
    """Store the session once; with ``claim``, a new session is stored as claimed (its first try
    counted), so accepting and starting its analysis take one transaction, not two.

    The insert itself tells a repeat (it inserts nothing), so a new session costs no read first.
    The erasure check may come before it for a repeat too: a stored session never started
    before its student's erasure (erasing deletes them all, and later ones are checked here).
    """
    _refuse_if_erased(db, session, student_key)
    insert_ignoring_conflict(db, StudentRow, {"student_key": student_key, "created_at": at})
    row = _new_row(codec, session, student_key, at, priority, expires_at)
    if claim:
        row.update(tries=1, claimed_at=at)
    if insert_ignoring_conflict(db, SessionRow, row) == 0:  # stored before, maybe just now
        status = db.connection().execute(_STATUS, {"p_session_id": session.session_id}).scalar_one()
        return AcceptResult(session.session_id, created=False, status=status)
    return AcceptResult(session.session_id, created=True, status="received")


def _new_row(
    codec: Codec,
    session: Session,
    student_key: str,
    at: datetime,
    priority: str,
    expires_at: datetime | None,
) -> dict[str, Any]:
    return {
        "session_id": session.session_id,
        "student_key": student_key,
        "platform": session.platform,
        "status": "received",
        "priority": priority,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "received_at": at,
        "claimed_at": None,
        "tries": 0,
        "word_count": word_count(session),
        "char_count": char_count(session),
        "payload": codec.seal(session, SESSION_PAYLOAD),
        "retention_expires_at": expires_at,
    }


def word_count(session: Session) -> int:
    if session.turns:
        return sum(turn.words for turn in session.turns)
    return len((session.conversation.transcript or "").split())


def char_count(session: Session) -> int:
    if session.turns:
        return sum(len(turn.text) for turn in session.turns)
    return len(session.conversation.transcript or "")


def _refuse_if_erased(db: DbSession, session: Session, student_key: str) -> None:
    erased_at = db.connection().execute(_TOMBSTONE, {"p_student_key": student_key}).scalar()
    if erased_at is not None and session.started_at < erased_at:
        raise ErasedStudentError(
            f"session {session.session_id!r} started at {session.started_at.isoformat()}, before "
            f"this student's data was erased ({erased_at.isoformat()}); it is refused so "
            "the erasure stays complete. Nothing was stored",
            field="student_id",
        )


def find(db: DbSession, session_id: str) -> SessionRow:
    row = db.get(SessionRow, session_id)
    if row is None:
        raise NotFoundError(
            f"no session {session_id!r} is stored; check the id, or accept the session first"
        )
    return row


def stored(codec: Codec, row: SessionRow) -> StoredSession:
    if row.payload is None:
        raise NotFoundError(
            f"session {row.session_id!r} is past its retention period; its transcript was deleted"
        )
    return StoredSession(
        session=codec.open(row.payload, SESSION_PAYLOAD, Session),
        status=row.status,
        priority=row.priority,
        received_at=row.received_at,
        analyzed_at=row.analyzed_at,
        tries=row.tries,
        last_error=row.last_error,
    )


def set_status(
    db: DbSession, session_id: str, status: str, *, at: datetime, error: str | None
) -> None:
    row = find(db, session_id)
    row.status = status
    row.last_error = error[:MAX_ERROR_CHARS] if error else None
    if status == "analyzed":
        row.analyzed_at = at


def claim(db: DbSession, session_id: str, *, at: datetime) -> bool:
    parameters = {"p_session_id": session_id, "p_at": at}
    if db.connection().execute(_CLAIM, parameters).rowcount == 1:
        return True
    find(db, session_id)  # NotFoundError when it does not exist at all
    return False


def ids(db: DbSession, *, status: str | None, student_key: str | None, limit: int) -> list[str]:
    query = select(SessionRow.session_id)
    if status is not None:
        query = query.where(SessionRow.status == status)
    if student_key is not None:
        query = query.where(SessionRow.student_key == student_key)
    query = query.order_by(SessionRow.received_at, SessionRow.session_id).limit(limit)
    return list(db.scalars(query))


def status_counts(db: DbSession) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    query = select(SessionRow.status, func.count()).group_by(SessionRow.status)
    for status, count in db.execute(query):
        counts[status] = count
    return counts
