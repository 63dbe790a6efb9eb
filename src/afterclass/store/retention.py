"""Retention: when records written now expire, and the purge that deletes expired ones.

A session's transcript (its encrypted payload and pseudonym map) usually expires before the
analyses made from it. The purge then deletes the transcript but keeps the session's plain row
(status, timings) while analyses still refer to it, and deletes that row once none do.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.sql import Executable

from afterclass.config import RetentionSettings
from afterclass.store.analyses import Expiry
from afterclass.store.tables import (
    AnalysisRow,
    AnonymizationRow,
    AuditRow,
    PseudonymMapRow,
    SessionRow,
)


def expiry(settings: RetentionSettings, at: datetime) -> Expiry:
    """Expiry times for records written at ``at``; 0 days means kept until erased."""
    return Expiry(
        transcript=_after(at, settings.transcript_days),
        analysis=_after(at, settings.analysis_days),
        audit=_after(at, settings.audit_days),
    )


def _after(at: datetime, days: int) -> datetime | None:
    return at + timedelta(days=days) if days > 0 else None


def purge(db: DbSession, now: datetime) -> dict[str, int]:
    """Delete what expired at or before ``now``; the number of records removed per kind."""
    connection = db.connection()

    def run(statement: Executable) -> int:
        return int(connection.execute(statement).rowcount)

    counts = {
        "analyses": run(delete(AnalysisRow).where(AnalysisRow.retention_expires_at <= now)),
        "pseudonym_maps": run(
            delete(PseudonymMapRow).where(PseudonymMapRow.retention_expires_at <= now)
        ),
        "audit": run(delete(AuditRow).where(AuditRow.retention_expires_at <= now)),
        "anonymization_log": run(
            delete(AnonymizationRow).where(AnonymizationRow.retention_expires_at <= now)
        ),
        "transcripts": run(
            update(SessionRow)
            .where(SessionRow.retention_expires_at <= now, SessionRow.payload.is_not(None))
            .values(payload=None)
        ),
    }
    still_referenced = exists(
        select(AnalysisRow.analysis_id).where(AnalysisRow.session_id == SessionRow.session_id)
    )
    has_map = exists(
        select(PseudonymMapRow.session_id).where(
            PseudonymMapRow.session_id == SessionRow.session_id
        )
    )
    counts["sessions"] = run(
        delete(SessionRow).where(SessionRow.payload.is_(None), ~still_referenced, ~has_map)
    )
    return counts
