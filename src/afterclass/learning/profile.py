"""The learning profile: the seed's ProfileUpdateSystem as a pure function.

Learning-style preferences are blended with what earlier sessions showed. The seed keeps a plain
running average, ``(old * n + observed) / (n + 1)``, with a comment asking for recent sessions to
weigh more; here the newest session weighs ``w = max(recency_weight, 1 / (n + 1))``:

    new = (1 - w) * old + w * observed

where ``n`` is the number of sessions that already showed that style. With ``recency_weight = 0``
this is exactly the seed's average; otherwise the average turns into an exponential moving average
once ``1 / (n + 1)`` falls below ``recency_weight``. Unlike the seed, scores are not rounded.

An observation is applied only when its confidence reaches ``min_profile_confidence`` (the seed's
0.7 for profile updates). A learning-style value takes the confidence of the strongest behavioral
observation of the matching cue (``visual``, ``auditory``, ``kinesthetic``) in the same session;
a value with no such observation has no evidence and is held. Held changes become
``ProfileUpdateHeld`` events: recorded, not applied.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from afterclass.config import LearningSettings
from afterclass.learning._time import require_aware
from afterclass.models import (
    LearningProfile,
    Observation,
    ProfileObservation,
    ProfileUpdated,
    ProfileUpdateHeld,
    SessionAnalysis,
    StyleEstimate,
)
from afterclass.models.state import MAX_OBSERVATIONS

StyleField = Literal["visual_preference", "auditory_preference", "kinesthetic_preference"]
#: Each learning-style field and the behavioral-observation cue that is its evidence.
STYLE_CUES: dict[StyleField, str] = {
    "visual_preference": "visual",
    "auditory_preference": "auditory",
    "kinesthetic_preference": "kinesthetic",
}
ProfileEvent = ProfileUpdated | ProfileUpdateHeld


def blend_style(
    previous: StyleEstimate | None, observed: float, *, recency_weight: float
) -> StyleEstimate:
    """A style estimate after one more session that showed ``observed``; the first one sets it."""
    if previous is None:
        return StyleEstimate(score=observed, sessions=1)
    weight = max(recency_weight, 1.0 / (previous.sessions + 1))
    score = (1.0 - weight) * previous.score + weight * observed
    return StyleEstimate(score=min(max(score, 0.0), 1.0), sessions=previous.sessions + 1)


def update_profile(
    profile: LearningProfile,
    analysis: SessionAnalysis,
    *,
    session_id: str,
    at: datetime,
    settings: LearningSettings,
    actor: str = "system",
) -> tuple[LearningProfile, list[ProfileEvent]]:
    """The profile after ``analysis``: styles blended, observations kept, recommendations applied.

    Returns the new profile and its events: one ``ProfileUpdated`` with the learned values that
    changed, and one ``ProfileUpdateHeld`` per style value or observation below the threshold.
    """
    require_aware(at)
    stamp: dict[str, Any] = {"actor": actor, "at": at, "session_id": session_id}
    styles, held = _blend_styles(profile, analysis, settings, stamp)
    kept, held_observations = _split_observations(analysis, settings, stamp)
    new_observations = [
        ProfileObservation(
            cue=item.cue, text=item.text, session_id=session_id, at=at, confidence=item.confidence
        )
        for item in kept
    ]
    recommended = analysis.profile.recommended_updates
    updated = profile.model_copy(
        update={
            **styles,
            "behavioral_observations": [*profile.behavioral_observations, *new_observations][
                -MAX_OBSERVATIONS:
            ],
            "attention_span_minutes": recommended.attention_span_minutes
            or profile.attention_span_minutes,
            "preferred_explanation_style": recommended.preferred_explanation_style
            or profile.preferred_explanation_style,
            "session_count": profile.session_count + 1,
            "last_updated": at,
        }
    )
    before, after = _changed_values(profile, updated, added=kept)
    return updated, [ProfileUpdated(before=before, after=after, **stamp), *held, *held_observations]


def _blend_styles(
    profile: LearningProfile,
    analysis: SessionAnalysis,
    settings: LearningSettings,
    stamp: dict[str, Any],
) -> tuple[dict[str, StyleEstimate], list[ProfileUpdateHeld]]:
    observed_styles = analysis.profile.learning_style_updates
    styles: dict[str, StyleEstimate] = {}
    held: list[ProfileUpdateHeld] = []
    for field, cue in STYLE_CUES.items():
        observed: float | None = getattr(observed_styles, field)
        if observed is None:
            continue
        confidence = _cue_confidence(analysis.profile.behavioral_observations, cue)
        previous: StyleEstimate | None = getattr(profile, field)
        if confidence is not None and confidence >= settings.min_profile_confidence:
            styles[field] = blend_style(previous, observed, recency_weight=settings.recency_weight)
            continue
        proposal = {
            "field": field,
            "proposed": observed,
            "confidence": confidence,
            "threshold": settings.min_profile_confidence,
            "reason": "no_observation" if confidence is None else "below_confidence",
        }
        before = {field: previous.model_dump(mode="json") if previous else None}
        held.append(ProfileUpdateHeld(before=before, after=proposal, **stamp))
    return styles, held


def _cue_confidence(observations: list[Observation], cue: str) -> float | None:
    matching = [item.confidence for item in observations if item.cue == cue]
    return max(matching) if matching else None


def _split_observations(
    analysis: SessionAnalysis, settings: LearningSettings, stamp: dict[str, Any]
) -> tuple[list[Observation], list[ProfileUpdateHeld]]:
    kept: list[Observation] = []
    held: list[ProfileUpdateHeld] = []
    for item in analysis.profile.behavioral_observations:
        if item.confidence >= settings.min_profile_confidence:
            kept.append(item)
            continue
        proposal = {
            "observation": {"cue": item.cue, "confidence": item.confidence, "turns": item.turns},
            "threshold": settings.min_profile_confidence,
            "reason": "below_confidence",
        }
        held.append(ProfileUpdateHeld(before=None, after=proposal, **stamp))
    return kept, held


def _changed_values(
    old: LearningProfile, new: LearningProfile, *, added: list[Observation]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Before/after of the learned values that changed; observation text is left out."""
    fields = [*STYLE_CUES, "attention_span_minutes", "preferred_explanation_style"]
    fields += ["session_count", "last_updated"]
    old_values = old.model_dump(mode="json", include=set(fields))
    new_values = new.model_dump(mode="json", include=set(fields))
    changed = [name for name in fields if old_values[name] != new_values[name]]
    before = {name: old_values[name] for name in changed}
    after = {name: new_values[name] for name in changed}
    if added:
        before["observation_count"] = len(old.behavioral_observations)
        after["observation_count"] = len(new.behavioral_observations)
        after["observations_added"] = [{"cue": o.cue, "confidence": o.confidence} for o in added]
    return before, after
