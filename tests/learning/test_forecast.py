"""Forecast: how many more correct attempts until a concept counts as mastered."""

from __future__ import annotations

import pytest

from afterclass.config import LearningSettings
from afterclass.errors import InputError
from afterclass.learning import sessions_to_mastery


def test_from_the_prior_three_correct_attempts_reach_mastery() -> None:
    # 0.2 -> 0.6 -> 0.8903 -> 0.9774 (>= 0.95), see test_bkt.py for the first two steps
    assert sessions_to_mastery(0.2, settings=LearningSettings()) == 3
    assert sessions_to_mastery(0.6, settings=LearningSettings()) == 2


def test_a_mastered_concept_needs_none_more() -> None:
    assert sessions_to_mastery(0.95, settings=LearningSettings()) == 0
    assert sessions_to_mastery(0.99, settings=LearningSettings()) == 0


def test_a_stricter_model_needs_more_attempts() -> None:
    lenient = sessions_to_mastery(0.2, settings=LearningSettings())
    strict = sessions_to_mastery(
        0.2, settings=LearningSettings(bkt_learn=0.05, bkt_guess=0.4, mastery_threshold=0.99)
    )
    assert lenient is not None and strict is not None
    assert strict > lenient


def test_none_when_out_of_reach_within_the_limit() -> None:
    settings = LearningSettings(bkt_learn=0.01, bkt_slip=0.3, bkt_guess=0.6, mastery_threshold=0.99)
    needed = sessions_to_mastery(0.01, settings=settings, max_attempts=200)
    assert needed is not None and needed > 3
    assert sessions_to_mastery(0.01, settings=settings, max_attempts=needed - 1) is None
    assert sessions_to_mastery(0.01, settings=settings, max_attempts=needed) == needed


def test_a_belief_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(InputError, match="p_known"):
        sessions_to_mastery(1.2, settings=LearningSettings())
