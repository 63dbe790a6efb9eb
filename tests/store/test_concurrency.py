"""Several workers on one database: nothing is stored twice, no update is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from afterclass.config import RetentionSettings
from afterclass.errors import StaleStateError
from afterclass.privacy.crypto import Keyring
from afterclass.store import Store, make_engine

if TYPE_CHECKING:
    from .conftest import Builders, StoreKit

T = TypeVar("T")


def _together(tasks: list[Callable[[], T]]) -> list[T | Exception]:
    """Run the tasks in threads released at the same moment; each one's result or exception."""
    barrier = threading.Barrier(len(tasks))

    def run(task: Callable[[], T]) -> T | Exception:
        barrier.wait()
        try:
            return task()
        except Exception as error:
            return error

    with ThreadPoolExecutor(len(tasks)) as pool:
        return list(pool.map(run, tasks))


def test_the_same_session_accepted_by_several_workers_is_created_once(
    kit: StoreKit, build: type[Builders]
) -> None:
    # each worker its own engine, as separate processes would have
    engines = [make_engine(kit.url) for _ in range(4)]
    stores = [
        Store(e, keyring=Keyring([build.KEY_A]), hasher=kit.hasher, retention=RetentionSettings())
        for e in engines
    ]

    try:
        results = _together(
            [lambda s=store: s.accept_session(build.session(), at=build.T0) for store in stores]
        )
    finally:
        for engine in engines:
            engine.dispose()

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.created for r in results if not isinstance(r, Exception)) == [
        False,
        False,
        False,
        True,
    ]
    assert kit.store.session_ids() == ["call-001"]


def test_two_workers_committing_for_one_student_one_wins_the_other_is_stale(
    kit: StoreKit, build: type[Builders]
) -> None:
    store = kit.store
    for session_id in ("call-a", "call-b"):
        store.accept_session(build.session(session_id), at=build.T0)

    def commit(session_id: str) -> Callable[[], bool]:
        return lambda: store.commit_analysis(
            session_id=session_id,
            student_id=build.STUDENT_ID,
            analysis=build.analysis(session_id),
            state=build.state(session_id),
            expected_version=0,
            events=[build.event(session_id)],
            pseudonyms={},
            analysis_type="automated",
            created_by="worker",
            at=build.T0,
        )

    results = _together([commit("call-a"), commit("call-b")])

    assert sorted(type(r).__name__ for r in results) == ["StaleStateError", "bool"]
    winner = "call-a" if results[0] is True else "call-b"
    loser = "call-b" if winner == "call-a" else "call-a"
    assert any(isinstance(r, StaleStateError) for r in results)
    snapshot = store.load_state(build.STUDENT_ID)
    assert (snapshot.version, snapshot.state.applied_sessions) == (1, [winner])
    assert store.get_session(loser).status == "received"
    assert store.latest_analysis(loser) is None
    assert [e.session_id for e in store.audit_for_student(build.STUDENT_ID)] == [winner]
