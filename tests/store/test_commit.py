"""commit_analysis: one transaction stores the analysis, new state and audit trail, or nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from afterclass.errors import InputError, StaleStateError
from afterclass.models import MasteryChanged
from afterclass.store import Store

if TYPE_CHECKING:
    from .conftest import Builders, CommitFn, StoreKit

COMMITTED_AT_OFFSET = timedelta(hours=1)


def _row_counts(kit: StoreKit) -> dict[str, int]:
    tables = (
        "session_analysis",
        "student_state",
        "audit_log",
        "pseudonym_maps",
        "anonymization_log",
    )
    with kit.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in tables
        }


def test_a_committed_analysis_reads_back_with_state_audit_and_pseudonyms(
    store: Store, build: type[Builders], commit: CommitFn
) -> None:
    store.accept_session(build.session(), at=build.T0)

    assert commit() is True

    assert store.latest_analysis("call-001") == build.analysis()
    snapshot = store.load_state(build.STUDENT_ID)
    assert (snapshot.version, snapshot.state) == (1, build.state())
    events = store.audit_for_student(build.STUDENT_ID)
    assert events == [build.event()]
    assert isinstance(events[0], MasteryChanged)
    assert events[0].concept == "fractions.addition_unlike_denominators"
    assert store.pseudonyms("call-001") == {
        "[STUDENT]": build.CANARY_NAME,
        "[EMAIL_1]": build.CANARY_EMAIL,
    }
    stored = store.get_session("call-001")
    assert (stored.status, stored.analyzed_at) == ("analyzed", build.T0 + COMMITTED_AT_OFFSET)
    assert store.analyses_for_student(build.STUDENT_ID) == [build.analysis()]


def test_the_seed_figures_are_plain_columns(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    kit.store.accept_session(build.session(), at=build.T0)
    commit()

    with kit.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM session_analysis")).one()._mapping
        log = connection.execute(text("SELECT counts, text_chars FROM anonymization_log")).one()

    assert row["analysis_type"] == "automated"
    assert row["created_by"] == "worker-1"
    assert row["student_id_hash"] == kit.hasher.hash(build.STUDENT_ID)
    assert (row["analyzer"], row["model"], row["prompt_version"]) == ("rules", "gpt-test", "v3")
    assert (row["prompt_tokens"], row["cached_tokens"], row["completion_tokens"]) == (
        1200,
        400,
        300,
    )
    assert row["reasoning_tokens"] == 50
    assert row["cost_usd"] == pytest.approx(0.0123)
    assert row["quality_score"] == pytest.approx(0.85)
    assert row["processing_time_seconds"] == pytest.approx(1.5)
    assert row["confidence_score"] == pytest.approx(0.6)
    assert bool(row["gdpr_deletable"]) and bool(row["parent_accessible"])
    counts = log.counts if isinstance(log.counts, dict) else __import__("json").loads(log.counts)
    assert counts == {"STUDENT": 2, "EMAIL": 1, "PHONE": 1}
    assert log.text_chars == sum(len(turn.text) for turn in build.session().turns)


def test_a_stale_version_raises_and_writes_nothing(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    store = kit.store
    store.accept_session(build.session("call-001"), at=build.T0)
    store.accept_session(build.session("call-002"), at=build.T0)
    commit("call-001")  # state is now at version 1
    before = _row_counts(kit)

    with pytest.raises(StaleStateError, match="no longer at version 0"):
        commit("call-002", expected_version=0, state=build.state("call-002", p_mastery=0.9))

    assert _row_counts(kit) == before
    assert store.get_session("call-002").status == "received"
    assert store.latest_analysis("call-002") is None
    assert store.pseudonyms("call-002") == {}
    snapshot = store.load_state(build.STUDENT_ID)
    assert snapshot.version == 1
    assert snapshot.state.mastery["fractions.addition_unlike_denominators"].p_mastery == 0.4

    with pytest.raises(StaleStateError):
        commit("call-002", expected_version=7)

    assert commit("call-002", expected_version=1) is True
    assert store.load_state(build.STUDENT_ID).version == 2


def test_an_already_analyzed_session_returns_false_and_writes_nothing(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    kit.store.accept_session(build.session(), at=build.T0)
    assert commit() is True
    before = _row_counts(kit)

    again = commit(expected_version=1, state=build.state(p_mastery=0.99))

    assert again is False
    assert _row_counts(kit) == before
    assert kit.store.load_state(build.STUDENT_ID).version == 1


def test_analyses_for_a_student_come_newest_first(
    store: Store, build: type[Builders], commit: CommitFn
) -> None:
    for number in range(3):
        session_id = f"call-{number}"
        store.accept_session(build.session(session_id), at=build.T0)
        commit(
            session_id,
            analysis=build.analysis(session_id, quality=0.5 + number / 10),
            expected_version=number,
            at=build.T0 + timedelta(days=number),
        )

    newest = store.analyses_for_student(build.STUDENT_ID, limit=2)

    assert [a.session_id for a in newest] == ["call-2", "call-1"]
    assert newest[0].meta.quality_score == pytest.approx(0.7)
    assert store.analyses_for_student("someone-else") == []


def test_a_commit_for_another_students_session_is_refused(
    store: Store, build: type[Builders], commit: CommitFn
) -> None:
    store.accept_session(build.session(), at=build.T0)

    with pytest.raises(InputError, match="belongs to a different student"):
        commit(student_id="someone-else")
    with pytest.raises(InputError, match="analysis is for session 'call-009'"):
        commit(analysis=build.analysis("call-009"))

    assert store.get_session("call-001").status == "received"
    assert store.load_state("someone-else").version == 0
