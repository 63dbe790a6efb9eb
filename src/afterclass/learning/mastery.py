"""Per-concept mastery: the seed's assessed record plus a BKT probability from the attempts.

For each concept a session gives evidence on:

- an assessment (``progress.concept_mastery``) sets level, confidence and evidence, as the seed
  does, and counts one more session;
- each attempt at the concept (``progress.attempts``), in order, moves ``p_mastery`` by one BKT
  step: ``correct`` as a right answer, ``incorrect`` as a wrong one, ``correct_with_help`` as
  ``help_credit`` of a right answer (see ``bkt.bkt_update_fractional``);
- a concept with attempts but no assessment takes its level from ``p_mastery`` through
  ``level_for_probability`` and its evidence from the attempt counts.

Concepts the session did not assess or attempt are left exactly as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from afterclass.config import LearningSettings
from afterclass.learning._time import require_aware
from afterclass.learning.bkt import bkt_update, bkt_update_fractional
from afterclass.models import (
    Attempt,
    ConceptAssessment,
    ConceptProgress,
    MasteryChanged,
    MasteryLevel,
    SessionAnalysis,
)

#: Upper bounds (exclusive) of p_mastery for the levels below "mastered", which starts at the
#: mastery threshold (0.95 by default). "not_started" is never derived: a concept with attempts
#: has been started.
LEVEL_BOUNDS: tuple[tuple[float, MasteryLevel], ...] = (
    (0.4, "emerging"),
    (0.7, "developing"),
)


def level_for_probability(p: float, *, mastery_threshold: float = 0.95) -> MasteryLevel:
    """The mastery level a BKT probability stands for.

    ``p < 0.4`` emerging, ``0.4 <= p < 0.7`` developing, ``0.7 <= p < threshold`` proficient,
    ``p >= threshold`` mastered.
    """
    if p >= mastery_threshold:
        return "mastered"
    for upper, level in LEVEL_BOUNDS:
        if p < upper:
            return level
    return "proficient"


def update_mastery(
    mastery: Mapping[str, ConceptProgress],
    analysis: SessionAnalysis,
    *,
    at: datetime,
    settings: LearningSettings,
    actor: str = "system",
) -> tuple[dict[str, ConceptProgress], list[MasteryChanged]]:
    """The whole mastery record after ``analysis``, and one event per concept that changed."""
    require_aware(at)
    assessed = {item.concept: item for item in analysis.progress.concept_mastery}
    attempts = _attempts_by_concept(analysis.progress.attempts)
    updated = dict(mastery)
    events: list[MasteryChanged] = []
    for concept in [*assessed, *(c for c in attempts if c not in assessed)]:
        before = mastery.get(concept)
        after = _next_progress(
            concept, before, assessed.get(concept), attempts.get(concept, []), at, settings
        )
        updated[concept] = after
        if after != before:
            events.append(
                MasteryChanged(
                    concept=concept,
                    actor=actor,
                    at=at,
                    session_id=analysis.session_id,
                    before=progress_values(before) if before else None,
                    after=progress_values(after),
                )
            )
    return updated, events


def progress_values(progress: ConceptProgress) -> dict[str, Any]:
    """One concept's learned values, JSON-able, for audit events (no evidence text)."""
    return progress.model_dump(mode="json", exclude={"concept", "evidence"})


def _attempts_by_concept(attempts: Sequence[Attempt]) -> dict[str, list[Attempt]]:
    grouped: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.concept is not None:
            grouped.setdefault(attempt.concept, []).append(attempt)
    return grouped


def _next_progress(
    concept: str,
    before: ConceptProgress | None,
    assessment: ConceptAssessment | None,
    attempts: Sequence[Attempt],
    at: datetime,
    settings: LearningSettings,
) -> ConceptProgress:
    p_start = before.p_mastery if before else settings.bkt_prior
    p_mastery = trace(p_start, attempts, settings)
    counts = _count(attempts, before)
    if assessment is not None:
        level, confidence, evidence = assessment.level, assessment.confidence, assessment.evidence
    else:
        level = level_for_probability(p_mastery, mastery_threshold=settings.mastery_threshold)
        confidence = before.confidence if before else _attempt_confidence(len(attempts))
        evidence = _attempt_evidence(attempts)
    return ConceptProgress(
        concept=concept,
        level=level,
        confidence=confidence,
        evidence=evidence,
        first_introduced=before.first_introduced if before else at,
        last_assessed=at,
        session_count=(before.session_count if before else 0) + 1,
        p_mastery=p_mastery,
        **counts,
    )


def trace(p_known: float, attempts: Sequence[Attempt], settings: LearningSettings) -> float:
    """``p_known`` moved by one BKT step per attempt, in the order given."""
    params = {"learn": settings.bkt_learn, "slip": settings.bkt_slip, "guess": settings.bkt_guess}
    for attempt in attempts:
        if attempt.outcome == "correct_with_help":
            p_known = bkt_update_fractional(p_known, settings.help_credit, **params)
        else:
            p_known = bkt_update(p_known, attempt.outcome == "correct", **params)
    return p_known


def _count(attempts: Sequence[Attempt], before: ConceptProgress | None) -> dict[str, int]:
    outcomes = [attempt.outcome for attempt in attempts]
    return {
        "attempts_correct": (before.attempts_correct if before else 0) + outcomes.count("correct"),
        "attempts_with_help": (before.attempts_with_help if before else 0)
        + outcomes.count("correct_with_help"),
        "attempts_incorrect": (before.attempts_incorrect if before else 0)
        + outcomes.count("incorrect"),
    }


def _attempt_confidence(count: int) -> float:
    """Confidence in a level read off attempts alone: 1 attempt 0.25, 3 give 0.5, 9 give 0.75."""
    return count / (count + 3)


def _attempt_evidence(attempts: Sequence[Attempt]) -> str:
    outcomes = [attempt.outcome for attempt in attempts]
    total = len(outcomes)
    noun = "attempt" if total == 1 else "attempts"
    return (
        f"{total} {noun} this session: {outcomes.count('correct')} correct, "
        f"{outcomes.count('correct_with_help')} correct with help, "
        f"{outcomes.count('incorrect')} incorrect"
    )
