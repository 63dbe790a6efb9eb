"""The first schema: students, their state, sessions, analyses, pseudonym maps, audit, erasures.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Personal data lives only in the LargeBinary columns, each an AES-256-GCM ciphertext. Types are
spelled out here (not imported from ``tables.py``) so this revision stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KEY = sa.String(length=64)
ID = sa.String(length=200)


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    _create_students()
    _create_sessions()
    _create_session_analysis()
    _create_logs()


def _create_students() -> None:
    op.create_table(
        "students",
        sa.Column("student_key", KEY, nullable=False),
        _at("created_at"),
        sa.PrimaryKeyConstraint("student_key", name="pk_students"),
    )
    op.create_table(
        "student_state",
        sa.Column("student_key", KEY, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        _at("updated_at"),
        sa.ForeignKeyConstraint(
            ["student_key"],
            ["students.student_key"],
            name="fk_student_state_student_key_students",
        ),
        sa.PrimaryKeyConstraint("student_key", name="pk_student_state"),
    )
    op.create_table(
        "erased_students",
        sa.Column("student_key", KEY, nullable=False),
        _at("erased_at"),
        sa.PrimaryKeyConstraint("student_key", name="pk_erased_students"),
    )


def _create_sessions() -> None:
    op.create_table(
        "sessions",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("student_key", KEY, nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        _at("started_at"),
        _at("ended_at"),
        _at("received_at"),
        _at("analyzed_at", nullable=True),
        _at("claimed_at", nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("char_count", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        _at("retention_expires_at", nullable=True),
        sa.CheckConstraint(
            "status IN ('received', 'queued', 'analyzed', 'failed', 'deferred')",
            name="ck_sessions_status",
        ),
        sa.ForeignKeyConstraint(
            ["student_key"], ["students.student_key"], name="fk_sessions_student_key_students"
        ),
        sa.PrimaryKeyConstraint("session_id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_student_key", "sessions", ["student_key"])
    op.create_index("ix_sessions_status_received_at", "sessions", ["status", "received_at"])
    op.create_index("ix_sessions_retention_expires_at", "sessions", ["retention_expires_at"])
    op.create_table(
        "pseudonym_maps",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("mapping", sa.LargeBinary(), nullable=False),
        _at("created_at"),
        _at("retention_expires_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.session_id"], name="fk_pseudonym_maps_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("session_id", name="pk_pseudonym_maps"),
    )
    op.create_index(
        "ix_pseudonym_maps_retention_expires_at", "pseudonym_maps", ["retention_expires_at"]
    )


def _create_session_analysis() -> None:
    op.create_table(
        "session_analysis",
        sa.Column("analysis_id", sa.String(length=36), nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("student_id_hash", KEY, nullable=False),
        sa.Column("analysis_type", sa.String(length=50), nullable=False),
        *(
            sa.Column(name, sa.LargeBinary(), nullable=False)
            for name in ("profile_updates", "progress_updates", "session_summary")
        ),
        sa.Column("engagement", sa.LargeBinary(), nullable=False),
        sa.Column("meta", sa.LargeBinary(), nullable=False),
        sa.Column("analyzer", sa.String(length=40), nullable=False),
        sa.Column("model", sa.Text(), nullable=True),
        sa.Column("prompt_version", sa.Text(), nullable=True),
        *(
            sa.Column(f"{kind}_tokens", sa.Integer(), nullable=False)
            for kind in ("prompt", "cached", "completion", "reasoning")
        ),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("quality_score", sa.Float(), nullable=False),
        sa.Column("processing_time_seconds", sa.Float(), nullable=False),
        sa.Column("confidence_score", sa.Float(), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        _at("created_at"),
        sa.Column("created_by", sa.Text(), nullable=False),
        _at("retention_expires_at", nullable=True),
        sa.Column("gdpr_deletable", sa.Boolean(), nullable=False),
        sa.Column("parent_accessible", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.session_id"], name="fk_session_analysis_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("analysis_id", name="pk_session_analysis"),
    )
    op.create_index(
        "idx_session_analysis_student", "session_analysis", ["student_id_hash", "created_at"]
    )
    op.create_index(
        "idx_session_analysis_quality",
        "session_analysis",
        ["quality_score"],
        sqlite_where=sa.text("quality_score < 0.7"),
        postgresql_where=sa.text("quality_score < 0.7"),
    )
    op.create_index("ix_session_analysis_session_id", "session_analysis", ["session_id"])
    op.create_index(
        "ix_session_analysis_retention_expires_at", "session_analysis", ["retention_expires_at"]
    )


def _create_logs() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("student_key", KEY, nullable=False),
        sa.Column("session_id", ID, nullable=True),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        _at("at"),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        _at("retention_expires_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_student_key", "audit_log", ["student_key"])
    op.create_index("ix_audit_log_session_id", "audit_log", ["session_id"])
    op.create_index("ix_audit_log_retention_expires_at", "audit_log", ["retention_expires_at"])
    op.create_table(
        "anonymization_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        _at("at"),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("text_chars", sa.Integer(), nullable=False),
        _at("retention_expires_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_anonymization_log"),
    )
    op.create_index("ix_anonymization_log_session_id", "anonymization_log", ["session_id"])
    op.create_index(
        "ix_anonymization_log_retention_expires_at", "anonymization_log", ["retention_expires_at"]
    )


def downgrade() -> None:
    for table in (
        "anonymization_log",
        "audit_log",
        "session_analysis",
        "pseudonym_maps",
        "sessions",
        "erased_students",
        "student_state",
        "students",
    ):
        op.drop_table(table)
