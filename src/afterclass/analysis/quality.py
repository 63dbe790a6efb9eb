"""The seed's quality score (AnalysisQualityAssurance), plus the grounding rate.

Starts at 1.0 and loses:
- 0.2 when processing took over ``max_processing_seconds`` (seed: 30 s) -> ``slow_processing``;
- 0.3 per missing section -> ``missing_<section>``; a section is missing when the analyzer said
  nothing at all in it: ``concept_mastery`` (no concept assessed and none reported unassessed),
  ``session_summary`` (no achievements, challenges or follow-ups), ``learning_style_updates``
  (no preference and no behavioral observation). A session that simply showed no learning-style
  cue is not penalized: "not found" is an answer;
- 0.1 per concept assessed below ``min_confidence`` (seed: 0.7) -> ``low_confidence_assessments``;
- 0.3 x the share of claims dropped for lack of grounding -> ``ungrounded_claims``;
- 0.2 when the transcript is under ``min_transcript_chars`` (seed: 100) -> ``short_transcript``.

The score is clamped to 0..1; below ``pass_threshold`` (seed: 0.7) the analysis goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterclass.models import AnalysisBody


@dataclass(frozen=True)
class QualityThresholds:
    min_transcript_chars: int = 100
    max_processing_seconds: float = 30.0
    min_confidence: float = 0.7
    pass_threshold: float = 0.7


@dataclass(frozen=True)
class Quality:
    score: float
    issues: tuple[str, ...]
    passed: bool


def assess_quality(
    body: AnalysisBody,
    *,
    transcript_chars: int,
    processing_seconds: float,
    claims_total: int,
    claims_dropped: int,
    thresholds: QualityThresholds = QualityThresholds(),
) -> Quality:
    score = 1.0
    issues: list[str] = []
    if processing_seconds > thresholds.max_processing_seconds:
        score -= 0.2
        issues.append("slow_processing")
    for section in _missing_sections(body):
        score -= 0.3
        issues.append(f"missing_{section}")
    low = [c for c in body.progress.concept_mastery if c.confidence < thresholds.min_confidence]
    if low:
        score -= 0.1 * len(low)
        issues.append("low_confidence_assessments")
    if claims_dropped and claims_total:
        score -= 0.3 * claims_dropped / claims_total
        issues.append("ungrounded_claims")
    if transcript_chars < thresholds.min_transcript_chars:
        score -= 0.2
        issues.append("short_transcript")
    score = round(min(max(score, 0.0), 1.0), 3)
    return Quality(score=score, issues=tuple(issues), passed=score >= thresholds.pass_threshold)


def _missing_sections(body: AnalysisBody) -> list[str]:
    missing = []
    progress, summary, profile = body.progress, body.summary, body.profile
    if not progress.concept_mastery and not progress.unassessed_concepts:
        missing.append("concept_mastery")
    if not (
        summary.learning_achievements
        or summary.challenges_addressed
        or summary.follow_up_recommendations
    ):
        missing.append("session_summary")
    styles = profile.learning_style_updates.model_dump().values()
    if all(v is None for v in styles) and not profile.behavioral_observations:
        missing.append("learning_style_updates")
    return missing
