"""One structured exchange: send a planned request, validate the answer, re-ask once, or fail.

The answer is validated against afterclass's own models with every bound (the schema sent to the
model is looser, see ``schema``). When it fails (not JSON, wrong shape, out of range, cut off at
the token limit, refused), the model is shown its answer and the validator's messages and asked
once more. When that fails too, ``InvalidOutputError`` carries each attempt's message and the
tokens all of them used; the pipeline then falls back to the rules analyzer and flags the
session for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from afterclass.analysis.llm.client import provider_error
from afterclass.analysis.llm.cost import add_usage
from afterclass.analysis.llm.planning import PlannedRequest
from afterclass.errors import InvalidOutputError, ProviderError
from afterclass.models import TokenUsage

MAX_ATTEMPTS = 2
MAX_ERRORS_SHOWN = 12
REASK = (
    "Your answer could not be used: {problems}\n"
    "Answer again with one complete JSON object that follows the schema and the rules. "
    "The transcript and the task are unchanged."
)
_FENCED_JSON = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


@dataclass(frozen=True)
class ExchangeResult:
    value: BaseModel
    usage: TokenUsage
    attempts: int
    model: str | None


def run_exchange(
    client: openai.OpenAI,
    planned: PlannedRequest,
    *,
    where: str,
    before_send: Callable[[int], None] | None = None,
    after_answer: Callable[[TokenUsage], None] | None = None,
) -> ExchangeResult:
    """Send ``planned`` (and one re-ask if needed); the validated answer and the tokens spent.

    ``before_send(tokens)`` runs before every request (the limiter), ``after_answer(usage)``
    after every answer (spending). Provider failures raise afterclass's ProviderError family.
    """
    messages: list[dict[str, Any]] = list(planned.body["messages"])
    failures: list[str] = []
    usage = TokenUsage()
    model: str | None = None
    for _ in range(MAX_ATTEMPTS):
        if before_send is not None:
            before_send(planned.prompt_tokens + planned.max_completion_tokens)
        completion = _send(client, {**planned.body, "messages": messages}, where)
        answer_usage = usage_of(completion)
        usage = add_usage(usage, answer_usage)
        model = model or completion.model
        if after_answer is not None:
            after_answer(answer_usage)
        content, value, problem = _validated(completion, planned.response_model)
        if value is not None:
            return ExchangeResult(value=value, usage=usage, attempts=len(failures) + 1, model=model)
        failures.append(problem)
        messages = [
            *messages,
            {"role": "assistant", "content": content or "(no answer)"},
            {"role": "user", "content": REASK.format(problems=problem)},
        ]
    raise InvalidOutputError(
        f"the model's {planned.analysis_type} answer was unusable {len(failures)} times "
        f"(last: {failures[-1][:300]}); the session falls back to the rules analyzer for review",
        attempts=failures,
        usage=usage,
    )


def _validated(
    completion: ChatCompletion, model: type[BaseModel]
) -> tuple[str, BaseModel | None, str]:
    """The answer's text, and the validated value or what is wrong with it."""
    content, problem = _content(completion)
    if problem is not None:
        return content, None, problem
    try:
        return content, model.model_validate_json(content), ""
    except ValidationError as error:
        return content, None, describe_validation_error(error)


def _send(client: openai.OpenAI, body: dict[str, Any], where: str) -> ChatCompletion:
    try:
        completion = client.chat.completions.create(**body)
    except openai.OpenAIError as error:
        raise provider_error(error, where=where) from error
    if not isinstance(completion, ChatCompletion):
        raise ProviderError(f"{where} answered with a stream; afterclass asked for one JSON answer")
    return completion


def _content(completion: ChatCompletion) -> tuple[str, str | None]:
    """The answer's text, and what is wrong with it before validation (None: nothing yet)."""
    if not completion.choices:
        return "", "the response held no answer"
    choice = completion.choices[0]
    content = choice.message.content or ""
    if choice.message.refusal:
        return content, f"the model refused: {choice.message.refusal[:300]}"
    if choice.finish_reason == "length":
        return content, (
            "the answer was cut off at the token limit before the JSON object was complete; "
            "keep every text field short"
        )
    if not content.strip():
        return content, "the answer was empty"
    fenced = _FENCED_JSON.match(content)
    return (fenced.group(1) if fenced else content), None


def describe_validation_error(error: ValidationError) -> str:
    """The validator's messages as a model can act on them: where, and what is wrong."""
    lines = []
    for item in error.errors()[:MAX_ERRORS_SHOWN]:
        where = ".".join(str(part) for part in item["loc"]) or "(whole answer)"
        lines.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(lines)
    if more > 0:
        lines.append(f"... and {more} more")
    return "; ".join(lines)


def usage_of(completion: ChatCompletion) -> TokenUsage:
    usage = completion.usage
    if usage is None:
        return TokenUsage()
    cached = usage.prompt_tokens_details.cached_tokens if usage.prompt_tokens_details else None
    reasoning = (
        usage.completion_tokens_details.reasoning_tokens
        if usage.completion_tokens_details
        else None
    )
    return TokenUsage(
        prompt=usage.prompt_tokens or 0,
        cached=cached or 0,
        completion=usage.completion_tokens or 0,
        reasoning=reasoning or 0,
    )
