"""Builders for the analyses the learning tests fold into a student's state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from afterclass.config import LearningSettings
from afterclass.models import (
    AnalysisMeta,
    Attempt,
    Claim,
    ConceptAssessment,
    EngagementFigures,
    LearningStyle,
    Observation,
    ProfileAssessment,
    ProgressAssessment,
    RecommendedUpdates,
    SessionAnalysis,
    SessionSummary,
)

T0 = datetime(2025, 3, 3, 16, 0, tzinfo=UTC)
#: Appears in an observation's text: it must never reach an audit event.
PRIVATE_TEXT = "Said 'I like drawing the pizza slices' while working"

AnalysisFactory = Callable[..., SessionAnalysis]


def engagement(score: float) -> EngagementFigures:
    return EngagementFigures(
        duration_s=1800.0,
        student_turns=20,
        tutor_turns=22,
        student_words=400,
        tutor_words=900,
        student_talk_share_words=0.31,
        tutor_talk_share_words=0.69,
        student_talk_share_time=None,
        tutor_talk_share_time=None,
        student_questions=3,
        mean_student_response_words=20.0,
        longest_student_response_words=45,
        mean_response_latency_s=None,
        longest_student_monologue_words=45,
        longest_tutor_monologue_words=120,
        engagement_score=score,
    )


def build_analysis(
    session_id: str = "s1",
    *,
    attempts: Sequence[tuple[str | None, str]] = (),
    assessed: Sequence[tuple[str, str, float]] = (),
    styles: dict[str, float] | None = None,
    observations: Sequence[tuple[str, float]] = (),
    recommended: dict[str, Any] | None = None,
    support_areas: int = 0,
    engagement_score: float = 0.6,
) -> SessionAnalysis:
    """A SessionAnalysis from short descriptions.

    attempts: (concept, outcome) in order; assessed: (concept, level, confidence);
    observations: (cue, confidence).
    """
    progress = ProgressAssessment(
        attempts=[
            Attempt(problem=f"problem {i}", concept=concept, outcome=outcome, turns=[i + 1])
            for i, (concept, outcome) in enumerate(attempts)
        ],
        concept_mastery=[
            ConceptAssessment(
                concept=concept,
                level=level,
                confidence=conf,
                evidence=f"{level} on {concept}",
                turns=[1],
            )
            for concept, level, conf in assessed
        ],
        areas_needing_support=[Claim(text=f"area {i}", turns=[1]) for i in range(support_areas)],
    )
    profile = ProfileAssessment(
        learning_style_updates=LearningStyle(**(styles or {})),
        behavioral_observations=[
            Observation(cue=cue, text=PRIVATE_TEXT, turns=[2, 3], confidence=conf)
            for cue, conf in observations
        ],
        recommended_updates=RecommendedUpdates(**(recommended or {})),
    )
    summary = SessionSummary(executive_summary="A session.", engagement_level="medium")
    return SessionAnalysis(
        session_id=session_id,
        profile=profile,
        progress=progress,
        summary=summary,
        engagement=engagement(engagement_score),
        meta=AnalysisMeta(analyzer="test"),
    )


@pytest.fixture
def make_analysis() -> AnalysisFactory:
    return build_analysis


@pytest.fixture
def settings() -> LearningSettings:
    """The defaults: prior 0.2, learn 0.15, slip 0.1, guess 0.2, threshold 0.95, help credit 0."""
    return LearningSettings()


@pytest.fixture
def private_text() -> str:
    """The text every observation built here carries; audit events must not contain it."""
    return PRIVATE_TEXT


@pytest.fixture
def t0() -> datetime:
    return T0
