"""The seed's quality score, as afterclass computes it."""

from __future__ import annotations

from afterclass.analysis.quality import QualityThresholds, assess_quality
from afterclass.models import (
    AnalysisBody,
    Claim,
    ConceptAssessment,
    LearningStyle,
    Observation,
    ProfileAssessment,
    ProgressAssessment,
    SessionSummary,
    UnassessedConcept,
)


def body(
    *,
    concepts: list[float] = (),  # type: ignore[assignment]
    unassessed: bool = False,
    visual: float | None = 0.8,
    observation: bool = True,
    achievements: bool = True,
) -> AnalysisBody:
    return AnalysisBody(
        profile=ProfileAssessment(
            learning_style_updates=LearningStyle(visual_preference=visual),
            behavioral_observations=[
                Observation(cue="curiosity", text="Asked why", turns=[2], confidence=0.8)
            ]
            if observation
            else [],
        ),
        progress=ProgressAssessment(
            concept_mastery=[
                ConceptAssessment(
                    concept=f"c.{i}", level="developing", confidence=c, evidence="e", turns=[1]
                )
                for i, c in enumerate(concepts)
            ],
            unassessed_concepts=[UnassessedConcept(concept="c.x", reason="only talked about")]
            if unassessed
            else [],
        ),
        summary=SessionSummary(
            executive_summary="A session.",
            engagement_level="medium",
            learning_achievements=[Claim(text="Solved it", turns=[2])] if achievements else [],
        ),
    )


def score(b: AnalysisBody, **kwargs: float) -> tuple[float, tuple[str, ...], bool]:
    args = dict(transcript_chars=500, processing_seconds=1.0, claims_total=10, claims_dropped=0)
    args.update(kwargs)
    q = assess_quality(b, **args)  # type: ignore[arg-type]
    return q.score, q.issues, q.passed


def test_a_complete_confident_analysis_scores_one() -> None:
    assert score(body(concepts=[0.9])) == (1.0, (), True)


def test_the_seed_deductions_add_up() -> None:
    s, issues, passed = score(body(concepts=[0.5, 0.6]), processing_seconds=31.0)

    assert s == 0.6  # 1 - 0.2 slow - 2 x 0.1 low confidence
    assert issues == ("slow_processing", "low_confidence_assessments")
    assert not passed


def test_a_section_the_analyzer_said_nothing_in_is_missing() -> None:
    s, issues, _ = score(body(visual=None, observation=False, achievements=False))

    assert "missing_learning_style_updates" in issues
    assert "missing_session_summary" in issues
    assert "missing_concept_mastery" in issues
    assert s == 0.1


def test_no_style_cue_and_an_unassessed_concept_are_answers_not_gaps() -> None:
    s, issues, passed = score(body(visual=None, unassessed=True))

    assert issues == ()
    assert (s, passed) == (1.0, True)


def test_ungrounded_claims_and_a_short_transcript_cost_points() -> None:
    s, issues, _ = score(
        body(concepts=[0.9]), claims_dropped=5, claims_total=10, transcript_chars=50
    )

    assert issues == ("ungrounded_claims", "short_transcript")
    assert s == 0.65


def test_thresholds_are_configurable() -> None:
    q = assess_quality(
        body(concepts=[0.5]),
        transcript_chars=500,
        processing_seconds=1.0,
        claims_total=1,
        claims_dropped=0,
        thresholds=QualityThresholds(min_confidence=0.4, pass_threshold=0.95),
    )
    assert (q.score, q.passed) == (1.0, True)
