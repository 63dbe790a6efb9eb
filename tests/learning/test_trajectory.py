"""The trajectory: one point per session with its figures, the last 50 kept; learning velocity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from afterclass.config import LearningSettings
from afterclass.learning import extend_trajectory, learning_velocity, update_mastery
from afterclass.models import ConceptProgress, SessionAnalysis, TrajectoryPoint

AnalysisFactory = Callable[..., SessionAnalysis]


def progress(concept: str, p: float, at: datetime) -> ConceptProgress:
    return ConceptProgress(
        concept=concept,
        level="developing",
        confidence=0.7,
        evidence="",
        first_introduced=at,
        last_assessed=at,
        session_count=1,
        p_mastery=p,
    )


def test_a_point_carries_the_sessions_figures(make_analysis: AnalysisFactory, t0: datetime) -> None:
    analysis = make_analysis(
        attempts=[("a.one", "correct"), ("a.two", "incorrect"), (None, "correct")],
        assessed=[("a.one", "developing", 0.7), ("a.three", "emerging", 0.6)],
        support_areas=2,
        engagement_score=0.82,
    )
    points = extend_trajectory([], analysis, session_id="s1", at=t0, velocity=0.125)
    assert points == [
        TrajectoryPoint(
            session_id="s1",
            date=t0,
            engagement_score=0.82,
            concepts_assessed=3,
            challenges_encountered=2,
            learning_velocity=0.125,
        )
    ]


def test_only_the_last_fifty_points_are_kept(make_analysis: AnalysisFactory, t0: datetime) -> None:
    points: list[TrajectoryPoint] = []
    for i in range(53):
        points = extend_trajectory(
            points,
            make_analysis(f"s{i}"),
            session_id=f"s{i}",
            at=t0 + timedelta(days=i),
            velocity=0.0,
        )
    assert len(points) == 50
    assert points[0].session_id == "s3"
    assert points[-1].session_id == "s52"


def test_velocity_is_the_mean_change_over_concepts_that_moved(t0: datetime) -> None:
    before = {"a": progress("a", 0.2, t0), "b": progress("b", 0.6, t0), "c": progress("c", 0.5, t0)}
    after = {"a": progress("a", 0.5, t0), "b": progress("b", 0.5, t0), "c": progress("c", 0.5, t0)}
    # a moved +0.3, b moved -0.1, c did not move and does not dilute the mean
    assert learning_velocity(before, after) == pytest.approx(0.1)


def test_velocity_is_zero_when_nothing_moved(t0: datetime) -> None:
    same = {"a": progress("a", 0.4, t0)}
    assert learning_velocity(same, same) == 0.0
    assert learning_velocity({}, {}) == 0.0


def test_a_new_concept_counts_from_the_prior_when_given(t0: datetime) -> None:
    after = {"n": progress("n", 0.6, t0)}
    assert learning_velocity({}, after) == 0.0
    assert learning_velocity({}, after, prior=0.2) == pytest.approx(0.4)


def test_velocity_after_a_real_mastery_update(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = make_analysis(attempts=[("x.y", "correct"), ("x.y", "correct")])
    after, _ = update_mastery({}, analysis, at=t0, settings=settings)
    # prior 0.2 -> 138/155 after two correct answers
    assert learning_velocity({}, after, prior=settings.bkt_prior) == pytest.approx(138 / 155 - 0.2)
