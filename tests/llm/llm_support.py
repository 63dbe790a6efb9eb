"""Shared test data for the LLM analyzer tests: a sample session and a careful model's answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from afterclass.analysis.llm import LLMAnalyzer
from afterclass.analysis.llm.config import LLMConfig
from afterclass.models import (
    AnalysisBody,
    Attempt,
    Claim,
    ConceptAssessment,
    Conversation,
    LearningStyle,
    Observation,
    ProfileAssessment,
    ProgressAssessment,
    RecommendedUpdates,
    Session,
    SessionSummary,
    Turn,
)

ConfigFactory = Callable[..., LLMConfig]
AnalyzerFactory = Callable[..., LLMAnalyzer]

CONCEPT = "fractions.addition_unlike_denominators"
TEST_KEY = "sk-test-key-0123456789"

TURNS = [
    (
        "tutor",
        "Hi [STUDENT]! Today we're adding fractions with unlike denominators. What is 1/2 + 1/4?",
    ),
    ("student", "Um, is it 2/6?"),
    ("tutor", "Not quite. What common denominator could we use for halves and quarters?"),
    ("student", "Oh, four! So 2/4 + 1/4 is 3/4."),
    ("tutor", "Exactly. Can you draw it as a pie to check?"),
    ("student", "I like drawing it, the pie shows three quarters."),
    ("tutor", "Great. Now try 1/3 + 1/6."),
    ("student", "Six is the common denominator, so 2/6 + 1/6 = 3/6, which is 1/2."),
    ("tutor", "Perfect, and you simplified too."),
    ("student", "Can we do harder ones next time?"),
]


def make_session(turns: list[tuple[str, str]] | None = None, **fields: Any) -> Session:
    started = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
    defaults: dict[str, Any] = {
        "session_id": "sess-llm-1",
        "student_id": "stu-42",
        "platform": "web",
        "started_at": started,
        "ended_at": started + timedelta(minutes=12),
        "subject": "mathematics",
        "grade_level": "5",
        "topics_covered": ["fractions"],
        "conversation": Conversation(turns=[Turn(speaker=s, text=t) for s, t in (turns or TURNS)]),
    }
    return Session(**{**defaults, **fields})


def good_body() -> AnalysisBody:
    """What a careful model answers for ``make_session()``."""
    return AnalysisBody(
        profile=ProfileAssessment(
            learning_style_updates=LearningStyle(visual_preference=0.8),
            behavioral_observations=[
                Observation(
                    cue="visual",
                    text='Said "I like drawing it" when checking with a pie.',
                    turns=[6],
                    confidence=0.8,
                ),
                Observation(
                    cue="curiosity",
                    text="Asked for harder problems next time.",
                    turns=[10],
                    confidence=0.75,
                ),
            ],
            recommended_updates=RecommendedUpdates(
                preferred_explanation_style="visual_with_examples"
            ),
        ),
        progress=ProgressAssessment(
            attempts=[
                Attempt(problem="1/2 + 1/4", concept=CONCEPT, outcome="incorrect", turns=[1, 2]),
                Attempt(
                    problem="1/2 + 1/4",
                    concept=CONCEPT,
                    outcome="correct",
                    turns=[3, 4],
                    try_number=2,
                ),
                Attempt(problem="1/3 + 1/6", concept=CONCEPT, outcome="correct", turns=[7, 8]),
            ],
            concept_mastery=[
                ConceptAssessment(
                    concept=CONCEPT,
                    level="developing",
                    confidence=0.8,
                    evidence='Found "common denominator" after a hint, then alone.',
                    turns=[3, 4, 7, 8],
                ),
            ],
            skills_demonstrated=[Claim(text="Simplified 3/6 to 1/2 unprompted.", turns=[8])],
            areas_needing_support=[Claim(text="First added denominators (2/6).", turns=[2])],
            next_recommended_topics=["fractions.compare"],
        ),
        summary=SessionSummary(
            executive_summary="[STUDENT] practised adding fractions with unlike denominators.",
            learning_achievements=[Claim(text="Added 1/3 + 1/6 correctly.", turns=[7, 8])],
            engagement_level="high",
            challenges_addressed=[
                Claim(text="Moved from adding denominators to a common one.", turns=[2, 3, 4])
            ],
            follow_up_recommendations=["Three more unlike-denominator sums with drawings."],
            parent_teacher_actions=["Ask [STUDENT] to draw a fraction sum at home."],
        ),
    )
