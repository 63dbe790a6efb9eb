"""Sessions: stored once, read back whole, their status and tries tracked for the worker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from afterclass.errors import InputError, NotFoundError
from afterclass.store import Store

if TYPE_CHECKING:
    from .conftest import Builders, StoreKit


def test_a_session_is_stored_once_and_read_back_whole(store: Store, build: type[Builders]) -> None:
    session = build.session()
    received = build.T0 + timedelta(minutes=31)

    first = store.accept_session(session, at=received, priority="high")

    assert (first.session_id, first.created, first.status) == ("call-001", True, "received")
    stored = store.get_session("call-001")
    assert stored.session == session
    assert stored.session.turns[1].text == f"Yes. My email is {build.CANARY_EMAIL}."
    assert (stored.status, stored.priority, stored.tries, stored.last_error) == (
        "received",
        "high",
        0,
        None,
    )
    assert stored.received_at == received
    assert stored.received_at.tzinfo is not None
    assert stored.analyzed_at is None


def test_accepting_the_same_session_again_changes_nothing(
    store: Store, build: type[Builders]
) -> None:
    store.accept_session(build.session(), at=build.T0, priority="low")
    store.set_status("call-001", "queued", at=build.T0)
    changed = build.session(platform="web")  # same id, different content: a replayed webhook

    again = store.accept_session(changed, at=build.T0 + timedelta(hours=2), priority="high")

    assert (again.created, again.status) == (False, "queued")
    stored = store.get_session("call-001")
    assert (stored.session.platform, stored.priority, stored.received_at) == (
        "vapi",
        "low",
        build.T0,
    )
    assert store.session_ids() == ["call-001"]


def test_unknown_sessions_are_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no session 'nope'"):
        store.get_session("nope")
    with pytest.raises(NotFoundError):
        store.claim("nope", at=datetime.now().astimezone())


def test_status_changes_and_errors_are_kept(store: Store, build: type[Builders]) -> None:
    store.accept_session(build.session(), at=build.T0)

    store.set_status("call-001", "failed", at=build.T0, error="ProviderUnavailableError: 503")
    assert store.get_session("call-001").last_error == "ProviderUnavailableError: 503"

    store.set_status("call-001", "queued", at=build.T0)
    stored = store.get_session("call-001")
    assert (stored.status, stored.last_error) == ("queued", None)

    with pytest.raises(InputError, match="status 'done' is unknown"):
        store.set_status("call-001", "done", at=build.T0)


def test_claim_counts_tries_until_the_session_is_analyzed(
    store: Store, build: type[Builders]
) -> None:
    store.accept_session(build.session(), at=build.T0)

    assert store.claim("call-001", at=build.T0) is True
    assert store.claim("call-001", at=build.T0) is True
    assert store.get_session("call-001").tries == 2

    store.set_status("call-001", "analyzed", at=build.T0 + timedelta(hours=1))
    assert store.claim("call-001", at=build.T0) is False
    stored = store.get_session("call-001")
    assert (stored.tries, stored.analyzed_at) == (2, build.T0 + timedelta(hours=1))


def test_accepting_with_claim_counts_the_first_try_only_for_a_new_session(
    store: Store, build: type[Builders]
) -> None:
    first = store.accept_session(build.session(), at=build.T0, claim=True)
    again = store.accept_session(build.session(), at=build.T0, claim=True)

    assert (first.created, again.created) == (True, False)
    assert store.get_session("call-001").tries == 1
    assert store.claim("call-001", at=build.T0) is True
    assert store.get_session("call-001").tries == 2


def test_session_ids_filter_by_status_and_student_oldest_first(
    store: Store, build: type[Builders]
) -> None:
    for number, student in ((3, "a"), (1, "b"), (2, "a")):
        session = build.session(f"call-{number}", student_id=student)
        store.accept_session(session, at=build.T0 + timedelta(minutes=number))
    store.set_status("call-2", "failed", at=build.T0)

    assert store.session_ids() == ["call-1", "call-2", "call-3"]
    assert store.session_ids(student_id="a") == ["call-2", "call-3"]
    assert store.session_ids(status="received") == ["call-1", "call-3"]
    assert store.session_ids(status="failed", student_id="b") == []
    assert store.session_ids(limit=1) == ["call-1"]
    assert store.status_counts() == {
        "received": 2,
        "queued": 0,
        "analyzed": 0,
        "failed": 1,
        "deferred": 0,
    }


def test_plain_columns_hold_operator_figures_only(kit: StoreKit, build: type[Builders]) -> None:
    kit.store.accept_session(build.session(), at=build.T0)

    with kit.engine.connect() as connection:
        row = connection.execute(
            text("SELECT platform, status, word_count, char_count, student_key FROM sessions")
        ).one()

    session = build.session()
    assert row.platform == "vapi"
    assert row.status == "received"
    assert row.word_count == sum(turn.words for turn in session.turns)
    assert row.char_count == sum(len(turn.text) for turn in session.turns)
    assert row.student_key == kit.hasher.hash(build.STUDENT_ID)
    assert build.STUDENT_ID not in row.student_key


def test_naive_times_and_odd_priorities_are_refused(store: Store, build: type[Builders]) -> None:
    with pytest.raises(InputError, match="no time zone"):
        store.accept_session(build.session(), at=datetime(2025, 1, 1, 12, 0))
    with pytest.raises(InputError, match="priority"):
        store.accept_session(build.session(), at=build.T0, priority="DROP TABLE")
    assert store.session_ids() == []
