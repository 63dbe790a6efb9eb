"""Per-concept mastery: the seed's record fields, the BKT probability from attempts, the events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from fractions import Fraction

import pytest

from afterclass.config import LearningSettings
from afterclass.errors import InputError
from afterclass.learning import level_for_probability, update_mastery
from afterclass.models import SessionAnalysis

AnalysisFactory = Callable[..., SessionAnalysis]
ADD = "fractions.addition_unlike_denominators"
EQUIV = "fractions.equivalent"


def test_a_new_concept_takes_the_assessment_and_traces_its_attempts(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = make_analysis(
        attempts=[(ADD, "correct"), (EQUIV, "incorrect"), (ADD, "correct"), (ADD, "incorrect")],
        assessed=[(ADD, "developing", 0.8)],
    )
    mastery, _ = update_mastery({}, analysis, at=t0, settings=settings)
    record = mastery[ADD]
    assert record.level == "developing"
    assert record.confidence == 0.8
    assert record.evidence == f"developing on {ADD}"
    assert record.first_introduced == record.last_assessed == t0
    assert record.session_count == 1
    # prior 0.2, then correct, correct, incorrect: 396/685 worked by hand in test_bkt.py
    assert record.p_mastery == pytest.approx(float(Fraction(396, 685)), abs=1e-9)
    assert (record.attempts_correct, record.attempts_with_help, record.attempts_incorrect) == (
        2,
        0,
        1,
    )


def test_a_later_session_keeps_first_introduced_and_continues_from_the_stored_probability(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    first, _ = update_mastery(
        {},
        make_analysis("s1", attempts=[(ADD, "correct")], assessed=[(ADD, "emerging", 0.5)]),
        at=t0,
        settings=settings,
    )
    later = t0 + timedelta(days=7)
    second, _ = update_mastery(
        first,
        make_analysis("s2", attempts=[(ADD, "correct")], assessed=[(ADD, "proficient", 0.9)]),
        at=later,
        settings=settings,
    )
    record = second[ADD]
    assert record.first_introduced == t0
    assert record.last_assessed == later
    assert record.session_count == 2
    assert record.level == "proficient"
    assert record.p_mastery == pytest.approx(float(Fraction(138, 155)), abs=1e-9)
    assert record.attempts_correct == 2


def test_attempts_without_an_assessment_still_move_the_probability_and_give_a_level(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    analysis = make_analysis(attempts=[(ADD, "correct"), (ADD, "correct"), (ADD, "correct")])
    mastery, _ = update_mastery({}, analysis, at=t0, settings=settings)
    record = mastery[ADD]
    assert record.p_mastery == pytest.approx(0.97735, abs=1e-4)
    assert record.level == "mastered"
    assert record.evidence == "3 attempts this session: 3 correct, 0 correct with help, 0 incorrect"
    assert record.confidence == pytest.approx(0.5)


def test_help_counts_as_wrong_by_default_and_as_partly_right_with_help_credit(
    make_analysis: AnalysisFactory, t0: datetime
) -> None:
    analysis = make_analysis(attempts=[(ADD, "correct_with_help")])
    plain, _ = update_mastery({}, analysis, at=t0, settings=LearningSettings())
    credited, _ = update_mastery({}, analysis, at=t0, settings=LearningSettings(help_credit=0.5))
    wrong, _ = update_mastery(
        {}, make_analysis(attempts=[(ADD, "incorrect")]), at=t0, settings=LearningSettings()
    )
    assert plain[ADD].p_mastery == pytest.approx(wrong[ADD].p_mastery, abs=1e-12)
    assert plain[ADD].p_mastery < credited[ADD].p_mastery < 0.6
    assert plain[ADD].attempts_with_help == 1
    assert plain[ADD].attempts_incorrect == 0


def test_concepts_the_session_did_not_assess_or_attempt_are_untouched(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    before, _ = update_mastery(
        {}, make_analysis(attempts=[(EQUIV, "correct")]), at=t0, settings=settings
    )
    analysis = make_analysis("s2", attempts=[(ADD, "incorrect"), (None, "correct")])
    after, events = update_mastery(before, analysis, at=t0 + timedelta(days=1), settings=settings)
    assert after[EQUIV] == before[EQUIV]
    assert set(after) == {EQUIV, ADD}
    assert [event.concept for event in events] == [ADD]


def test_an_assessed_concept_without_attempts_keeps_the_prior(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    mastery, _ = update_mastery(
        {}, make_analysis(assessed=[(ADD, "proficient", 0.9)]), at=t0, settings=settings
    )
    assert mastery[ADD].p_mastery == settings.bkt_prior
    assert mastery[ADD].level == "proficient"


def test_each_changed_concept_gives_an_event_with_its_values_before_and_after(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    first, events = update_mastery(
        {},
        make_analysis("s1", attempts=[(ADD, "correct")]),
        at=t0,
        settings=settings,
        actor="teacher:7",
    )
    assert len(events) == 1
    created = events[0]
    assert (created.kind, created.concept, created.actor, created.session_id) == (
        "mastery_changed",
        ADD,
        "teacher:7",
        "s1",
    )
    assert created.before is None
    assert created.after is not None
    assert created.after["p_mastery"] == pytest.approx(0.6)
    assert created.after["level"] == "developing"
    assert "evidence" not in created.after

    _, events = update_mastery(
        first,
        make_analysis("s2", attempts=[(ADD, "incorrect")]),
        at=t0 + timedelta(days=1),
        settings=settings,
    )
    changed = events[0]
    assert changed.before is not None and changed.after is not None
    assert changed.before["p_mastery"] == pytest.approx(0.6)
    assert changed.after["p_mastery"] < 0.6
    assert (changed.before["session_count"], changed.after["session_count"]) == (1, 2)
    assert changed.after["last_assessed"] == (t0 + timedelta(days=1)).isoformat().replace(
        "+00:00", "Z"
    )


@pytest.mark.parametrize(
    ("p", "level"),
    [
        (0.0, "emerging"),
        (0.39, "emerging"),
        (0.4, "developing"),
        (0.69, "developing"),
        (0.7, "proficient"),
        (0.949, "proficient"),
        (0.95, "mastered"),
        (1.0, "mastered"),
    ],
)
def test_levels_read_off_the_probability(p: float, level: str) -> None:
    assert level_for_probability(p) == level


def test_a_lower_threshold_makes_mastered_start_earlier() -> None:
    assert level_for_probability(0.9, mastery_threshold=0.85) == "mastered"
    assert level_for_probability(0.6, mastery_threshold=0.55) == "mastered"


def test_a_time_without_timezone_is_refused(
    make_analysis: AnalysisFactory, settings: LearningSettings, t0: datetime
) -> None:
    with pytest.raises(InputError, match="timezone"):
        update_mastery({}, make_analysis(), at=t0.replace(tzinfo=None), settings=settings)
