"""Process one session end to end. This is the only module that knows the order of the steps:

accept -> redact -> analyze (fallback on bad output) -> engagement -> ground -> quality
-> scrub leaks -> learn -> commit (one transaction).

A crash anywhere before the commit leaves the session stored and re-runnable; the commit writes the
analysis, the new student state, the audit events and the pseudonym map together or not at all.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from afterclass.analysis.contract import AnalysisRequest, Analyzer, AnalyzerOutput
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.engagement import session_engagement
from afterclass.analysis.grounding import ground
from afterclass.analysis.quality import assess_quality
from afterclass.config import Settings
from afterclass.errors import (
    AfterclassError,
    AnalysisError,
    ProviderError,
    StaleStateError,
)
from afterclass.learning import apply_analysis
from afterclass.metrics import Metrics
from afterclass.models import AnalysisMeta, Session, SessionAnalysis
from afterclass.privacy.redaction import RedactedSession, redact_session, scan_and_redact
from afterclass.store import AcceptResult, StateSnapshot, Store

Status = Literal["analyzed", "already_analyzed", "deferred", "failed"]
MAX_STATE_RETRIES = 5
MAX_ERROR_CHARS = 500
#: analysis_type of the offline analysis stored while the real one waits (the seed's name).
BASIC_FALLBACK = "basic_fallback"
#: quality issue recording how many personal values an analyzer echoed (then redacted again).
LEAK_ISSUE = "pii_leak_redacted"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What happened to one session."""

    session_id: str
    status: Status
    analysis: SessionAnalysis | None = None
    reason: str | None = None


@dataclass(frozen=True)
class _Analyzed:
    output: AnalyzerOutput
    analyzer_name: str
    review_reasons: tuple[str, ...] = ()
    analysis_type: str | None = None


@dataclass
class Pipeline:
    """One session's way through afterclass, with every collaborator passed in."""

    store: Store
    analyzer: Analyzer
    settings: Settings
    curriculum: Curriculum
    fallback: Analyzer | None = None
    clock: Callable[[], datetime] = field(default=utc_now)
    metrics: Metrics = field(default_factory=Metrics)

    def submit(self, session: Session, *, priority: str = "normal") -> AcceptResult:
        """Store a session (idempotent on session_id). After this returns, it is never lost."""
        return self.store.accept_session(session, at=self.clock(), priority=priority)

    def process_session(self, session: Session, *, priority: str = "normal") -> Outcome:
        """Submit and analyze at once (the CLI and the in-process default)."""
        accepted = self.store.accept_session(
            session, at=self.clock(), priority=priority, claim=True
        )
        if accepted.created:  # stored and claimed just now: the session in hand is the one
            return self._counted(self._run_claimed(session))
        # A repeat is analyzed (or not) as stored the first time.
        return self._counted(self._run_once(session.session_id))

    def run(self, session_id: str) -> Outcome:
        """Analyze a stored session and fold it into the student's state, exactly once."""
        return self._counted(self._run_once(session_id))

    def _counted(self, outcome: Outcome) -> Outcome:
        self.metrics.sessions.labels(outcome.status).inc()
        return outcome

    def _run_once(self, session_id: str) -> Outcome:
        stored = self.store.get_session(session_id)
        if stored.status == "analyzed" or not self.store.claim(session_id, at=self.clock()):
            return self._already(session_id)
        return self._run_claimed(stored.session)

    def _run_claimed(self, session: Session) -> Outcome:
        session_id = session.session_id
        try:
            return self._run(session)
        except ProviderError as error:  # quota, rejected key, outage: keep it for later
            self._set_status(session_id, "deferred", error)
            provisional = self.store.latest_analysis(session_id)
            return Outcome(session_id, "deferred", provisional, reason=str(error))
        except AfterclassError as error:
            self._set_status(session_id, "failed", error)
            return Outcome(session_id, "failed", reason=str(error))

    def _already(self, session_id: str) -> Outcome:
        return Outcome(session_id, "already_analyzed", self.store.latest_analysis(session_id))

    def _run(self, session: Session) -> Outcome:
        started = time.perf_counter()
        redacted = redact_session(session)
        snapshot = self.store.load_state(session.student_id)
        request = AnalysisRequest(
            session=redacted.session,
            state=snapshot.state,
            engagement=session_engagement(redacted.session),
        )
        try:
            analyzed = self._analyze(request)
        except ProviderError:
            self._provisional(session, redacted, request)
            raise
        analysis = self._assemble(
            session, redacted, request, analyzed, time.perf_counter() - started
        )
        return self._learn_and_commit(session, redacted, analysis, snapshot)

    def _provisional(
        self, session: Session, redacted: RedactedSession, request: AnalysisRequest
    ) -> None:
        """The seed's basic summary when the provider cannot answer now: the offline analysis is
        stored for readers, nothing is learned from it, and the real analysis stays queued."""
        if self.fallback is None:
            return
        started = time.perf_counter()
        output = self.fallback.analyze(request)
        analyzed = _Analyzed(output, self.fallback.name, analysis_type=BASIC_FALLBACK)
        analysis = self._assemble(
            session, redacted, request, analyzed, time.perf_counter() - started
        )
        self.store.record_provisional(
            session_id=session.session_id,
            student_id=session.student_id,
            analysis=analysis,
            analysis_type=BASIC_FALLBACK,
            created_by=self.settings.actor,
            at=self.clock(),
        )

    def _analyze(self, request: AnalysisRequest) -> _Analyzed:
        try:
            return _Analyzed(self.analyzer.analyze(request), self.analyzer.name)
        except ProviderError:
            raise
        except AnalysisError as error:
            if self.fallback is None:
                raise
            # The seed's handle_analysis_failure: rules analysis now, flagged for manual review.
            reason = f"{self.analyzer.name}_analysis_failed: {type(error).__name__}"
            return _Analyzed(self.fallback.analyze(request), self.fallback.name, (reason,))

    def _assemble(
        self,
        session: Session,
        redacted: RedactedSession,
        request: AnalysisRequest,
        analyzed: _Analyzed,
        elapsed: float,
    ) -> SessionAnalysis:
        turns = redacted.session.turns
        grounded = ground(analyzed.output.body, turns, self.curriculum)
        engagement = request.engagement or session_engagement(redacted.session)
        claims_dropped = analyzed.output.claims_dropped + grounded.dropped
        quality = assess_quality(
            grounded.body,
            transcript_chars=sum(len(t.text) for t in turns),
            processing_seconds=elapsed,
            claims_total=grounded.total + analyzed.output.claims_dropped,
            claims_dropped=claims_dropped,
        )
        review = list(analyzed.review_reasons)
        if not quality.passed:
            review.append("quality_below_threshold")
        if "concern" in session.flags:
            review.append("flagged_concern")
        meta = AnalysisMeta(
            analyzer=analyzed.analyzer_name,
            analysis_type=_analysis_type(self.analyzer.name, analyzed),
            model=analyzed.output.model,
            prompt_version=analyzed.output.prompt_version,
            tokens=analyzed.output.tokens,
            cost_usd=analyzed.output.cost_usd,
            processing_seconds=round(elapsed, 4),
            quality_score=quality.score,
            quality_issues=list(quality.issues),
            grounding_rate=grounded.rate,
            claims_dropped=claims_dropped,
            needs_review=bool(review),
            review_reasons=review,
            created_at=self.clock(),
        )
        analysis = SessionAnalysis(
            session_id=session.session_id,
            profile=grounded.body.profile,
            progress=grounded.body.progress,
            summary=grounded.body.summary,
            engagement=engagement,
            meta=meta,
        )
        return _scrub(analysis, redacted.pseudonyms)

    def _learn_and_commit(
        self,
        session: Session,
        redacted: RedactedSession,
        analysis: SessionAnalysis,
        snapshot: StateSnapshot,
    ) -> Outcome:
        for attempt in range(MAX_STATE_RETRIES):
            if attempt:  # the state moved under us: learn again from the newer one
                snapshot = self.store.load_state(session.student_id)
            at = self.clock()
            learned = apply_analysis(
                snapshot.state,
                analysis,
                at=at,
                settings=self.settings.learning,
                actor=self.settings.actor,
                session_at=session.ended_at,
            )
            try:
                committed = self.store.commit_analysis(
                    session_id=session.session_id,
                    student_id=session.student_id,
                    analysis=analysis,
                    state=learned.state,
                    expected_version=snapshot.version,
                    events=learned.events,
                    pseudonyms=redacted.pseudonyms,
                    analysis_type=analysis.meta.analysis_type,
                    created_by=self.settings.actor,
                    at=at,
                    anonymization_counts=redacted.counts,
                )
            except StaleStateError:
                continue  # another worker updated this student: learn again from its state
            if not committed:  # another worker finished this very session first
                latest = self.store.latest_analysis(session.session_id)
                return Outcome(session.session_id, "already_analyzed", latest)
            self._observe(analysis)
            return Outcome(session.session_id, "analyzed", analysis)
        raise StaleStateError(
            f"student state kept changing during {MAX_STATE_RETRIES} commits of session "
            f"{session.session_id}; it stays queued and will be retried"
        )

    def _observe(self, analysis: SessionAnalysis) -> None:
        meta = analysis.meta
        for kind in ("prompt", "cached", "completion", "reasoning"):
            self.metrics.tokens.labels(kind).inc(getattr(meta.tokens, kind))
        self.metrics.cost.inc(meta.cost_usd)
        self.metrics.quality.observe(meta.quality_score)
        self.metrics.review.inc(meta.needs_review)
        leaks = [i for i in meta.quality_issues if i.startswith(f"{LEAK_ISSUE}:")]
        self.metrics.pii_leaks.inc(sum(int(i.split(":", 1)[1]) for i in leaks))

    def _set_status(self, session_id: str, status: str, error: Exception) -> None:
        # last_error is a plain column: provider messages (quota, key, outage) are kept for
        # operators; other messages may quote the input, so only their class is stored.
        message = (
            f"{type(error).__name__}: {error}"
            if isinstance(error, ProviderError)
            else type(error).__name__
        )
        self.store.set_status(session_id, status, at=self.clock(), error=message[:MAX_ERROR_CHARS])


def _analysis_type(primary: str, analyzed: _Analyzed) -> str:
    if analyzed.analysis_type is not None:
        return analyzed.analysis_type
    if analyzed.analyzer_name != primary:
        return f"{analyzed.analyzer_name}_fallback"
    return f"{analyzed.analyzer_name}_automated"


def _scrub(analysis: SessionAnalysis, pseudonyms: dict[str, str]) -> SessionAnalysis:
    """Re-redact any original value an analyzer echoed (an LLM can repeat a name from context).

    The session id is the caller's own identifier, not analyzer output, and is left alone.
    """
    text, leaks = scan_and_redact(analysis.model_dump_json(exclude={"session_id"}), pseudonyms)
    if not leaks:
        return analysis
    scrubbed = SessionAnalysis.model_validate(
        {**json.loads(text), "session_id": analysis.session_id}
    )
    meta = scrubbed.meta.model_copy(
        update={
            "quality_issues": [*scrubbed.meta.quality_issues, f"{LEAK_ISSUE}:{leaks}"],
            "needs_review": True,
            "review_reasons": [*scrubbed.meta.review_reasons, "pii_in_output"],
        }
    )
    return scrubbed.model_copy(update={"meta": meta})
