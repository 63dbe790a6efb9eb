"""The tables, as typed SQLAlchemy models. The Alembic migrations under ``migrations/`` create them.

Every column holding personal data is a ciphertext (``bytes``, AES-256-GCM, see ``codec.py``);
students are known by the keyed hash of their id. Plain columns hold only operator figures:
status, platform, timings, scores, tokens and cost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    inspect,
    text,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.sql.dml import Insert

from afterclass.errors import StoreError

STATUSES: tuple[str, ...] = ("received", "queued", "analyzed", "failed", "deferred")
KEY_LENGTH = 64  # hex HMAC-SHA256
ID_LENGTH = 200  # afterclass.models.session.Identifier

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored in UTC (SQLite has no time zones) and read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise StoreError(
                f"cannot store the naive datetime {value.isoformat()}; give a time zone"
            )
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise StoreError(f"the database returned {value!r} where a timestamp was expected")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        bytes: LargeBinary(),
    }


class StudentRow(Base):
    __tablename__ = "students"

    student_key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    created_at: Mapped[datetime]


class StudentStateRow(Base):
    __tablename__ = "student_state"

    student_key: Mapped[str] = mapped_column(
        String(KEY_LENGTH), ForeignKey("students.student_key"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[bytes]
    updated_at: Mapped[datetime]


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('received', 'queued', 'analyzed', 'failed', 'deferred')", name="status"
        ),
        Index("ix_sessions_status_received_at", "status", "received_at"),
    )

    session_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    student_key: Mapped[str] = mapped_column(
        String(KEY_LENGTH), ForeignKey("students.student_key"), index=True
    )
    platform: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    received_at: Mapped[datetime]
    analyzed_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    tries: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    char_count: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes | None]
    """The whole Session as JSON, encrypted; None once the transcript's retention has ended."""
    retention_expires_at: Mapped[datetime | None] = mapped_column(index=True)


class AnalysisRow(Base):
    """The seed's ``session_analysis`` table, with the results encrypted."""

    __tablename__ = "session_analysis"
    __table_args__ = (
        Index("idx_session_analysis_student", "student_id_hash", "created_at"),
        Index(
            "idx_session_analysis_quality",
            "quality_score",
            sqlite_where=text("quality_score < 0.7"),
            postgresql_where=text("quality_score < 0.7"),
        ),
    )

    analysis_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("sessions.session_id"), index=True
    )
    student_id_hash: Mapped[str] = mapped_column(String(KEY_LENGTH))
    analysis_type: Mapped[str] = mapped_column(String(50))
    profile_updates: Mapped[bytes]
    progress_updates: Mapped[bytes]
    session_summary: Mapped[bytes]
    engagement: Mapped[bytes]
    meta: Mapped[bytes]
    """The whole AnalysisMeta, encrypted (quality issues may quote the transcript)."""
    analyzer: Mapped[str] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(Text)
    prompt_version: Mapped[str | None] = mapped_column(Text)
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    cached_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    reasoning_tokens: Mapped[int] = mapped_column(Integer)
    cost_usd: Mapped[float] = mapped_column(Float)
    quality_score: Mapped[float] = mapped_column(Float)
    processing_time_seconds: Mapped[float] = mapped_column(Float)
    confidence_score: Mapped[float | None] = mapped_column(Float)
    needs_review: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(Text)
    retention_expires_at: Mapped[datetime | None] = mapped_column(index=True)
    gdpr_deletable: Mapped[bool] = mapped_column(Boolean)
    parent_accessible: Mapped[bool] = mapped_column(Boolean)


class PseudonymMapRow(Base):
    __tablename__ = "pseudonym_maps"

    session_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("sessions.session_id"), primary_key=True
    )
    mapping: Mapped[bytes]
    created_at: Mapped[datetime]
    retention_expires_at: Mapped[datetime | None] = mapped_column(index=True)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_key: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    session_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    actor: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    payload: Mapped[bytes]
    """The whole AuditEvent (before/after included), encrypted."""
    retention_expires_at: Mapped[datetime | None] = mapped_column(index=True)


class ErasedStudentRow(Base):
    """A tombstone: only the keyed hash and when the student's data was erased."""

    __tablename__ = "erased_students"

    student_key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    erased_at: Mapped[datetime]


class AnonymizationRow(Base):
    """What redaction removed from one session: counts by type and text size, never the values."""

    __tablename__ = "anonymization_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    at: Mapped[datetime]
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    text_chars: Mapped[int] = mapped_column(Integer)
    """Characters of conversation text the session held before redaction."""
    retention_expires_at: Mapped[datetime | None] = mapped_column(index=True)


def insert_ignoring_conflict(db: Session, model: type[Base], values: dict[str, Any]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike; the rows inserted.

    psycopg reports no rowcount for INSERT, so on PostgreSQL the inserted keys are returned and
    counted; SQLite's rowcount is exact (and RETURNING needs SQLite 3.35).
    """
    dialect = db.get_bind().dialect.name
    result = db.connection().execute(_insert_ignoring(dialect, model), values)
    return len(result.all()) if dialect == "postgresql" else int(result.rowcount)


@cache
def _insert_ignoring(dialect: str, model: type[Base]) -> Insert:
    """The statement, built once per table: the values travel as parameters (building a statement
    costs ten times what running a built one does)."""
    if dialect == "postgresql":
        keys = list(inspect(model).primary_key)
        return postgresql_insert(model).on_conflict_do_nothing().returning(*keys)
    if dialect == "sqlite":
        return sqlite_insert(model).on_conflict_do_nothing()
    raise StoreError(f"afterclass stores data in SQLite or PostgreSQL, not {dialect}")
