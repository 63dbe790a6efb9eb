"""Store: the one object the pipeline, jobs, CLI and web layer use to read and write data.

Each method is one transaction, committed before it returns. Personal data is encrypted by the
keyring before it reaches the database; students are known by the keyed hash of their id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as DbSession

from afterclass.config import RetentionSettings
from afterclass.errors import InputError, StoreError
from afterclass.models import AuditEvent, Session, SessionAnalysis, StudentState
from afterclass.privacy.crypto import IdHasher, Keyring
from afterclass.store import analyses, audit, retention, rotation, sessions, students
from afterclass.store.codec import Codec
from afterclass.store.engine import WRITE_OPTION
from afterclass.store.records import AcceptResult, StateSnapshot, StoredSession
from afterclass.store.tables import STATUSES

_PRIORITY = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
_MAX_ACTOR_CHARS = 200


class Store:
    def __init__(
        self,
        engine: Engine,
        *,
        keyring: Keyring,
        hasher: IdHasher,
        retention: RetentionSettings,
    ) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._codec = Codec(keyring)
        self._hasher = hasher
        self._retention = retention

    @property
    def engine(self) -> Engine:
        return self._engine

    # --- sessions --------------------------------------------------------------------------

    def accept_session(
        self, session: Session, *, at: datetime, priority: str = "normal", claim: bool = False
    ) -> AcceptResult:
        """Store a received session once. A repeat (same session_id) returns created=False and
        changes nothing. Raises ErasedStudentError for a session that started before the
        student's erasure. With ``claim``, a new session is also claimed for analysis, as
        ``claim`` would (its first try counted), in the same transaction."""
        _require_aware(at)
        if not _PRIORITY.match(priority):
            raise InputError(
                f"priority {priority!r} is not a short lowercase word such as 'high' or 'normal'",
                field="priority",
            )
        expires_at = retention.expiry(self._retention, at).transcript
        key = self._hasher.hash(session.student_id)
        with self._transaction(write=True) as db:
            return sessions.accept(
                db,
                self._codec,
                session=session,
                student_key=key,
                at=at,
                priority=priority,
                expires_at=expires_at,
                claim=claim,
            )

    def get_session(self, session_id: str) -> StoredSession:
        with self._transaction() as db:
            return sessions.stored(self._codec, sessions.find(db, session_id))

    def set_status(
        self, session_id: str, status: str, *, at: datetime, error: str | None = None
    ) -> None:
        """Set the status; ``error`` is a short operator message and must not hold personal data."""
        _require_aware(at)
        _require_status(status)
        with self._transaction(write=True) as db:
            sessions.set_status(db, session_id, status, at=at, error=error)

    def claim(self, session_id: str, *, at: datetime) -> bool:
        """Count one more try at analyzing the session; False if it is already analyzed."""
        _require_aware(at)
        with self._transaction(write=True) as db:
            return sessions.claim(db, session_id, at=at)

    def session_ids(
        self, *, status: str | None = None, student_id: str | None = None, limit: int = 1000
    ) -> list[str]:
        """Session ids, oldest received first."""
        if status is not None:
            _require_status(status)
        key = self._hasher.hash(student_id) if student_id is not None else None
        with self._transaction() as db:
            return sessions.ids(db, status=status, student_key=key, limit=max(limit, 0))

    def status_counts(self) -> dict[str, int]:
        """How many sessions are in each status (every status present, 0 when none)."""
        with self._transaction() as db:
            return sessions.status_counts(db)

    # --- analyses and state ----------------------------------------------------------------

    def load_state(self, student_id: str) -> StateSnapshot:
        with self._transaction() as db:
            return students.load_state(db, self._codec, self._hasher.hash(student_id))

    def commit_analysis(
        self,
        *,
        session_id: str,
        student_id: str,
        analysis: SessionAnalysis,
        state: StudentState,
        expected_version: int,
        events: Sequence[AuditEvent],
        pseudonyms: Mapping[str, str],
        analysis_type: str,
        created_by: str,
        at: datetime,
        anonymization_counts: Mapping[str, int] | None = None,
    ) -> bool:
        """Store the analysis, the new state (if still at ``expected_version``), the audit events,
        the pseudonym map and the anonymization counts, and mark the session analyzed: all or
        nothing. False (nothing written) if the session was already analyzed; StaleStateError
        (nothing written) if another worker changed the student's state first."""
        _require_aware(at)
        _check_commit(session_id, analysis, expected_version, analysis_type, created_by)
        work = analyses.AnalysisCommit(
            session_id=session_id,
            student_key=self._hasher.hash(student_id),
            analysis=analysis,
            state=state,
            expected_version=expected_version,
            events=events,
            pseudonyms=pseudonyms,
            analysis_type=analysis_type,
            created_by=created_by,
            at=at,
            anonymization_counts=anonymization_counts,
        )
        with self._transaction(write=True) as db:
            return analyses.commit(db, self._codec, work, retention.expiry(self._retention, at))

    def record_provisional(
        self,
        *,
        session_id: str,
        student_id: str,
        analysis: SessionAnalysis,
        analysis_type: str,
        created_by: str,
        at: datetime,
    ) -> None:
        """Store an analysis readers see while the real one waits (the seed's basic summary when
        the quota is used up). Nothing is learned from it and the session's status is unchanged;
        the real analysis, committed later, becomes the latest."""
        _require_aware(at)
        _check_commit(session_id, analysis, 0, analysis_type, created_by)
        work = analyses.AnalysisCommit(
            session_id=session_id,
            student_key=self._hasher.hash(student_id),
            analysis=analysis,
            state=StudentState(),
            expected_version=0,
            events=(),
            pseudonyms={},
            analysis_type=analysis_type,
            created_by=created_by,
            at=at,
            anonymization_counts=None,
        )
        with self._transaction(write=True) as db:
            analyses.record_provisional(
                db, self._codec, work, retention.expiry(self._retention, at)
            )

    def latest_analysis(self, session_id: str) -> SessionAnalysis | None:
        with self._transaction() as db:
            return analyses.latest(db, self._codec, session_id)

    def analyses_for_student(self, student_id: str, *, limit: int = 50) -> list[SessionAnalysis]:
        """The student's analyses, newest first."""
        key = self._hasher.hash(student_id)
        with self._transaction() as db:
            return analyses.for_student(db, self._codec, key, max(limit, 0))

    def audit_for_student(self, student_id: str) -> list[AuditEvent]:
        """The student's audit events, oldest first."""
        with self._transaction() as db:
            return audit.events_for(db, self._codec, self._hasher.hash(student_id))

    def pseudonyms(self, session_id: str) -> dict[str, str]:
        """The session's map from pseudonym tag to original value ({} when none is stored)."""
        with self._transaction() as db:
            return students.pseudonyms(db, self._codec, session_id)

    # --- the rights of families, retention, keys --------------------------------------------

    def export_student(self, student_id: str) -> dict[str, Any]:
        """Everything held about the student, decrypted, as JSON-ready data.

        NotFoundError when nothing is held."""
        key = self._hasher.hash(student_id)
        with self._transaction() as db:
            return students.export(db, self._codec, student_id=student_id, student_key=key)

    def erase_student(self, student_id: str, *, at: datetime, actor: str) -> int:
        """Delete every record of the student; returns the rows removed. Leaves a tombstone (keyed
        hash and time) and a RecordErased audit event, so late sessions that started before ``at``
        are refused."""
        _require_aware(at)
        _require_actor(actor)
        key = self._hasher.hash(student_id)
        audit_expiry = retention.expiry(self._retention, at).audit
        with self._transaction(write=True) as db:
            return students.erase(
                db, self._codec, student_key=key, at=at, actor=actor, audit_expires_at=audit_expiry
            )

    def purge_expired(self, *, now: datetime) -> dict[str, int]:
        """Delete records whose retention ended at or before ``now``; counts per kind."""
        _require_aware(now)
        with self._transaction(write=True) as db:
            return retention.purge(db, now)

    def reencrypt(self, *, batch_size: int = 500) -> int:
        """Re-encrypt every blob not under the keyring's write key, one transaction per batch.
        Returns the number of blobs rewritten; safe to interrupt and run again."""
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, not {batch_size}", field="batch_size")
        total = 0
        for column in rotation.BLOB_COLUMNS:
            after: Any = None
            while True:
                with self._transaction(write=True) as db:
                    done, after = rotation.rotate_batch(
                        db, self._codec, column, after=after, batch_size=batch_size
                    )
                total += done
                if after is None:
                    break
        return total

    # --- plumbing -----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[DbSession]:
        try:
            bind = self._writer if write else self._engine
            with DbSession(bind, expire_on_commit=False) as db, db.begin():
                yield db
        except DBAPIError as error:
            raise StoreError(
                f"the database could not be used ({type(error.orig).__name__}: "
                f"{_first_line(error.orig)}); check AFTERCLASS_DATABASE_URL and that the "
                "database is migrated (afterclass.store.migrate)"
            ) from error


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else ""


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(
            f"the time {at.isoformat()} has no time zone; pass e.g. datetime.now(UTC)", field="at"
        )


def _require_status(status: str) -> None:
    if status not in STATUSES:
        raise InputError(
            f"status {status!r} is unknown; use one of {', '.join(STATUSES)}", field="status"
        )


def _require_actor(actor: str) -> None:
    if not actor.strip() or len(actor) > _MAX_ACTOR_CHARS:
        raise InputError(
            f"actor must be a name of 1 to {_MAX_ACTOR_CHARS} characters", field="actor"
        )


def _check_commit(
    session_id: str,
    analysis: SessionAnalysis,
    expected_version: int,
    analysis_type: str,
    created_by: str,
) -> None:
    if analysis.session_id != session_id:
        raise InputError(
            f"the analysis is for session {analysis.session_id!r}, not {session_id!r}",
            field="analysis.session_id",
        )
    if expected_version < 0:
        raise InputError(
            f"expected_version must be 0 or more (from load_state), not {expected_version}",
            field="expected_version",
        )
    if not 1 <= len(analysis_type) <= 50:
        raise InputError("analysis_type must be 1 to 50 characters", field="analysis_type")
    _require_actor(created_by)
