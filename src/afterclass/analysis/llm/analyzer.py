"""The ``llm`` analyzer: the seed's three assessments from an OpenAI-compatible model.

For one (already redacted) session it plans the request(s), asks the limiter before each one,
sends them through the SDK client, validates and re-asks (``exchange``), grounds the result
against the transcript, and reports tokens and cost. With a key manager (``keys``), a request
whose key the provider rejects (401/403) is retried once with the next key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import openai
from pydantic import BaseModel

from afterclass.analysis.contract import AnalysisRequest, AnalyzerOutput
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.grounding import ground
from afterclass.analysis.llm.client import StructuredOutputUnsupportedError, rejection
from afterclass.analysis.llm.config import LLMConfig
from afterclass.analysis.llm.cost import add_usage, usage_cost
from afterclass.analysis.llm.exchange import ExchangeResult, run_exchange
from afterclass.analysis.llm.limits import Limiter
from afterclass.analysis.llm.planning import SINGLE, OutputMode, PlannedRequest, plan_requests
from afterclass.analysis.llm.profiles import ModelProfile, profile_for, unknown_model_note
from afterclass.errors import KeyRejectedError
from afterclass.models import (
    AnalysisBody,
    ProfileAssessment,
    ProgressAssessment,
    SessionSummary,
    TokenUsage,
)

log = logging.getLogger(__name__)


class FailoverKeys(Protocol):
    """What the analyzer needs from a key manager (``afterclass.secrets.KeyManager``)."""

    def api_key(self) -> str:
        """The key to use now; raises KeyRejectedError when every key is rejected."""
        ...

    def mark_rejected(self, key: str | None = None, detail: str = "HTTP 401 in use") -> None:
        """The provider rejected ``key`` (default: the last one handed out) in real use."""
        ...


@dataclass
class LLMAnalyzer:
    """Collaborators are passed in: the SDK client, the limiter, the curriculum, and the key
    manager behind the client's key provider (None: a plain key, a rejection is final)."""

    config: LLMConfig
    client: openai.OpenAI
    limiter: Limiter | None = None
    curriculum: Curriculum | None = None
    name: str = "llm"
    keys: FailoverKeys | None = None
    _profile: ModelProfile | None = field(default=None, init=False, repr=False)
    _output_mode: OutputMode | None = field(default=None, init=False, repr=False)

    @property
    def profile(self) -> ModelProfile:
        if self._profile is None:
            self._profile = profile_for(self.config.model)
        return self._profile

    @property
    def output_mode(self) -> OutputMode:
        if self._output_mode is None:
            wanted = self.config.structured_output
            self._output_mode = "json_object" if wanted == "json_object" else "json_schema"
        return self._output_mode

    def analyze(self, request: AnalysisRequest) -> AnalyzerOutput:
        notes: list[str] = []
        if not self.profile.known:
            notes.append(unknown_model_note(self.config.model))
        results, plans = self._exchanges(request, notes)
        usage = TokenUsage()
        for result in results.values():
            usage = add_usage(usage, result.usage)
            if result.attempts > 1:
                notes.append("re-asked once after an answer failed validation")
        body = _assemble({kind: r.value for kind, r in results.items()}, notes)
        grounded = ground(body, request.session.turns, self.curriculum)
        if grounded.dropped:
            notes.append(f"grounding dropped {grounded.dropped} of {grounded.total} claims")
        first_model = next((r.model for r in results.values() if r.model), None)
        return AnalyzerOutput(
            body=grounded.body,
            model=first_model or self.config.model,
            prompt_version=",".join(p.prompt_tag for p in plans),
            tokens=usage,
            cost_usd=self._cost(usage),
            claims_dropped=grounded.dropped,
            notes=(*notes, *grounded.reasons),
        )

    def _exchanges(
        self, request: AnalysisRequest, notes: list[str]
    ) -> tuple[dict[str, ExchangeResult], list[PlannedRequest]]:
        try:
            return self._run_all(request)
        except StructuredOutputUnsupportedError:
            if self.config.structured_output != "auto" or self.output_mode == "json_object":
                raise
            log.warning("the server refused json_schema output; switching to JSON mode")
            self._output_mode = "json_object"
            notes.append("server refused json_schema structured output; used JSON mode")
            return self._run_all(request)

    def _run_all(
        self, request: AnalysisRequest
    ) -> tuple[dict[str, ExchangeResult], list[PlannedRequest]]:
        plans = plan_requests(
            request.session,
            self.config,
            state=request.state,
            curriculum=self.curriculum,
            output_mode=self.output_mode,
            profile=self.profile,
        )
        results: dict[str, ExchangeResult] = {}
        for index, planned in enumerate(plans):
            results[planned.analysis_type] = self._run_one(planned, first=index == 0)
        return results, plans

    def _run_one(self, planned: PlannedRequest, *, first: bool) -> ExchangeResult:
        sent = [0]

        def before_send(tokens: int) -> None:
            if self.limiter is not None:
                self.limiter.acquire(tokens, new_analysis=first and sent[0] == 0)
            sent[0] += 1

        def after_answer(usage: TokenUsage) -> None:
            if self.limiter is not None:
                self.limiter.record(self._cost(usage))

        def exchange() -> ExchangeResult:
            return run_exchange(
                self.client,
                planned,
                where=self._where(),
                before_send=before_send,
                after_answer=after_answer,
            )

        return self._with_failover(exchange)

    def _with_failover(self, exchange: Callable[[], ExchangeResult]) -> ExchangeResult:
        """``exchange()``; when the provider rejects its key, tell the key manager and run it
        once more with the next key. An outage never gets here (ProviderUnavailableError)."""
        keys = self.keys
        try:
            return exchange()
        except KeyRejectedError as error:
            rejected = rejection(error)
            if keys is None or rejected is None:
                raise
            keys.mark_rejected(rejected.key, f"HTTP {rejected.status} in use")
            log.warning("the provider rejected the API key in use; retrying with the next key")
        try:
            return exchange()
        except KeyRejectedError as error:
            rejected = rejection(error)
            if rejected is None:
                raise  # the key manager has no usable key left; it has alerted
            keys.mark_rejected(rejected.key, f"HTTP {rejected.status} in use")
            keys.api_key()  # every key is rejected now: this raises, with the critical alert
            raise KeyRejectedError(
                f"{self._where()} rejected the next API key too (HTTP {rejected.status}); the "
                "session is deferred until a valid key is set"
            ) from error

    def close(self) -> None:
        """Close the SDK client's connections."""
        self.client.close()

    def _cost(self, usage: TokenUsage) -> float:
        price = self.config.price()
        return usage_cost(usage, price) if price is not None else 0.0

    def _where(self) -> str:
        return f"the {self.config.provider} endpoint {self.client.base_url}"


def _assemble(values: dict[str, BaseModel], notes: list[str]) -> AnalysisBody:
    single = values.get(SINGLE)
    if isinstance(single, AnalysisBody):
        return single
    profile = values.get("profile_assessment")
    progress = values.get("progress_assessment")
    summary = values.get("session_summary")
    if not isinstance(summary, SessionSummary):
        notes.append("session_summary is disabled; the summary is a placeholder")
        summary = SessionSummary(
            executive_summary="No summary: session_summary is disabled in the LLM configuration.",
            engagement_level="medium",
        )
    return AnalysisBody(
        profile=profile if isinstance(profile, ProfileAssessment) else ProfileAssessment(),
        progress=progress if isinstance(progress, ProgressAssessment) else ProgressAssessment(),
        summary=summary,
    )
