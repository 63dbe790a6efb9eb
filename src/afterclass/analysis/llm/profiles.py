"""Model profiles: which request parameters a model family accepts.

Reasoning models (o1, o3, o3-mini, o4-mini, the gpt-5 family) reject ``temperature``, ``top_p``
and ``max_tokens``; they take ``max_completion_tokens`` (which also counts the hidden reasoning
tokens, so it gets ``reasoning_budget_tokens`` on top of the answer budget) and
``reasoning_effort``. OpenAI's other chat models take ``temperature`` and
``max_completion_tokens``. A model no profile knows (a self-hosted Llama, Qwen, ...) gets the
parameters every OpenAI-compatible server understands, ``temperature`` and ``max_tokens``, and a
warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from afterclass.analysis.llm.config import LLMConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelProfile:
    family: str
    reasoning: bool
    """Takes reasoning_effort and max_completion_tokens; rejects temperature and max_tokens."""
    completion_limit_param: str = "max_completion_tokens"
    known: bool = True


#: Model-name prefixes, most specific first.
PROFILES: tuple[tuple[str, ModelProfile], ...] = (
    ("gpt-5-chat", ModelProfile(family="gpt-5-chat", reasoning=False)),
    ("gpt-5", ModelProfile(family="gpt-5", reasoning=True)),
    ("o1", ModelProfile(family="o-series", reasoning=True)),
    ("o3", ModelProfile(family="o-series", reasoning=True)),
    ("o4", ModelProfile(family="o-series", reasoning=True)),
    ("gpt-4.1", ModelProfile(family="gpt-4.1", reasoning=False)),
    ("gpt-4o", ModelProfile(family="gpt-4o", reasoning=False)),
)

UNKNOWN = ModelProfile(
    family="unknown", reasoning=False, completion_limit_param="max_tokens", known=False
)


def profile_for(model: str) -> ModelProfile:
    """The profile of ``model`` (an Azure deployment is looked up by the model it serves)."""
    name = model.strip().lower()
    for prefix, profile in PROFILES:
        if name == prefix or name.startswith(f"{prefix}-") or name.startswith(f"{prefix}."):
            return profile
    log.warning(
        "no profile for model %r: sending temperature and max_tokens, which any "
        "OpenAI-compatible server accepts; see docs/llm.md to add one",
        model,
    )
    return UNKNOWN


def unknown_model_note(model: str) -> str:
    return f"model {model!r} has no profile; used temperature and max_tokens (safe default)"


def request_parameters(profile: ModelProfile, config: LLMConfig) -> dict[str, Any]:
    """The sampling and length parameters for one request, as the API names them."""
    if profile.reasoning:
        return {
            "max_completion_tokens": completion_limit(profile, config),
            "reasoning_effort": config.reasoning_effort,
        }
    return {
        profile.completion_limit_param: completion_limit(profile, config),
        "temperature": config.temperature,
    }


def completion_limit(profile: ModelProfile, config: LLMConfig) -> int:
    if profile.reasoning:
        return config.max_tokens + config.reasoning_budget_tokens
    return config.max_tokens
