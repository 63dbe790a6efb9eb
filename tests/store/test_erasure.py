"""The rights of families: export everything held, erase it all, refuse late sessions afterwards."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from afterclass.config import RetentionSettings
from afterclass.errors import ErasedStudentError, NotFoundError
from afterclass.models import RecordErased
from afterclass.privacy.crypto import IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate, vacuum

if TYPE_CHECKING:
    from .conftest import Builders, CommitFn, StoreKit

TABLES = (
    "students",
    "student_state",
    "sessions",
    "session_analysis",
    "pseudonym_maps",
    "audit_log",
    "anonymization_log",
    "erased_students",
)


def _two_students(store: Store, build: type[Builders], commit: CommitFn) -> None:
    """Two analyzed sessions and one waiting for the canary student; one for another student."""
    for number in range(2):
        session_id = f"call-{number}"
        store.accept_session(build.session(session_id), at=build.T0)
        commit(session_id, expected_version=number)
    store.accept_session(build.session("call-waiting"), at=build.T0)
    store.accept_session(build.session("other-1", student_id="other-student"), at=build.T0)


def _counts(kit: StoreKit) -> dict[str, int]:
    with kit.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES
        }


def test_export_holds_everything_decrypted_as_json(
    store: Store, build: type[Builders], commit: CommitFn
) -> None:
    _two_students(store, build, commit)

    exported = json.loads(json.dumps(store.export_student(build.STUDENT_ID)))

    assert exported["student_id"] == build.STUDENT_ID
    assert exported["state_version"] == 2
    assert [s["session_id"] for s in exported["sessions"]] == ["call-0", "call-1", "call-waiting"]
    first = exported["sessions"][0]
    assert first["session"]["student"]["name"] == build.CANARY_NAME
    assert first["pseudonyms"]["[EMAIL_1]"] == build.CANARY_EMAIL
    assert first["analyses"][0]["analysis"]["summary"]["executive_summary"].startswith(
        build.CANARY_NAME
    )
    assert first["anonymization"][0]["counts"] == {"STUDENT": 2, "EMAIL": 1, "PHONE": 1}
    assert exported["sessions"][2]["analyses"] == []
    assert [event["kind"] for event in exported["audit"]] == ["mastery_changed"] * 2
    assert "other-1" not in json.dumps(exported)

    with pytest.raises(NotFoundError, match="no data is held"):
        store.export_student("never-seen")


def test_erase_leaves_only_the_tombstone_and_the_erasure_record(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    store = kit.store
    _two_students(store, build, commit)
    before = _counts(kit)
    erased_at = build.T0 + timedelta(days=10)

    removed = store.erase_student(build.STUDENT_ID, at=erased_at, actor="admin@school")

    after = _counts(kit)
    # 1 student + 1 state + 3 sessions + 2 analyses + 2 maps + 2 audit + 2 anonymization rows
    assert removed == 13
    assert after == {
        "students": 1,  # the other student
        "student_state": 0,
        "sessions": 1,
        "session_analysis": 0,
        "pseudonym_maps": 0,
        "audit_log": 1,
        "anonymization_log": 0,
        "erased_students": 1,
    }
    assert before["sessions"] - after["sessions"] == 3
    key = kit.hasher.hash(build.STUDENT_ID)
    with kit.engine.connect() as connection:
        tombstone = connection.execute(text("SELECT * FROM erased_students")).one()._mapping
    assert set(tombstone) == {"student_key", "erased_at"}
    assert tombstone["student_key"] == key
    (event,) = store.audit_for_student(build.STUDENT_ID)
    assert isinstance(event, RecordErased)
    assert (event.actor, event.at, event.after) == ("admin@school", erased_at, {"rows_removed": 13})
    assert store.session_ids(student_id=build.STUDENT_ID) == []
    assert store.load_state(build.STUDENT_ID).version == 0
    assert store.get_session("other-1").session.student_id == "other-student"


def test_after_erasure_a_late_session_is_refused_and_a_new_one_accepted(
    store: Store, build: type[Builders], commit: CommitFn
) -> None:
    _two_students(store, build, commit)
    erased_at = build.T0 + timedelta(days=10)
    store.erase_student(build.STUDENT_ID, at=erased_at, actor="admin")

    late = build.session("call-late", started_at=erased_at - timedelta(hours=2))
    with pytest.raises(ErasedStudentError, match="before this student's data was erased"):
        store.accept_session(late, at=erased_at + timedelta(minutes=5))
    with pytest.raises(NotFoundError):
        store.get_session("call-late")
    replay = build.session("call-0")  # a replayed webhook of an erased session
    with pytest.raises(ErasedStudentError):
        store.accept_session(replay, at=erased_at + timedelta(minutes=5))

    fresh = build.session("call-fresh", started_at=erased_at + timedelta(days=1))
    assert store.accept_session(fresh, at=erased_at + timedelta(days=1)).created is True
    again = store.accept_session(fresh, at=erased_at + timedelta(days=2))
    assert (again.created, again.status) == (False, "received")


def test_sqlite_file_after_erase_and_vacuum_holds_none_of_the_students_data(
    tmp_path: Path, build: type[Builders]
) -> None:
    url = f"sqlite:///{tmp_path / 'erase.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    hasher = IdHasher(b"pepper-for-tests-0123456789")
    keyring = Keyring([build.KEY_A])
    store = Store(engine, keyring=keyring, hasher=hasher, retention=RetentionSettings())
    for number in range(3):
        store.accept_session(build.session(f"call-{number}"), at=build.T0)
    with engine.connect() as connection:
        blobs = [
            bytes(b) for b in connection.execute(text("SELECT payload FROM sessions")).scalars()
        ]
    store.erase_student(build.STUDENT_ID, at=build.T0 + timedelta(days=1), actor="admin")
    vacuum(engine)
    engine.dispose()

    raw = b"".join(path.read_bytes() for path in tmp_path.glob("erase.sqlite3*"))
    for blob in blobs:
        assert blob[20:60] not in raw  # the ciphertexts themselves are gone
    for canary in build.CANARIES:
        assert canary.encode() not in raw
    assert b"call-1" not in raw
    assert raw.count(hasher.hash(build.STUDENT_ID).encode()) >= 1  # the tombstone


def test_purge_deletes_expired_records_and_keeps_what_is_still_in_retention(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    short = RetentionSettings(transcript_days=30, analysis_days=90, audit_days=0)
    store = kit.reopen(Keyring([build.KEY_A]), short)
    store.accept_session(build.session("call-0"), at=build.T0)
    commit_at = build.T0 + timedelta(hours=1)
    store.commit_analysis(
        session_id="call-0",
        student_id=build.STUDENT_ID,
        analysis=build.analysis("call-0"),
        state=build.state("call-0"),
        expected_version=0,
        events=[build.event("call-0")],
        pseudonyms={"[STUDENT]": build.CANARY_NAME},
        analysis_type="automated",
        created_by="worker",
        at=commit_at,
    )
    store.accept_session(build.session("call-1"), at=build.T0 + timedelta(days=20))

    assert store.purge_expired(now=build.T0 + timedelta(days=29))["transcripts"] == 0

    after_30 = store.purge_expired(now=build.T0 + timedelta(days=31))
    assert (after_30["transcripts"], after_30["pseudonym_maps"], after_30["analyses"]) == (1, 1, 0)
    assert after_30["sessions"] == 0  # the analysis still refers to it
    with pytest.raises(NotFoundError, match="retention"):
        store.get_session("call-0")
    assert store.latest_analysis("call-0") == build.analysis("call-0")
    assert store.pseudonyms("call-0") == {}
    assert store.get_session("call-1").session == build.session("call-1")

    after_90 = store.purge_expired(now=build.T0 + timedelta(days=91))
    assert (after_90["analyses"], after_90["sessions"], after_90["transcripts"]) == (1, 2, 1)
    assert store.session_ids() == []
    assert store.latest_analysis("call-0") is None
    assert len(store.audit_for_student(build.STUDENT_ID)) == 1  # audit_days=0: kept
    assert store.load_state(build.STUDENT_ID).version == 1  # the profile is kept until erased
