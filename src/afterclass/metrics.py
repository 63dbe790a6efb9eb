"""Operational counters (Prometheus): what the pipeline did, what it cost, what it caught.

A ``Metrics`` object owns its own registry and is passed to the pipeline; nothing is global, so
tests and several pipelines in one process never share counts. The web layer serves
``registry`` at /metrics.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.sessions = Counter(
            "afterclass_sessions_total",
            "Sessions run through the pipeline, by outcome",
            ["status"],
            registry=self.registry,
        )
        self.pii_leaks = Counter(
            "afterclass_pii_leaks_total",
            "Original personal values found in analyzer output and redacted again",
            registry=self.registry,
        )
        self.tokens = Counter(
            "afterclass_llm_tokens_total",
            "LLM tokens used, by kind (prompt, cached, completion, reasoning)",
            ["kind"],
            registry=self.registry,
        )
        self.cost = Counter(
            "afterclass_llm_cost_usd_total",
            "Estimated LLM cost in US dollars",
            registry=self.registry,
        )
        self.quality = Histogram(
            "afterclass_quality_score",
            "Quality score of stored analyses",
            buckets=(0.3, 0.5, 0.7, 0.8, 0.9, 1.0),
            registry=self.registry,
        )
        self.review = Counter(
            "afterclass_review_flags_total",
            "Analyses flagged for manual review",
            registry=self.registry,
        )

    def value(self, name: str, labels: dict[str, str] | None = None) -> float:
        """A sample's current value (0 when never observed): for tests and the CLI."""
        found = self.registry.get_sample_value(name, labels or {})
        return found or 0.0
