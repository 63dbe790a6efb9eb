"""Client-side limits: requests and tokens per minute, analyses per day, budget per month.

The analyzer calls ``acquire`` before every request and ``record`` after every answer. The
in-memory limiter serves one process; a limiter shared by many workers (database or Redis)
implements the same two methods.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from afterclass.analysis.llm.config import RateLimits
from afterclass.errors import QuotaExceededError, RateLimitedError

WINDOW = timedelta(minutes=1)


class Limiter(Protocol):
    def acquire(self, tokens: int, *, new_analysis: bool = False) -> None:
        """Reserve one request of about ``tokens`` tokens (prompt plus completion limit).

        ``new_analysis`` counts the request's session against the daily analysis limit.
        Raises RateLimitedError (wait ``retry_after`` seconds) or QuotaExceededError (the daily
        limit or the monthly budget is used up: defer the analysis).
        """
        ...

    def record(self, cost_usd: float) -> None:
        """Add what an answer cost to this month's spending."""
        ...


def _utc_now() -> datetime:
    return datetime.now(UTC)


class InMemoryLimiter:
    """Sliding one-minute windows and calendar (UTC) day and month counters, in this process."""

    def __init__(self, limits: RateLimits, clock: Callable[[], datetime] = _utc_now):
        self.limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._window: deque[tuple[datetime, int]] = deque()
        self._day: tuple[str, int] = ("", 0)
        self._month: tuple[str, float] = ("", 0.0)

    def acquire(self, tokens: int, *, new_analysis: bool = False) -> None:
        with self._lock:
            now = self._clock()
            self._check_quota(now, new_analysis)
            while self._window and now - self._window[0][0] >= WINDOW:
                self._window.popleft()
            self._check_rate(now, tokens)
            self._window.append((now, tokens))
            if new_analysis:
                day, count = self._current_day(now)
                self._day = (day, count + 1)

    def record(self, cost_usd: float) -> None:
        with self._lock:
            month, spent = self._current_month(self._clock())
            self._month = (month, spent + cost_usd)

    def spent_this_month(self) -> float:
        with self._lock:
            return self._current_month(self._clock())[1]

    def _check_quota(self, now: datetime, new_analysis: bool) -> None:
        _, analyses = self._current_day(now)
        if new_analysis and analyses >= self.limits.daily_analysis_limit:
            raise QuotaExceededError(
                f"the daily analysis limit ({self.limits.daily_analysis_limit}) is reached; the "
                "analysis is deferred to tomorrow (rate_limits.daily_analysis_limit allows more)"
            )
        _, spent = self._current_month(now)
        if spent >= self.limits.monthly_budget_usd:
            raise QuotaExceededError(
                f"this month's LLM budget (${self.limits.monthly_budget_usd:.2f}) is spent "
                f"(${spent:.2f}); analyses wait for next month or a higher "
                "rate_limits.monthly_budget_usd"
            )

    def _check_rate(self, now: datetime, tokens: int) -> None:
        limits = self.limits
        if tokens > limits.tokens_per_minute:
            raise QuotaExceededError(
                f"one request needs about {tokens} tokens, more than rate_limits.tokens_per_minute "
                f"({limits.tokens_per_minute}) allows in a minute; raise that limit"
            )
        if len(self._window) >= limits.requests_per_minute:
            raise RateLimitedError(
                f"{limits.requests_per_minute} LLM requests in the last minute (the configured "
                "rate_limits.requests_per_minute); retry later",
                retry_after=self._wait_until_free(now, requests=1, tokens=0),
            )
        used = sum(t for _, t in self._window)
        if used + tokens > limits.tokens_per_minute:
            raise RateLimitedError(
                f"{used} tokens in the last minute and this request needs about {tokens}, over "
                f"rate_limits.tokens_per_minute ({limits.tokens_per_minute}); retry later",
                retry_after=self._wait_until_free(now, requests=0, tokens=tokens),
            )

    def _wait_until_free(self, now: datetime, *, requests: int, tokens: int) -> float:
        """Seconds until enough of the window has expired."""
        remaining_requests = len(self._window)
        remaining_tokens = sum(t for _, t in self._window)
        for at, used in self._window:
            remaining_requests -= 1
            remaining_tokens -= used
            fits_requests = remaining_requests + requests <= self.limits.requests_per_minute
            fits_tokens = remaining_tokens + tokens <= self.limits.tokens_per_minute
            if fits_requests and fits_tokens:
                return max((at + WINDOW - now).total_seconds(), 0.0)
        return WINDOW.total_seconds()

    def _current_day(self, now: datetime) -> tuple[str, int]:
        day = now.astimezone(UTC).strftime("%Y-%m-%d")
        return (day, self._day[1]) if self._day[0] == day else (day, 0)

    def _current_month(self, now: datetime) -> tuple[str, float]:
        month = now.astimezone(UTC).strftime("%Y-%m")
        return (month, self._month[1]) if self._month[0] == month else (month, 0.0)
