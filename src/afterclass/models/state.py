"""StudentState: everything afterclass has learned about one student, folded session by session.

Pure data. ``afterclass.learning`` computes a new state from an old one and an analysis; the
store keeps it encrypted. Nothing here holds a name: students are known by their id only.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from afterclass.models._base import ValueModel
from afterclass.models.analysis import CueKind, MasteryLevel, Unit

#: The seed keeps the last 20 behavioral observations and the last 50 trajectory points.
MAX_OBSERVATIONS = 20
MAX_TRAJECTORY = 50


class StyleEstimate(ValueModel):
    """A learning-style preference blended over the sessions that showed it."""

    score: Unit
    sessions: Annotated[int, Field(ge=1)]


class ProfileObservation(ValueModel):
    cue: CueKind
    text: str
    session_id: str
    at: AwareDatetime
    confidence: Unit


class LearningProfile(ValueModel):
    """The seed's learning profile: observed preferences, never a diagnosis."""

    visual_preference: StyleEstimate | None = None
    auditory_preference: StyleEstimate | None = None
    kinesthetic_preference: StyleEstimate | None = None
    behavioral_observations: list[ProfileObservation] = Field(default_factory=list)
    attention_span_minutes: int | None = None
    preferred_explanation_style: str | None = None
    session_count: Annotated[int, Field(ge=0)] = 0
    last_updated: AwareDatetime | None = None


class ConceptProgress(ValueModel):
    """One concept's record: the seed's fields plus a Bayesian Knowledge Tracing probability."""

    concept: str
    level: MasteryLevel
    confidence: Unit
    evidence: str
    first_introduced: AwareDatetime
    last_assessed: AwareDatetime
    session_count: Annotated[int, Field(ge=0)]
    p_mastery: Unit
    """P(the student has mastered the concept), updated from attempts by BKT."""
    attempts_correct: Annotated[int, Field(ge=0)] = 0
    attempts_with_help: Annotated[int, Field(ge=0)] = 0
    attempts_incorrect: Annotated[int, Field(ge=0)] = 0


class TrajectoryPoint(ValueModel):
    session_id: str
    date: AwareDatetime
    engagement_score: Unit
    concepts_assessed: Annotated[int, Field(ge=0)]
    challenges_encountered: Annotated[int, Field(ge=0)]
    learning_velocity: float
    """Mean change of p_mastery over the concepts this session gave evidence on (-1..1)."""


class StudentState(ValueModel):
    profile: LearningProfile = Field(default_factory=LearningProfile)
    mastery: dict[str, ConceptProgress] = Field(default_factory=dict)
    trajectory: list[TrajectoryPoint] = Field(default_factory=list)
    applied_sessions: list[str] = Field(default_factory=list)
    """Session ids already folded in: applying one again changes nothing."""
