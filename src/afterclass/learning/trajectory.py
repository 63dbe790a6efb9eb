"""The learning trajectory: one point per session, the last 50 kept (the seed's data_points)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from afterclass.learning._time import require_aware
from afterclass.models import ConceptProgress, SessionAnalysis, TrajectoryPoint
from afterclass.models.state import MAX_TRAJECTORY


def extend_trajectory(
    points: Sequence[TrajectoryPoint],
    analysis: SessionAnalysis,
    *,
    session_id: str,
    at: datetime,
    velocity: float,
) -> list[TrajectoryPoint]:
    """``points`` with this session's point appended, oldest dropped beyond ``MAX_TRAJECTORY``.

    ``concepts_assessed`` counts the distinct concepts the session gave evidence on (assessed or
    attempted); ``challenges_encountered`` the areas needing support; ``engagement_score`` comes
    from the engagement figures computed from the turns.
    """
    require_aware(at)
    point = TrajectoryPoint(
        session_id=session_id,
        date=at,
        engagement_score=analysis.engagement.engagement_score,
        concepts_assessed=len(evidenced_concepts(analysis)),
        challenges_encountered=len(analysis.progress.areas_needing_support),
        learning_velocity=velocity,
    )
    return [*points, point][-MAX_TRAJECTORY:]


def evidenced_concepts(analysis: SessionAnalysis) -> set[str]:
    """Concepts the session assessed or had the student attempt."""
    progress = analysis.progress
    assessed = {item.concept for item in progress.concept_mastery}
    attempted = {item.concept for item in progress.attempts if item.concept is not None}
    return assessed | attempted


def learning_velocity(
    before: Mapping[str, ConceptProgress],
    after: Mapping[str, ConceptProgress],
    *,
    prior: float | None = None,
) -> float:
    """Mean change of p_mastery over the concepts whose p_mastery changed; 0.0 when none did.

    A concept new in ``after`` is measured from ``prior`` (the BKT prior it started from) when one
    is given, and left out otherwise.
    """
    changes: list[float] = []
    for concept, progress in after.items():
        previous = before.get(concept)
        start = previous.p_mastery if previous is not None else prior
        if start is not None and progress.p_mastery != start:
            changes.append(progress.p_mastery - start)
    return sum(changes) / len(changes) if changes else 0.0
