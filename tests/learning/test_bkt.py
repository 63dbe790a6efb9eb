"""BKT: values worked by hand, monotonicity, bounds and refusal of impossible parameters."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from afterclass.errors import ConfigError, InputError
from afterclass.learning import bkt_update, bkt_update_fractional

PARAMS = {"learn": 0.15, "slip": 0.1, "guess": 0.2}


def test_correct_correct_incorrect_from_prior_matches_the_hand_computation() -> None:
    # Worked by hand with prior 0.2, learn 0.15, slip 0.1, guess 0.2:
    #   correct:   posterior 0.18 / (0.18 + 0.16) = 9/17;  9/17 + 8/17 * 0.15   = 3/5
    #   correct:   posterior 0.54 / (0.54 + 0.08) = 27/31; 27/31 + 4/31 * 0.15  = 138/155
    #   incorrect: posterior 13.8 / (13.8 + 13.6) = 69/137; 69/137 + 68/137 * 0.15 = 396/685
    p1 = bkt_update(0.2, True, **PARAMS)
    p2 = bkt_update(p1, True, **PARAMS)
    p3 = bkt_update(p2, False, **PARAMS)
    assert p1 == pytest.approx(float(Fraction(3, 5)), abs=1e-9)
    assert p2 == pytest.approx(float(Fraction(138, 155)), abs=1e-9)
    assert p3 == pytest.approx(float(Fraction(396, 685)), abs=1e-9)
    assert round(p3, 4) == 0.5781


def test_a_right_answer_raises_the_belief_and_a_wrong_one_raises_it_less() -> None:
    for p in (0.05, 0.2, 0.5, 0.8, 0.95):
        assert bkt_update(p, True, **PARAMS) > p
        assert bkt_update(p, False, **PARAMS) < bkt_update(p, True, **PARAMS)
    # with little chance to learn, a wrong answer moves a confident belief down
    assert bkt_update(0.9, False, learn=0.01, slip=0.1, guess=0.2) < 0.9


def test_a_higher_belief_before_gives_a_higher_belief_after() -> None:
    grid = [i / 20 for i in range(21)]
    for correct in (True, False):
        after = [bkt_update(p, correct, **PARAMS) for p in grid]
        assert after == sorted(after)
        assert len(set(after)) == len(after)


def test_results_stay_strictly_between_zero_and_one() -> None:
    assert 0.0 < bkt_update(0.0, False, **PARAMS) < 1.0
    assert 0.0 < bkt_update(1.0, True, **PARAMS) < 1.0
    p = 0.2
    for _ in range(500):
        p = bkt_update(p, True, **PARAMS)
        assert 0.0 < p < 1.0
    q = 0.2
    for _ in range(500):
        q = bkt_update(q, False, learn=0.01, slip=0.1, guess=0.2)
        assert 0.0 < q < 1.0


def test_fractional_credit_blends_between_a_wrong_and_a_right_answer() -> None:
    right = bkt_update(0.4, True, **PARAMS)
    wrong = bkt_update(0.4, False, **PARAMS)
    assert bkt_update_fractional(0.4, 1.0, **PARAMS) == pytest.approx(right, abs=1e-12)
    assert bkt_update_fractional(0.4, 0.0, **PARAMS) == pytest.approx(wrong, abs=1e-12)
    half = bkt_update_fractional(0.4, 0.5, **PARAMS)
    assert half == pytest.approx((right + wrong) / 2, abs=1e-12)
    assert wrong < half < right


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"learn": 0.0, "slip": 0.1, "guess": 0.2}, "bkt_learn"),
        ({"learn": 0.1, "slip": 1.0, "guess": 0.2}, "bkt_slip"),
        ({"learn": 0.1, "slip": 0.5, "guess": 0.6}, "bkt_slip + bkt_guess"),
    ],
)
def test_impossible_parameters_are_refused_by_name(params: dict[str, float], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        bkt_update(0.3, True, **params)


def test_a_belief_outside_zero_to_one_and_a_bad_credit_are_refused() -> None:
    with pytest.raises(InputError, match="p_known"):
        bkt_update(1.5, True, **PARAMS)
    with pytest.raises(ConfigError, match="help_credit"):
        bkt_update_fractional(0.5, 1.2, **PARAMS)
