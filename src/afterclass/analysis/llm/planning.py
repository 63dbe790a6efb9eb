"""The requests an analysis makes, built before anything is sent.

``plan_requests`` is shared by the analyzer and the dry run, so what ``--dry-run`` prints is
exactly what would be sent: one request in ``single`` mode, one per enabled analysis type in
``per_type`` mode (the seed's three calls). Each carries its token count, the part of it that is
the fixed, cacheable prefix, and its estimated cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.llm.config import LLMConfig
from afterclass.analysis.llm.cost import estimate_cost
from afterclass.analysis.llm.profiles import ModelProfile, profile_for, request_parameters
from afterclass.analysis.llm.prompts import (
    RULES_FILE,
    PromptFile,
    SessionData,
    load_prompt,
    system_text,
    user_text,
)
from afterclass.analysis.llm.schema import json_mode_instructions, response_format
from afterclass.analysis.llm.tokens import count_messages, count_schema
from afterclass.models import (
    AnalysisBody,
    ProfileAssessment,
    ProgressAssessment,
    Session,
    SessionSummary,
    StudentState,
)

OutputMode = Literal["json_schema", "json_object"]
SINGLE = "all"

RESPONSE_MODELS: dict[str, type[BaseModel]] = {
    SINGLE: AnalysisBody,
    "profile_assessment": ProfileAssessment,
    "progress_assessment": ProgressAssessment,
    "session_summary": SessionSummary,
}
SCHEMA_NAMES = {
    SINGLE: "session_analysis",
    "profile_assessment": "profile_assessment",
    "progress_assessment": "progress_assessment",
    "session_summary": "session_summary",
}


@dataclass(frozen=True)
class PlannedRequest:
    analysis_type: str
    """``all`` (single mode) or the seed's analysis type."""
    prompt_tag: str
    """Prompt name and version, e.g. ``single.v2+rules.v2``."""
    body: dict[str, Any] = field(repr=False)
    """The exact JSON body of ``POST .../chat/completions``."""
    prompt_tokens: int
    prefix_tokens: int
    """Tokens of the fixed part (instructions and response schema) the provider can cache."""
    max_completion_tokens: int
    expected_output_tokens: int
    """Visible plus (reasoning models) hidden tokens assumed for the estimate."""
    estimated_cost_usd: float | None
    """Prompt at full price plus the expected output; None when the model has no price."""
    max_cost_usd: float | None
    """Prompt plus the whole completion limit."""

    @property
    def response_model(self) -> type[BaseModel]:
        return RESPONSE_MODELS[self.analysis_type]


def model_name(config: LLMConfig) -> str:
    """The ``model`` sent: the Azure deployment name on Azure, else the configured model."""
    if config.provider == "azure" and config.azure.deployment:
        return config.azure.deployment
    return config.model


def plan_requests(
    session: Session,
    config: LLMConfig,
    *,
    state: StudentState | None = None,
    curriculum: Curriculum | None = None,
    output_mode: OutputMode = "json_schema",
    profile: ModelProfile | None = None,
) -> list[PlannedRequest]:
    """The request(s) analyzing ``session`` (already redacted) would send."""
    profile = profile or profile_for(config.model)
    data = SessionData(session=session, state=state or StudentState(), curriculum=curriculum)
    rules = load_prompt(RULES_FILE)
    if config.mode == "single":
        jobs = [(SINGLE, config.single_prompt, config.single_expected_output_tokens)]
    else:
        jobs = [
            (
                name,
                config.analysis_types[name].prompt,
                config.analysis_types[name].expected_output_tokens,
            )
            for name in config.enabled_types()
        ]
    return [
        _plan_one(kind, load_prompt(ref), rules, data, config, profile, output_mode, expected)
        for kind, ref, expected in jobs
    ]


def _plan_one(
    kind: str,
    prompt: PromptFile,
    rules: PromptFile,
    data: SessionData,
    config: LLMConfig,
    profile: ModelProfile,
    output_mode: OutputMode,
    expected_visible: int,
) -> PlannedRequest:
    model = RESPONSE_MODELS[kind]
    schema_text = json_mode_instructions(model) if output_mode == "json_object" else None
    system = system_text(prompt, rules, schema_text)
    messages = [
        {"role": "system", "content": system},
        {"role": "user", "content": user_text(prompt, data)},
    ]
    body: dict[str, Any] = {"model": model_name(config), "messages": messages}
    if output_mode == "json_schema":
        body["response_format"] = response_format(model, name=SCHEMA_NAMES[kind])
    else:
        body["response_format"] = {"type": "json_object"}
    body.update(request_parameters(profile, config))
    tag = f"{prompt.tag}+{rules.tag}"
    if config.provider == "openai":
        body["prompt_cache_key"] = f"afterclass-{tag}"
        body["store"] = False
    # the whole json_schema member (name, strict, schema) as compact JSON: all of it is sent
    schema_tokens = (
        count_schema(body["response_format"]["json_schema"]) if output_mode == "json_schema" else 0
    )
    prompt_tokens = count_messages(messages) + schema_tokens
    prefix_tokens = count_messages(messages[:1]) + schema_tokens
    limit = int(body.get("max_completion_tokens") or body.get("max_tokens") or config.max_tokens)
    expected = expected_visible + (config.expected_reasoning_tokens if profile.reasoning else 0)
    return PlannedRequest(
        analysis_type=kind,
        prompt_tag=tag,
        body=body,
        prompt_tokens=prompt_tokens,
        prefix_tokens=prefix_tokens,
        max_completion_tokens=limit,
        expected_output_tokens=min(expected, limit),
        estimated_cost_usd=_estimate(config, prompt_tokens, min(expected, limit)),
        max_cost_usd=_estimate(config, prompt_tokens, limit),
    )


def _estimate(config: LLMConfig, prompt_tokens: int, output_tokens: int) -> float | None:
    price = config.price()
    return estimate_cost(prompt_tokens, output_tokens, price) if price else None


def dry_run(
    session: Session,
    config: LLMConfig,
    *,
    state: StudentState | None = None,
    curriculum: Curriculum | None = None,
) -> list[PlannedRequest]:
    """The exact requests (bodies, token counts, estimated cost) an analysis would send.

    Sends nothing and needs no key.

    Give the session as the pipeline would: already redacted.
    """
    output_mode: OutputMode = (
        "json_object" if config.structured_output == "json_object" else "json_schema"
    )
    return plan_requests(
        session, config, state=state, curriculum=curriculum, output_mode=output_mode
    )


@dataclass(frozen=True)
class SessionEstimate:
    """Tokens and estimated cost of analyzing one session."""

    session_id: str
    turns: int
    minutes: float
    requests: int
    prompt_tokens: int
    prefix_tokens: int
    expected_output_tokens: int
    estimated_cost_usd: float | None


def estimate_session(
    session: Session, config: LLMConfig, *, state: StudentState | None = None
) -> SessionEstimate:
    planned = dry_run(session, config, state=state)
    costs = [p.estimated_cost_usd for p in planned]
    return SessionEstimate(
        session_id=session.session_id,
        turns=len(session.turns),
        minutes=round(session.duration_minutes, 1),
        requests=len(planned),
        prompt_tokens=sum(p.prompt_tokens for p in planned),
        prefix_tokens=sum(p.prefix_tokens for p in planned),
        expected_output_tokens=sum(p.expected_output_tokens for p in planned),
        estimated_cost_usd=None if None in costs else sum(c or 0.0 for c in costs),
    )
