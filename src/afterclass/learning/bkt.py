"""Bayesian Knowledge Tracing: one probability per concept, moved by each attempt.

The model is Corbett & Anderson (1995), "Knowledge tracing: Modeling the acquisition of procedural
knowledge", User Modeling and User-Adapted Interaction 4(4), 253-278. Four parameters:

- ``p_known`` P(L): the current belief that the student has mastered the concept;
- ``learn`` P(T): the chance of moving from not-known to known at each attempt;
- ``slip`` P(S): the chance a student who knows it still answers wrongly;
- ``guess`` P(G): the chance a student who does not know it answers rightly anyway.

One attempt first conditions P(L) on what was observed (Bayes' rule), then applies the learning
transition ``P(L') = posterior + (1 - posterior) * P(T)``.
"""

from __future__ import annotations

from afterclass.errors import ConfigError, InputError

#: Results are kept this far inside (0, 1) so that no single attempt makes the belief certain.
EDGE = 1e-12


def bkt_update(p_known: float, correct: bool, *, learn: float, slip: float, guess: float) -> float:
    """P(known) after one attempt that was ``correct`` or not; the result is within (0, 1)."""
    _check_parameters(p_known, learn=learn, slip=slip, guess=guess)
    return _transition(_posterior(p_known, correct, slip=slip, guess=guess), learn)


def bkt_update_fractional(
    p_known: float, credit: float, *, learn: float, slip: float, guess: float
) -> float:
    """P(known) after an attempt that counts ``credit`` (0..1) as correct and the rest as incorrect.

    Used for ``correct_with_help``: the posteriors for a right and a wrong answer are blended by
    ``credit`` before the learning transition. ``credit=1`` equals a correct attempt, ``0`` an
    incorrect one.
    """
    _check_parameters(p_known, learn=learn, slip=slip, guess=guess)
    if not 0.0 <= credit <= 1.0:
        raise ConfigError(f"help credit must be between 0 and 1, got {credit}; fix help_credit")
    right = _posterior(p_known, True, slip=slip, guess=guess)
    wrong = _posterior(p_known, False, slip=slip, guess=guess)
    return _transition(credit * right + (1.0 - credit) * wrong, learn)


def _posterior(p_known: float, correct: bool, *, slip: float, guess: float) -> float:
    if correct:
        known, unknown = p_known * (1.0 - slip), (1.0 - p_known) * guess
    else:
        known, unknown = p_known * slip, (1.0 - p_known) * (1.0 - guess)
    return known / (known + unknown)


def _transition(posterior: float, learn: float) -> float:
    p_next = posterior + (1.0 - posterior) * learn
    return min(max(p_next, EDGE), 1.0 - EDGE)


def _check_parameters(p_known: float, *, learn: float, slip: float, guess: float) -> None:
    if not 0.0 <= p_known <= 1.0:
        raise InputError(
            f"must be a probability between 0 and 1, got {p_known}; "
            "the stored mastery record is damaged, re-derive it from the student's sessions",
            field="p_known",
        )
    for name, value in (("bkt_learn", learn), ("bkt_slip", slip), ("bkt_guess", guess)):
        if not 0.0 < value < 1.0:
            raise ConfigError(
                f"{name} must be strictly between 0 and 1, got {value}; fix the setting"
            )
    if slip + guess >= 1.0:
        raise ConfigError(
            f"bkt_slip + bkt_guess must be below 1, got {slip + guess}; lower one of them"
        )
