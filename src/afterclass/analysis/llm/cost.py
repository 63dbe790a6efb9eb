"""What tokens cost, from the price table in the configuration (USD per 1M tokens).

Cached prompt tokens are billed at the cached-input price and the rest of the prompt at the input
price; completion tokens, hidden reasoning tokens included, at the output price.
"""

from __future__ import annotations

from afterclass.analysis.llm.config import ModelPrice
from afterclass.models import TokenUsage

PER_TOKENS = 1_000_000


def usage_cost(usage: TokenUsage, price: ModelPrice) -> float:
    """The cost of tokens the provider reported."""
    uncached = max(usage.prompt - usage.cached, 0)
    cached = min(usage.cached, usage.prompt)
    dollars = uncached * price.input + cached * price.cached_input + usage.completion * price.output
    return round(dollars / PER_TOKENS, 8)


def estimate_cost(
    prompt_tokens: int, output_tokens: int, price: ModelPrice, *, cached_tokens: int = 0
) -> float:
    """The cost of a request not sent yet, for assumed output (and cache hits)."""
    usage = TokenUsage(prompt=prompt_tokens, cached=cached_tokens, completion=output_tokens)
    return usage_cost(usage, price)


def add_usage(a: TokenUsage, b: TokenUsage) -> TokenUsage:
    return TokenUsage(
        prompt=a.prompt + b.prompt,
        cached=a.cached + b.cached,
        completion=a.completion + b.completion,
        reasoning=a.reasoning + b.reasoning,
    )
