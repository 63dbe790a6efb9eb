"""Learning: pure functions that fold a SessionAnalysis into a StudentState.

``apply_analysis`` is the entry point; the rest is public so that each step can be used and tested
on its own. See docs/learning.md for the model in plain words.
"""

from afterclass.learning.apply import LearningResult, apply_analysis
from afterclass.learning.bkt import bkt_update, bkt_update_fractional
from afterclass.learning.forecast import sessions_to_mastery
from afterclass.learning.mastery import level_for_probability, update_mastery
from afterclass.learning.profile import blend_style, update_profile
from afterclass.learning.trajectory import extend_trajectory, learning_velocity

__all__ = [
    "LearningResult",
    "apply_analysis",
    "bkt_update",
    "bkt_update_fractional",
    "blend_style",
    "extend_trajectory",
    "learning_velocity",
    "level_for_probability",
    "sessions_to_mastery",
    "update_mastery",
    "update_profile",
]
