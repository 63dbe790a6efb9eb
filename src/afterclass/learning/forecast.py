"""Predictive progress (the seed's roadmap item 12): how far a concept is from mastery."""

from __future__ import annotations

from afterclass.config import LearningSettings
from afterclass.errors import ConfigError, InputError
from afterclass.learning.bkt import bkt_update


def sessions_to_mastery(
    p_known: float, *, settings: LearningSettings, max_attempts: int = 50
) -> int | None:
    """Further correct attempts needed for p_mastery to reach ``settings.mastery_threshold``.

    0 when it is already there; None when ``max_attempts`` correct attempts would not reach it.
    It assumes every further attempt is correct, so it is the shortest path to mastery, not a
    promise: each wrong answer adds to it.
    """
    if max_attempts < 0:
        raise ConfigError(f"max_attempts must be 0 or more, got {max_attempts}")
    if not 0.0 <= p_known <= 1.0:
        raise InputError(f"must be a probability between 0 and 1, got {p_known}", field="p_known")
    p = p_known
    for attempts in range(max_attempts + 1):
        if p >= settings.mastery_threshold:
            return attempts
        p = bkt_update(
            p, True, learn=settings.bkt_learn, slip=settings.bkt_slip, guess=settings.bkt_guess
        )
    return None
