"""apply_analysis: one session folded into a student's state, once, with every change audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from afterclass.config import LearningSettings
from afterclass.learning import apply_analysis
from afterclass.models import SessionAnalysis, StudentState

AnalysisFactory = Callable[..., SessionAnalysis]
ADD = "fractions.addition_unlike_denominators"


def rich_analysis(make_analysis: AnalysisFactory, session_id: str = "s1") -> SessionAnalysis:
    return make_analysis(
        session_id,
        attempts=[(ADD, "correct"), (ADD, "correct"), (ADD, "incorrect")],
        assessed=[(ADD, "developing", 0.8)],
        styles={"visual_preference": 0.8},
        observations=[("visual", 0.9), ("frustration", 0.3)],
        support_areas=1,
        engagement_score=0.7,
    )


def test_a_session_updates_profile_mastery_trajectory_and_the_applied_list(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    result = apply_analysis(StudentState(), rich_analysis(make_analysis), at=t0, settings=settings)
    state = result.state
    assert result.changed
    assert state.applied_sessions == ["s1"]
    assert state.profile.session_count == 1
    assert state.profile.visual_preference is not None
    assert state.profile.visual_preference.score == 0.8
    assert state.mastery[ADD].p_mastery == pytest.approx(396 / 685, abs=1e-9)
    [point] = state.trajectory
    assert (point.session_id, point.engagement_score, point.concepts_assessed) == ("s1", 0.7, 1)
    assert point.challenges_encountered == 1
    assert point.learning_velocity == pytest.approx(396 / 685 - 0.2, abs=1e-9)


def test_applying_the_same_session_twice_changes_nothing_the_second_time(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = rich_analysis(make_analysis)
    first = apply_analysis(StudentState(), analysis, at=t0, settings=settings)
    again = apply_analysis(first.state, analysis, at=t0 + timedelta(hours=1), settings=settings)
    assert again.state == first.state
    assert again.state.model_dump_json() == first.state.model_dump_json()
    assert again.events == ()
    assert again.changed is False


def test_every_change_is_an_event_stamped_with_actor_time_and_session(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime, private_text: str
) -> None:
    result = apply_analysis(
        StudentState(), rich_analysis(make_analysis), at=t0, settings=settings, actor="cli:demo"
    )
    kinds = [event.kind for event in result.events]
    assert kinds == [
        "profile_updated",
        "profile_update_held",
        "mastery_changed",
        "trajectory_extended",
    ]
    for event in result.events:
        assert (event.actor, event.at, event.session_id) == ("cli:demo", t0, "s1")
        assert private_text not in event.model_dump_json()
    trajectory = result.events[-1]
    assert trajectory.before is None
    assert trajectory.after is not None
    assert trajectory.after["engagement_score"] == 0.7
    assert trajectory.after["session_id"] == "s1"


def test_a_second_session_records_the_mastery_before_and_after(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    first = apply_analysis(StudentState(), rich_analysis(make_analysis), at=t0, settings=settings)
    second = apply_analysis(
        first.state,
        make_analysis("s2", attempts=[(ADD, "correct")]),
        at=t0 + timedelta(days=7),
        settings=settings,
    )
    [changed] = [event for event in second.events if event.kind == "mastery_changed"]
    assert changed.before is not None and changed.after is not None
    assert changed.before["p_mastery"] == pytest.approx(396 / 685, abs=1e-9)
    assert changed.after["p_mastery"] > changed.before["p_mastery"]
    assert (changed.before["attempts_correct"], changed.after["attempts_correct"]) == (2, 3)
    assert second.state.applied_sessions == ["s1", "s2"]
    assert second.state.trajectory[-1].learning_velocity == pytest.approx(
        changed.after["p_mastery"] - changed.before["p_mastery"]
    )


def test_the_input_state_is_left_as_it_was(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    state = StudentState()
    apply_analysis(state, rich_analysis(make_analysis), at=t0, settings=settings)
    assert state == StudentState()


def test_the_learning_timeline_uses_the_session_time_and_the_events_the_time_of_change(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    held_on = t0 - timedelta(days=30)

    result = apply_analysis(
        StudentState(), rich_analysis(make_analysis), at=t0, settings=settings, session_at=held_on
    )

    assert result.state.trajectory[-1].date == held_on
    assert result.state.mastery[ADD].last_assessed == held_on
    assert result.state.profile.last_updated == held_on
    assert {event.at for event in result.events} == {t0}
