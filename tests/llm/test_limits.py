"""Client-side limits: per minute, per day, per month; and the analyzer asks before each request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fake_openai import FakeOpenAI, structured
from llm_support import AnalyzerFactory, good_body, make_session

from afterclass.analysis.contract import AnalysisRequest
from afterclass.analysis.llm.config import RateLimits
from afterclass.analysis.llm.limits import InMemoryLimiter
from afterclass.errors import QuotaExceededError, RateLimitedError
from afterclass.models import StudentState


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 31, 23, 59, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def limiter(clock: Clock, **limits: float) -> InMemoryLimiter:
    return InMemoryLimiter(RateLimits(**limits), clock=clock)


def test_requests_per_minute_with_the_wait() -> None:
    clock = Clock()
    limits = limiter(clock, requests_per_minute=2)
    limits.acquire(10)
    clock.advance(20)
    limits.acquire(10)
    with pytest.raises(RateLimitedError, match="2 LLM requests in the last minute") as caught:
        limits.acquire(10)
    assert caught.value.retry_after == pytest.approx(40.0)
    clock.advance(40)
    limits.acquire(10)  # the first request left the window


def test_tokens_per_minute() -> None:
    clock = Clock()
    limits = limiter(clock, tokens_per_minute=1000)
    limits.acquire(700)
    clock.advance(30)
    with pytest.raises(RateLimitedError, match=r"over rate_limits\.tokens_per_minute") as caught:
        limits.acquire(400)
    assert caught.value.retry_after == pytest.approx(30.0)
    with pytest.raises(QuotaExceededError, match=r"more than rate_limits\.tokens_per_minute"):
        limits.acquire(1001)


def test_daily_analyses_reset_at_utc_midnight() -> None:
    clock = Clock()
    limits = limiter(clock, daily_analysis_limit=2)
    limits.acquire(1, new_analysis=True)
    limits.acquire(1)  # a second request of the same analysis does not count
    limits.acquire(1, new_analysis=True)
    with pytest.raises(QuotaExceededError, match="daily analysis limit"):
        limits.acquire(1, new_analysis=True)
    clock.advance(61)  # past midnight: a new day (and a new month)
    limits.acquire(1, new_analysis=True)


def test_monthly_budget() -> None:
    clock = Clock()
    limits = limiter(clock, monthly_budget_usd=1.0)
    limits.record(0.6)
    limits.acquire(1)
    limits.record(0.5)
    assert limits.spent_this_month() == pytest.approx(1.1)
    with pytest.raises(QuotaExceededError, match="budget"):
        limits.acquire(1)
    clock.advance(61)
    limits.acquire(1)
    assert limits.spent_this_month() == 0.0


def test_the_analyzer_is_stopped_before_sending(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    clock = Clock()
    limits = limiter(clock, daily_analysis_limit=1)
    analyzer = make_analyzer(limiter=limits)
    fake_openai.queue(structured(good_body(), prompt_tokens=10_000, completion_tokens=1000))
    request = AnalysisRequest(session=make_session(), state=StudentState())
    analyzer.analyze(request)
    assert limits.spent_this_month() == pytest.approx(0.0045)  # 10k x $0.25 + 1k x $2, per 1M

    with pytest.raises(QuotaExceededError):
        analyzer.analyze(request)
    assert len(fake_openai.chat_requests()) == 1
