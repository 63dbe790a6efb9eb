"""The rules analyzer: a full AnalysisBody from the turns alone, deterministic and offline.

The steps, each in its own module: find the attempts (``attempts``), give each problem its
concept and level the concepts (``concepts``), collect skills, support areas and next topics
(``progress``), read the profile cues (``cues``) and write the summary (``summary``).
"""

from __future__ import annotations

from dataclasses import dataclass

from afterclass.analysis.contract import AnalysisRequest, AnalyzerOutput
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.engagement import engagement_level, session_engagement
from afterclass.analysis.rules import concepts, progress
from afterclass.analysis.rules.attempts import FoundAttempt, find_attempts
from afterclass.analysis.rules.concepts import MAX_CITED
from afterclass.analysis.rules.cues import assess_profile
from afterclass.analysis.rules.summary import SummaryFacts, write_summary
from afterclass.models import (
    AnalysisBody,
    Attempt,
    Claim,
    ConceptAssessment,
    ProgressAssessment,
    Session,
    UnassessedConcept,
)

RULES_VERSION = "rules-1"
"""Changes whenever a rule changes what the analyzer finds (recorded as ``prompt_version``)."""


@dataclass(frozen=True)
class _Progress:
    """What the attempts show, before it becomes the ProgressAssessment."""

    attempts: list[FoundAttempt]
    assessed: list[ConceptAssessment]
    unassessed: list[UnassessedConcept]
    skills: list[Claim]
    support: list[Claim]
    mistakes: list[progress.FoundMistake]
    topics: list[str]

    def model(self) -> ProgressAssessment:
        return ProgressAssessment(
            concept_mastery=self.assessed[:100],
            unassessed_concepts=self.unassessed[:100],
            attempts=[_attempt(a) for a in self.attempts][:500],
            skills_demonstrated=self.skills[:50],
            areas_needing_support=self.support[:50],
            next_recommended_topics=self.topics[:20],
        )


class RulesAnalyzer:
    """The ``rules`` analyzer. ``curriculum`` maps talk to concepts and orders next topics."""

    name: str = "rules"

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum

    def analyze(self, request: AnalysisRequest) -> AnalyzerOutput:
        session = request.session
        found = self._progress(request)
        profile = assess_profile(session.turns)
        figures = request.engagement or session_engagement(session)
        facts = SummaryFacts(
            minutes=session.duration_minutes or None,
            attempts=found.attempts,
            assessments=found.assessed,
            unassessed=found.unassessed,
            skills=found.skills,
            support=found.support,
            mistakes=found.mistakes,
            observations=profile.behavioral_observations,
            engagement=figures,
            engagement_level=engagement_level(figures),
            next_topics=found.topics,
            name_of=self._name,
        )
        body = AnalysisBody(profile=profile, progress=found.model(), summary=write_summary(facts))
        return AnalyzerOutput(body=body, model=None, prompt_version=RULES_VERSION)

    def _progress(self, request: AnalysisRequest) -> _Progress:
        turns = request.session.turns
        texts = [turn.text if turn.speaker != "system" else "" for turn in turns]
        matches = self.curriculum.match_turns(texts)
        found = concepts.assign_concepts(find_attempts(turns), matches)
        tallies = concepts.tally(found)
        assessed = concepts.assess(tallies)
        topic_concepts = self._topic_concepts(request.session)
        unassessed = concepts.unassessed(matches, {t.concept for t in tallies}, topic_concepts)
        mistakes = progress.find_mistakes(found)
        talked = [u.concept for u in unassessed]
        return _Progress(
            attempts=found,
            assessed=assessed,
            unassessed=unassessed,
            skills=progress.skills(found, tallies, self._name),
            support=progress.support_areas(tallies, found, mistakes, self._name),
            mistakes=mistakes,
            topics=progress.next_topics(self.curriculum, assessed, talked, request.state),
        )

    def _name(self, concept_id: str) -> str:
        concept = self.curriculum.get(concept_id)
        return concept.name if concept is not None else concept_id

    def _topic_concepts(self, session: Session) -> list[str]:
        found: list[str] = []
        for topic in session.topics_covered:
            found.extend(concept.id for concept, _ in self.curriculum.match_text(topic)[:1])
        return found


def _attempt(found: FoundAttempt) -> Attempt:
    return Attempt(
        problem=found.problem,
        concept=found.concept,
        outcome=found.outcome,
        turns=list(found.turns)[:MAX_CITED],
        try_number=found.try_number,
    )
