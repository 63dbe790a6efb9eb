"""Fold one session's analysis into a student's state: profile, mastery, trajectory, audit events.

``apply_analysis`` is the one function the pipeline calls. It is pure (the time is passed in) and
idempotent: a session already in ``state.applied_sessions`` changes nothing and yields no events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from afterclass.config import LearningSettings
from afterclass.learning._time import require_aware
from afterclass.learning.mastery import update_mastery
from afterclass.learning.profile import update_profile
from afterclass.learning.trajectory import extend_trajectory, learning_velocity
from afterclass.models import AuditEvent, SessionAnalysis, StudentState, TrajectoryExtended


@dataclass(frozen=True)
class LearningResult:
    state: StudentState
    """The student's state after the session (the same object when nothing changed)."""
    events: tuple[AuditEvent, ...]
    """Every change, in the order profile, mastery, trajectory; empty when nothing changed."""
    changed: bool


def apply_analysis(
    state: StudentState,
    analysis: SessionAnalysis,
    *,
    at: datetime,
    settings: LearningSettings,
    actor: str = "system",
    session_at: datetime | None = None,
) -> LearningResult:
    """``state`` with ``analysis`` folded in, and the audit events that record each change.

    ``at`` is when the change is made (the audit events' time). ``session_at``, when given, is
    when the session took place: the learning timeline (last assessed, first introduced, the
    trajectory's dates, last updated) uses it, so re-analyzing old sessions dates them truly.
    """
    require_aware(at)
    if session_at is not None:
        require_aware(session_at)
        result = apply_analysis(state, analysis, at=session_at, settings=settings, actor=actor)
        shifted = tuple(event.model_copy(update={"at": at}) for event in result.events)
        return LearningResult(state=result.state, events=shifted, changed=result.changed)
    session_id = analysis.session_id
    if session_id in state.applied_sessions:
        return LearningResult(state=state, events=(), changed=False)
    profile, profile_events = update_profile(
        state.profile, analysis, session_id=session_id, at=at, settings=settings, actor=actor
    )
    mastery, mastery_events = update_mastery(
        state.mastery, analysis, at=at, settings=settings, actor=actor
    )
    velocity = learning_velocity(state.mastery, mastery, prior=settings.bkt_prior)
    trajectory = extend_trajectory(
        state.trajectory, analysis, session_id=session_id, at=at, velocity=velocity
    )
    point = trajectory[-1]
    trajectory_event = TrajectoryExtended(
        actor=actor,
        at=at,
        session_id=session_id,
        before=None,
        after=point.model_dump(mode="json"),
    )
    new_state = state.model_copy(
        update={
            "profile": profile,
            "mastery": mastery,
            "trajectory": trajectory,
            "applied_sessions": [*state.applied_sessions, session_id],
        }
    )
    events: tuple[AuditEvent, ...] = (*profile_events, *mastery_events, trajectory_event)
    return LearningResult(state=new_state, events=events, changed=True)
