"""The rules analyzer (``analyzer="rules"``): deterministic, explainable, offline.

Registered through the ``afterclass.analyzers`` entry point as ``rules``. See ``analyzer`` for
the steps and each module's docstring for its rules.
"""

from __future__ import annotations

from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.rules.analyzer import RULES_VERSION, RulesAnalyzer
from afterclass.config import Settings

__all__ = ["RULES_VERSION", "RulesAnalyzer", "create"]


def create(settings: Settings) -> RulesAnalyzer:
    """The rules analyzer, reading the curriculum at ``settings.curriculum_path`` (or bundled)."""
    return RulesAnalyzer(Curriculum.load(settings.curriculum_path))
