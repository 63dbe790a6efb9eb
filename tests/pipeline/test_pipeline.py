"""The pipeline end to end with a fake analyzer: once only, never half-applied, never lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from afterclass.analysis.contract import AnalyzerOutput
from afterclass.errors import (
    InvalidOutputError,
    ProviderUnavailableError,
    QuotaExceededError,
    StaleStateError,
)
from afterclass.pipeline import Pipeline
from afterclass.store import Store

from .conftest import FakeAnalyzer, fraction_body, make_session

CONCEPT = "fractions.addition_unlike_denominators"


def test_a_session_is_redacted_analyzed_learned_and_stored(
    build_pipeline: Callable[..., Pipeline], store: Store, fake: FakeAnalyzer
) -> None:
    outcome = build_pipeline().process_session(make_session())

    assert outcome.status == "analyzed"
    sent = " ".join(t.text for t in fake.requests[0].session.turns)
    assert "Maya" not in sent and "[STUDENT]" in sent
    stored = store.get_session("s-1")
    assert stored.status == "analyzed"
    state = store.load_state("stu-1").state
    assert state.profile.session_count == 1
    progress = state.mastery[CONCEPT]
    assert (progress.attempts_correct, progress.attempts_incorrect) == (2, 1)
    assert store.latest_analysis("s-1") == outcome.analysis
    assert outcome.analysis is not None
    assert outcome.analysis.engagement.student_turns == 3
    assert fake.requests[0].engagement == outcome.analysis.engagement  # measured once, for both
    assert store.pseudonyms("s-1")["[STUDENT]"] in {"Maya", "Maya Chen"}


def test_the_same_session_twice_is_analyzed_once(
    build_pipeline: Callable[..., Pipeline], store: Store, fake: FakeAnalyzer
) -> None:
    pipeline = build_pipeline()
    first = pipeline.process_session(make_session())
    state_after_first = store.load_state("stu-1")

    second = pipeline.process_session(make_session())

    assert second.status == "already_analyzed"
    assert second.analysis == first.analysis
    assert len(fake.requests) == 1
    assert store.load_state("stu-1") == state_after_first


def test_a_crash_before_commit_leaves_the_session_rerunnable_and_nothing_applied(
    build_pipeline: Callable[..., Pipeline], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = build_pipeline()
    real_commit = store.commit_analysis

    def crash(**_: object) -> bool:
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "commit_analysis", crash)
    with pytest.raises(RuntimeError):
        pipeline.process_session(make_session())
    assert store.get_session("s-1").status != "analyzed"
    assert store.load_state("stu-1").version == 0
    assert store.latest_analysis("s-1") is None

    monkeypatch.setattr(store, "commit_analysis", real_commit)
    outcome = pipeline.run("s-1")

    assert outcome.status == "analyzed"
    assert store.load_state("stu-1").state.mastery[CONCEPT].attempts_correct == 2


def test_bad_model_output_falls_back_to_rules_and_is_flagged_for_review(
    build_pipeline: Callable[..., Pipeline], fake: FakeAnalyzer
) -> None:
    fake.queue.append(InvalidOutputError("twice invalid", attempts=["a", "b"]))

    outcome = build_pipeline().process_session(make_session())

    assert outcome.status == "analyzed"
    assert outcome.analysis is not None
    meta = outcome.analysis.meta
    assert meta.analyzer == "rules"
    assert meta.analysis_type == "rules_fallback"
    assert meta.needs_review
    assert "fake_analysis_failed: InvalidOutputError" in meta.review_reasons


def test_quota_exhaustion_stores_a_basic_summary_learns_nothing_and_a_later_run_analyzes(
    build_pipeline: Callable[..., Pipeline], store: Store, fake: FakeAnalyzer
) -> None:
    fake.queue.append(QuotaExceededError("daily limit of 500 analyses reached"))
    pipeline = build_pipeline()

    deferred = pipeline.process_session(make_session())

    assert deferred.status == "deferred"
    assert deferred.analysis is not None
    assert deferred.analysis.meta.analysis_type == "basic_fallback"
    assert deferred.analysis.meta.analyzer == "rules"
    stored = store.get_session("s-1")
    assert stored.status == "deferred"
    assert stored.last_error is not None and "daily limit" in stored.last_error
    assert store.load_state("stu-1").version == 0  # nothing learned from the basic summary
    assert store.latest_analysis("s-1") == deferred.analysis

    later = pipeline.run("s-1")

    assert later.status == "analyzed"
    latest = store.latest_analysis("s-1")
    assert latest is not None and latest.meta.analysis_type == "fake_automated"
    assert store.load_state("stu-1").state.profile.session_count == 1


def test_without_a_fallback_a_provider_outage_defers_with_no_summary(
    build_pipeline: Callable[..., Pipeline], store: Store, fake: FakeAnalyzer
) -> None:
    fake.queue.append(ProviderUnavailableError("connection refused"))

    outcome = build_pipeline(with_fallback=False).process_session(make_session())

    assert (outcome.status, outcome.analysis) == ("deferred", None)
    assert store.get_session("s-1").status == "deferred"


def test_a_name_echoed_by_the_analyzer_is_redacted_before_storing(
    build_pipeline: Callable[..., Pipeline], store: Store, fake: FakeAnalyzer
) -> None:
    fake.queue.append(
        AnalyzerOutput(body=fraction_body("Maya Chen worked hard; maya's answers improved."))
    )

    pipeline = build_pipeline()
    outcome = pipeline.process_session(make_session())

    assert outcome.analysis is not None
    stored = store.latest_analysis("s-1")
    assert stored is not None
    assert "maya" not in stored.model_dump_json().lower()
    assert stored.meta.needs_review and "pii_in_output" in stored.meta.review_reasons
    leak_issues = [i for i in stored.meta.quality_issues if i.startswith("pii_leak_redacted:")]
    assert leak_issues and int(leak_issues[0].split(":")[1]) >= 2
    leaks = int(leak_issues[0].split(":")[1])
    assert pipeline.metrics.value("afterclass_pii_leaks_total") == leaks
    assert pipeline.metrics.value("afterclass_review_flags_total") == 1


def test_a_concurrent_update_of_the_student_is_learned_again_not_lost(
    build_pipeline: Callable[..., Pipeline], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = build_pipeline()
    pipeline.process_session(make_session("s-0"))
    real_commit = store.commit_analysis
    calls = {"n": 0}

    def race_once(**kwargs: object) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise StaleStateError("another worker won")
        return real_commit(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "commit_analysis", race_once)
    outcome = pipeline.process_session(make_session("s-1"))

    assert outcome.status == "analyzed" and calls["n"] == 2
    state = store.load_state("stu-1").state
    assert state.profile.session_count == 2
    assert state.mastery[CONCEPT].attempts_correct == 4


def test_a_concern_flag_sends_the_analysis_to_review(
    build_pipeline: Callable[..., Pipeline],
) -> None:
    outcome = build_pipeline().process_session(make_session(flags=["concern"]))

    assert outcome.analysis is not None
    assert "flagged_concern" in outcome.analysis.meta.review_reasons


def test_the_trajectory_is_dated_by_the_session_not_by_when_it_was_analyzed(
    build_pipeline: Callable[..., Pipeline], store: Store
) -> None:
    session = make_session()

    build_pipeline().process_session(session)

    [point] = store.load_state("stu-1").state.trajectory
    assert point.date == session.ended_at


def test_the_metrics_count_outcomes(
    build_pipeline: Callable[..., Pipeline], fake: FakeAnalyzer
) -> None:
    pipeline = build_pipeline()
    pipeline.process_session(make_session("s-1"))
    pipeline.process_session(make_session("s-1"))
    fake.queue.append(QuotaExceededError("monthly budget used"))
    pipeline.process_session(make_session("s-2"))

    count = pipeline.metrics.value
    assert count("afterclass_sessions_total", {"status": "analyzed"}) == 1
    assert count("afterclass_sessions_total", {"status": "already_analyzed"}) == 1
    assert count("afterclass_sessions_total", {"status": "deferred"}) == 1
    assert count("afterclass_quality_score_count") == 1
