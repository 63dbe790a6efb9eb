"""The seed's ``session_analysis`` table and the one transaction that stores a finished analysis."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from afterclass.errors import InputError, StaleStateError
from afterclass.models import (
    AnalysisMeta,
    AuditEvent,
    EngagementFigures,
    ProfileAssessment,
    ProgressAssessment,
    SessionAnalysis,
    SessionSummary,
    StudentState,
)
from afterclass.store import codec as purposes
from afterclass.store.audit import audit_row
from afterclass.store.codec import Codec
from afterclass.store.sessions import find
from afterclass.store.tables import (
    AnalysisRow,
    AnonymizationRow,
    AuditRow,
    PseudonymMapRow,
    SessionRow,
    StudentStateRow,
    insert_ignoring_conflict,
)

# The statements every analysis runs, built once: building one costs ten times running it.
_MARK_ANALYZED = (
    update(SessionRow)
    .where(
        SessionRow.session_id == bindparam("p_session_id"),
        SessionRow.student_key == bindparam("p_student_key"),
        SessionRow.status != "analyzed",
    )
    .values(status="analyzed", analyzed_at=bindparam("p_at"), last_error=None)
)
_UPDATE_STATE = (
    update(StudentStateRow)
    .where(
        StudentStateRow.student_key == bindparam("p_student_key"),
        StudentStateRow.version == bindparam("p_expected"),
    )
    .values(
        version=bindparam("p_version"), state=bindparam("p_state"), updated_at=bindparam("p_at")
    )
)
_INSERT_ANALYSIS = insert(AnalysisRow)
_INSERT_AUDIT = insert(AuditRow)
_INSERT_ANONYMIZATION = insert(AnonymizationRow)
_INSERT_PSEUDONYMS = insert(PseudonymMapRow)
_DELETE_PSEUDONYMS = delete(PseudonymMapRow).where(
    PseudonymMapRow.session_id == bindparam("p_session_id")
)
_CHAR_COUNT = select(SessionRow.char_count).where(
    SessionRow.session_id == bindparam("p_session_id")
)


@dataclass(frozen=True)
class Expiry:
    """When each kind of record written now expires (None = kept until erased)."""

    transcript: datetime | None
    analysis: datetime | None
    audit: datetime | None


@dataclass(frozen=True)
class AnalysisCommit:
    session_id: str
    student_key: str
    analysis: SessionAnalysis
    state: StudentState
    expected_version: int
    events: Sequence[AuditEvent]
    pseudonyms: Mapping[str, str]
    analysis_type: str
    created_by: str
    at: datetime
    anonymization_counts: Mapping[str, int] | None


def commit(db: DbSession, codec: Codec, work: AnalysisCommit, expiry: Expiry) -> bool:
    """Everything one analysis changes, in the caller's transaction; False if already analyzed.

    The session row is updated first: on PostgreSQL that row lock makes a second worker wait, then
    see ``analyzed`` and write nothing.
    """
    if not _mark_analyzed(db, work):
        return False
    _save_state(db, codec, work)
    connection = db.connection()
    connection.execute(_INSERT_ANALYSIS, _analysis_row(codec, work, expiry.analysis))
    if work.events:
        rows = [
            audit_row(codec, event, work.student_key, work.session_id, expiry.audit)
            for event in work.events
        ]
        connection.execute(_INSERT_AUDIT, rows)
    _save_pseudonyms(db, codec, work, expiry.transcript)
    if work.anonymization_counts is not None:
        connection.execute(_INSERT_ANONYMIZATION, _anonymization_row(db, work, expiry.audit))
    return True


def record_provisional(db: DbSession, codec: Codec, work: AnalysisCommit, expiry: Expiry) -> None:
    """Only the analysis row: no state, no audit, no status change (Store.record_provisional)."""
    find(db, work.session_id)  # NotFoundError for a session that was never accepted
    db.connection().execute(_INSERT_ANALYSIS, _analysis_row(codec, work, expiry.analysis))


def _mark_analyzed(db: DbSession, work: AnalysisCommit) -> bool:
    parameters = {
        "p_session_id": work.session_id,
        "p_student_key": work.student_key,
        "p_at": work.at,
    }
    if db.connection().execute(_MARK_ANALYZED, parameters).rowcount == 1:
        return True
    row = find(db, work.session_id)
    if row.student_key != work.student_key:
        raise InputError(
            f"session {work.session_id!r} belongs to a different student; pass the student_id "
            "the session was accepted with",
            field="student_id",
        )
    return False


def _save_state(db: DbSession, codec: Codec, work: AnalysisCommit) -> None:
    blob = codec.seal(work.state, purposes.STUDENT_STATE)
    expected = work.expected_version
    if expected == 0:
        values = {
            "student_key": work.student_key,
            "version": 1,
            "state": blob,
            "updated_at": work.at,
        }
        changed = insert_ignoring_conflict(db, StudentStateRow, values)
    else:
        parameters = {
            "p_student_key": work.student_key,
            "p_expected": expected,
            "p_version": expected + 1,
            "p_state": blob,
            "p_at": work.at,
        }
        changed = db.connection().execute(_UPDATE_STATE, parameters).rowcount
    if changed != 1:
        raise StaleStateError(
            f"the student's state is no longer at version {expected}: another worker committed "
            "first. Nothing was written; load the state again and re-apply this analysis"
        )


def _analysis_row(
    codec: Codec, work: AnalysisCommit, expires_at: datetime | None
) -> dict[str, Any]:
    analysis, meta = work.analysis, work.analysis.meta
    confidences = [c.confidence for c in analysis.progress.concept_mastery]
    return dict(
        analysis_id=str(uuid.uuid4()),
        session_id=work.session_id,
        student_id_hash=work.student_key,
        analysis_type=work.analysis_type,
        profile_updates=codec.seal(analysis.profile, purposes.PROFILE_UPDATES),
        progress_updates=codec.seal(analysis.progress, purposes.PROGRESS_UPDATES),
        session_summary=codec.seal(analysis.summary, purposes.SESSION_SUMMARY),
        engagement=codec.seal(analysis.engagement, purposes.ENGAGEMENT),
        meta=codec.seal(meta, purposes.ANALYSIS_META),
        analyzer=meta.analyzer,
        model=meta.model,
        prompt_version=meta.prompt_version,
        prompt_tokens=meta.tokens.prompt,
        cached_tokens=meta.tokens.cached,
        completion_tokens=meta.tokens.completion,
        reasoning_tokens=meta.tokens.reasoning,
        cost_usd=meta.cost_usd,
        quality_score=meta.quality_score,
        processing_time_seconds=meta.processing_seconds,
        confidence_score=sum(confidences) / len(confidences) if confidences else None,
        needs_review=meta.needs_review,
        created_at=work.at,
        created_by=work.created_by,
        retention_expires_at=expires_at,
        gdpr_deletable=True,
        parent_accessible=True,
    )


def _save_pseudonyms(
    db: DbSession, codec: Codec, work: AnalysisCommit, expires_at: datetime | None
) -> None:
    connection = db.connection()
    connection.execute(_DELETE_PSEUDONYMS, {"p_session_id": work.session_id})
    row = {
        "session_id": work.session_id,
        "mapping": codec.seal_json(dict(work.pseudonyms), purposes.PSEUDONYM_MAP),
        "created_at": work.at,
        "retention_expires_at": expires_at,
    }
    connection.execute(_INSERT_PSEUDONYMS, row)


def _anonymization_row(
    db: DbSession, work: AnalysisCommit, expires_at: datetime | None
) -> dict[str, Any]:
    chars = db.connection().execute(_CHAR_COUNT, {"p_session_id": work.session_id}).scalar()
    counts = work.anonymization_counts or {}
    return {
        "session_id": work.session_id,
        "at": work.at,
        "counts": {str(kind): int(count) for kind, count in counts.items()},
        "text_chars": chars or 0,
        "retention_expires_at": expires_at,
    }


def decode(codec: Codec, row: AnalysisRow) -> SessionAnalysis:
    return SessionAnalysis(
        session_id=row.session_id,
        profile=codec.open(row.profile_updates, purposes.PROFILE_UPDATES, ProfileAssessment),
        progress=codec.open(row.progress_updates, purposes.PROGRESS_UPDATES, ProgressAssessment),
        summary=codec.open(row.session_summary, purposes.SESSION_SUMMARY, SessionSummary),
        engagement=codec.open(row.engagement, purposes.ENGAGEMENT, EngagementFigures),
        meta=codec.open(row.meta, purposes.ANALYSIS_META, AnalysisMeta),
    )


def latest(db: DbSession, codec: Codec, session_id: str) -> SessionAnalysis | None:
    query = (
        select(AnalysisRow)
        .where(AnalysisRow.session_id == session_id)
        .order_by(AnalysisRow.created_at.desc(), AnalysisRow.analysis_id)
        .limit(1)
    )
    row = db.scalars(query).first()
    return decode(codec, row) if row is not None else None


def for_student(db: DbSession, codec: Codec, student_key: str, limit: int) -> list[SessionAnalysis]:
    """The student's analyses, newest first."""
    query = (
        select(AnalysisRow)
        .where(AnalysisRow.student_id_hash == student_key)
        .order_by(AnalysisRow.created_at.desc(), AnalysisRow.analysis_id)
        .limit(limit)
    )
    return [decode(codec, row) for row in db.scalars(query)]
