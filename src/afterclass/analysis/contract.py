"""The Analyzer contract: what every analyzer (rules, llm, or a plugin) must do.

An analyzer gets a session whose transcript is already redacted, and the student's current state,
and returns the body of a SessionAnalysis (profile, progress, summary) with what it cost. The
pipeline adds the engagement figures, checks the result and folds it into the student's state.

Analyzers are found by name through the ``afterclass.analyzers`` entry-point group, where the
built-in ones register exactly as a plugin package would::

    [project.entry-points."afterclass.analyzers"]
    rules = "afterclass.analysis.rules:create"

``register()`` adds one at run time (tests use it for a fake analyzer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Protocol

from afterclass.config import Settings
from afterclass.errors import UnknownAnalyzerError
from afterclass.models import AnalysisBody, EngagementFigures, Session, StudentState, TokenUsage

ENTRY_POINT_GROUP = "afterclass.analyzers"


@dataclass(frozen=True)
class AnalysisRequest:
    session: Session
    """The session with every turn already redacted (names replaced by pseudonyms)."""
    state: StudentState
    """What afterclass knew about the student before this session."""
    engagement: EngagementFigures | None = None
    """The engagement figures of ``session`` (``engagement.session_engagement``), when the
    caller has measured them already: the pipeline does, and stores the same figures."""


@dataclass(frozen=True)
class AnalyzerOutput:
    body: AnalysisBody
    model: str | None = None
    prompt_version: str | None = None
    tokens: TokenUsage = field(default_factory=TokenUsage)
    cost_usd: float = 0.0
    claims_dropped: int = 0
    notes: tuple[str, ...] = ()


class Analyzer(Protocol):
    name: str

    def analyze(self, request: AnalysisRequest) -> AnalyzerOutput: ...


AnalyzerFactory = Callable[[Settings], Analyzer]

_registered: dict[str, AnalyzerFactory] = {}


def register(name: str, factory: AnalyzerFactory) -> None:
    """Make ``factory`` available as analyzer ``name`` in this process."""
    _registered[name] = factory


def unregister(name: str) -> None:
    _registered.pop(name, None)


def available() -> list[str]:
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)} | set(_registered)
    return sorted(names)


def create_analyzer(name: str, settings: Settings) -> Analyzer:
    """The analyzer registered as ``name``, built with ``settings``."""
    factory = _registered.get(name)
    if factory is None:
        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
        if not matches:
            raise UnknownAnalyzerError(
                f"no analyzer named {name!r}; choose one of: {', '.join(available())}"
            )
        factory = matches[0].load()
    return factory(settings)
