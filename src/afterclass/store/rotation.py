"""Key rotation: re-encrypt, in batches, every blob not sealed by the keyring's write key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import LargeBinary, func, literal, select, update
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session as DbSession

from afterclass.store import codec as purposes
from afterclass.store.codec import Codec
from afterclass.store.tables import (
    AnalysisRow,
    AuditRow,
    PseudonymMapRow,
    SessionRow,
    StudentStateRow,
)


@dataclass(frozen=True)
class BlobColumn:
    """One encrypted column, the primary key that pages through it, and its purpose."""

    key: InstrumentedAttribute[Any]
    blob: InstrumentedAttribute[Any]
    purpose: bytes


BLOB_COLUMNS: tuple[BlobColumn, ...] = (
    BlobColumn(SessionRow.session_id, SessionRow.payload, purposes.SESSION_PAYLOAD),
    BlobColumn(StudentStateRow.student_key, StudentStateRow.state, purposes.STUDENT_STATE),
    BlobColumn(AnalysisRow.analysis_id, AnalysisRow.profile_updates, purposes.PROFILE_UPDATES),
    BlobColumn(AnalysisRow.analysis_id, AnalysisRow.progress_updates, purposes.PROGRESS_UPDATES),
    BlobColumn(AnalysisRow.analysis_id, AnalysisRow.session_summary, purposes.SESSION_SUMMARY),
    BlobColumn(AnalysisRow.analysis_id, AnalysisRow.engagement, purposes.ENGAGEMENT),
    BlobColumn(AnalysisRow.analysis_id, AnalysisRow.meta, purposes.ANALYSIS_META),
    BlobColumn(PseudonymMapRow.session_id, PseudonymMapRow.mapping, purposes.PSEUDONYM_MAP),
    BlobColumn(AuditRow.id, AuditRow.payload, purposes.AUDIT_PAYLOAD),
)


def rotate_batch(
    db: DbSession, codec: Codec, column: BlobColumn, *, after: Any, batch_size: int
) -> tuple[int, Any]:
    """Re-encrypt up to ``batch_size`` stale blobs with a key above ``after``.

    Returns how many were rewritten and the key to continue after (None when the column is done).
    A blob changed by someone else meanwhile is left alone (compare-and-swap on the old value).
    """
    prefix = codec.write_prefix()
    stale = func.substr(column.blob, 1, len(prefix), type_=LargeBinary) != literal(
        prefix, LargeBinary
    )
    query = select(column.key, column.blob).where(column.blob.is_not(None), stale)
    if after is not None:
        query = query.where(column.key > after)
    rows = db.execute(query.order_by(column.key).limit(batch_size)).all()
    connection = db.connection()
    rewritten = 0
    for key, blob in rows:
        statement = (
            update(column.blob.class_)
            .where(column.key == key, column.blob == blob)
            .values({column.blob.key: codec.rewrap(blob, column.purpose)})
        )
        rewritten += int(connection.execute(statement).rowcount)
    last = rows[-1][0] if len(rows) == batch_size else None
    return rewritten, last
