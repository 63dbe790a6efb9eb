"""The learning profile: the seed's average, its recency weighting, held updates and caps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest

from afterclass.config import LearningSettings
from afterclass.learning import blend_style, update_profile
from afterclass.models import LearningProfile, SessionAnalysis, StyleEstimate

AnalysisFactory = Callable[..., SessionAnalysis]


def fold_visual(
    make_analysis: AnalysisFactory,
    scores: Sequence[float],
    settings: LearningSettings,
    t0: datetime,
) -> LearningProfile:
    """The profile after one session per score, each showing a confident visual cue."""
    profile = LearningProfile()
    for i, score in enumerate(scores):
        analysis = make_analysis(
            f"s{i}", styles={"visual_preference": score}, observations=[("visual", 0.9)]
        )
        profile, _ = update_profile(
            profile, analysis, session_id=f"s{i}", at=t0 + timedelta(days=i), settings=settings
        )
    return profile


def test_with_recency_weight_zero_the_score_is_the_seeds_plain_average(
    make_analysis: AnalysisFactory, t0: datetime
) -> None:
    scores = [0.9, 0.3, 0.3, 0.7, 0.2]
    profile = fold_visual(make_analysis, scores, LearningSettings(recency_weight=0.0), t0)
    assert profile.visual_preference is not None
    assert profile.visual_preference.score == pytest.approx(sum(scores) / len(scores), abs=1e-12)
    assert profile.visual_preference.sessions == 5


def test_with_recency_weight_the_newest_session_counts_more_than_in_the_average(
    make_analysis: AnalysisFactory, t0: datetime
) -> None:
    scores = [0.2, 0.2, 0.2, 0.2, 0.2, 0.9]
    plain = fold_visual(make_analysis, scores, LearningSettings(recency_weight=0.0), t0)
    recent = fold_visual(make_analysis, scores, LearningSettings(recency_weight=0.3), t0)
    assert plain.visual_preference is not None and recent.visual_preference is not None
    assert plain.visual_preference.score == pytest.approx(1.9 / 6)
    # five sessions at 0.2, then 0.9 weighted 0.3: 0.7 * 0.2 + 0.3 * 0.9
    assert recent.visual_preference.score == pytest.approx(0.41)


def test_early_sessions_move_the_score_as_the_average_does() -> None:
    first = blend_style(None, 0.8, recency_weight=0.3)
    second = blend_style(first, 0.4, recency_weight=0.3)
    assert first == StyleEstimate(score=0.8, sessions=1)
    # 1/(n+1) = 0.5 is above the recency weight, so the second session is the plain mean
    assert second.score == pytest.approx(0.6)
    assert second.sessions == 2


def test_a_style_the_session_did_not_show_is_unchanged(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    profile = fold_visual(make_analysis, [0.8], settings, t0)
    analysis = make_analysis(
        "s9", styles={"auditory_preference": 0.6}, observations=[("auditory", 0.8)]
    )
    updated, _ = update_profile(profile, analysis, session_id="s9", at=t0, settings=settings)
    assert updated.visual_preference == profile.visual_preference
    assert updated.auditory_preference == StyleEstimate(score=0.6, sessions=1)
    assert updated.kinesthetic_preference is None


def test_low_confidence_observations_are_held_not_applied(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = make_analysis(
        styles={"visual_preference": 0.9, "kinesthetic_preference": 0.7},
        observations=[("visual", 0.5), ("frustration", 0.4), ("curiosity", 0.8)],
    )
    profile, events = update_profile(
        LearningProfile(), analysis, session_id="s1", at=t0, settings=settings
    )
    assert profile.visual_preference is None
    assert profile.kinesthetic_preference is None
    assert [o.cue for o in profile.behavioral_observations] == ["curiosity"]
    held = [event for event in events if event.kind == "profile_update_held"]
    assert len(held) == 4
    proposals = [event.after for event in held]
    assert {"field": "visual_preference", "proposed": 0.9, "confidence": 0.5,
            "threshold": 0.7, "reason": "below_confidence"} in proposals  # fmt: skip
    assert any(p and p.get("reason") == "no_observation" for p in proposals)
    observations = [p["observation"] for p in proposals if p and "observation" in p]
    assert observations == [
        {"cue": "visual", "confidence": 0.5, "turns": [2, 3]},
        {"cue": "frustration", "confidence": 0.4, "turns": [2, 3]},
    ]


def test_a_lower_threshold_applies_what_the_default_holds(
    make_analysis: AnalysisFactory, t0: datetime
) -> None:
    analysis = make_analysis(styles={"visual_preference": 0.9}, observations=[("visual", 0.5)])
    profile, events = update_profile(
        LearningProfile(),
        analysis,
        session_id="s1",
        at=t0,
        settings=LearningSettings(min_profile_confidence=0.5),
    )
    assert profile.visual_preference == StyleEstimate(score=0.9, sessions=1)
    assert [event.kind for event in events] == ["profile_updated"]


def test_only_the_last_twenty_observations_are_kept(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    profile = LearningProfile()
    for i in range(9):
        analysis = make_analysis(f"s{i}", observations=[("curiosity", 0.8)] * 3)
        profile, _ = update_profile(
            profile, analysis, session_id=f"s{i}", at=t0 + timedelta(days=i), settings=settings
        )
    assert len(profile.behavioral_observations) == 20
    # 27 were kept in all: the oldest 7 (s0's three, s1's three, one of s2's) are gone
    assert [o.session_id for o in profile.behavioral_observations[:3]] == ["s2", "s2", "s3"]
    assert profile.behavioral_observations[-1].session_id == "s8"
    assert profile.session_count == 9


def test_recommended_updates_session_count_and_time_are_recorded(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = make_analysis(
        recommended={"attention_span_minutes": 15, "preferred_explanation_style": "visual_examples"}
    )
    first, _ = update_profile(
        LearningProfile(), analysis, session_id="s1", at=t0, settings=settings
    )
    later = t0 + timedelta(days=3)
    second, events = update_profile(
        first, make_analysis("s2"), session_id="s2", at=later, settings=settings
    )
    assert (first.attention_span_minutes, first.preferred_explanation_style) == (
        15,
        "visual_examples",
    )
    assert (second.attention_span_minutes, second.preferred_explanation_style) == (
        15,
        "visual_examples",
    )
    assert (second.session_count, second.last_updated) == (2, later)
    assert [event.kind for event in events] == ["profile_updated"]
    assert events[0].before == {
        "session_count": 1,
        "last_updated": t0.isoformat().replace("+00:00", "Z"),
    }


def test_the_update_event_holds_learned_values_and_never_observation_text(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime, private_text: str
) -> None:
    analysis = make_analysis(
        styles={"visual_preference": 0.8},
        observations=[("visual", 0.9), ("confidence", 0.6)],
        recommended={"attention_span_minutes": 20},
    )
    _, events = update_profile(
        LearningProfile(), analysis, session_id="s1", at=t0, settings=settings, actor="worker-2"
    )
    updated = events[0]
    assert (updated.kind, updated.actor, updated.at, updated.session_id) == (
        "profile_updated",
        "worker-2",
        t0,
        "s1",
    )
    assert updated.before is not None and updated.after is not None
    assert updated.before["visual_preference"] is None
    assert updated.after["visual_preference"] == {"score": 0.8, "sessions": 1}
    assert updated.after["attention_span_minutes"] == 20
    assert updated.after["observations_added"] == [{"cue": "visual", "confidence": 0.9}]
    for event in events:
        assert private_text not in event.model_dump_json()
