"""SessionAnalysis: what afterclass concludes from one session.

The seed's three assessments (profile, progress, summary) plus engagement figures computed from
the turns and ``meta`` about how the analysis was made. Every claim about the student cites the
1-based turn numbers that show it. The same models are the structured-output schema given to an
LLM, so they avoid open-ended dicts (strict JSON schema cannot express them).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from afterclass.models._base import BoundaryModel

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
TurnRef = Annotated[int, Field(ge=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ConceptId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[a-z0-9_.\-]+$"
    ),
]

MasteryLevel = Literal["not_started", "emerging", "developing", "proficient", "mastered"]
MASTERY_LEVELS: tuple[MasteryLevel, ...] = (
    "not_started",
    "emerging",
    "developing",
    "proficient",
    "mastered",
)
Outcome = Literal["correct", "incorrect", "correct_with_help"]
EngagementLevel = Literal["high", "medium", "low"]
CueKind = Literal[
    "visual",
    "auditory",
    "kinesthetic",
    "attention_drift",
    "frustration",
    "confidence",
    "curiosity",
    "other",
]


class Claim(BoundaryModel):
    """A statement about the student and the turns that show it."""

    text: Text
    turns: list[TurnRef] = Field(default_factory=list, max_length=200)


# --- profile (the seed's profile_assessment) -------------------------------------------


class LearningStyle(BoundaryModel):
    """Observed preferences in this session, 0..1; None when the session shows nothing."""

    visual_preference: Unit | None = None
    auditory_preference: Unit | None = None
    kinesthetic_preference: Unit | None = None


class Observation(BoundaryModel):
    """A behavioral observation (a profile cue) with its evidence."""

    cue: CueKind
    text: Text
    turns: list[TurnRef] = Field(min_length=1, max_length=200)
    confidence: Unit


class RecommendedUpdates(BoundaryModel):
    attention_span_minutes: Annotated[int, Field(ge=1, le=180)] | None = None
    preferred_explanation_style: Annotated[str, StringConstraints(max_length=80)] | None = None


class ProfileAssessment(BoundaryModel):
    learning_style_updates: LearningStyle = Field(default_factory=LearningStyle)
    behavioral_observations: list[Observation] = Field(default_factory=list, max_length=100)
    recommended_updates: RecommendedUpdates = Field(default_factory=RecommendedUpdates)


# --- progress (the seed's progress_assessment) -----------------------------------------


class Attempt(BoundaryModel):
    """One try at one problem. A retried problem gives several; the last says how it ended."""

    problem: Text
    concept: ConceptId | None = None
    outcome: Outcome
    turns: list[TurnRef] = Field(min_length=1, max_length=200)
    try_number: Annotated[int, Field(ge=1)] = 1


class ConceptAssessment(BoundaryModel):
    """The assessed level of one concept in this session, with its evidence."""

    concept: ConceptId
    level: MasteryLevel
    confidence: Unit
    evidence: Text
    turns: list[TurnRef] = Field(min_length=1, max_length=200)


class UnassessedConcept(BoundaryModel):
    """A concept touched without showing what the student can do ("not found" is an answer)."""

    concept: ConceptId
    reason: Text
    turns: list[TurnRef] = Field(default_factory=list, max_length=200)


class ProgressAssessment(BoundaryModel):
    concept_mastery: list[ConceptAssessment] = Field(default_factory=list, max_length=100)
    unassessed_concepts: list[UnassessedConcept] = Field(default_factory=list, max_length=100)
    attempts: list[Attempt] = Field(default_factory=list, max_length=500)
    skills_demonstrated: list[Claim] = Field(default_factory=list, max_length=50)
    areas_needing_support: list[Claim] = Field(default_factory=list, max_length=50)
    next_recommended_topics: list[ConceptId] = Field(default_factory=list, max_length=20)


# --- summary (the seed's session_summary) ----------------------------------------------


class SessionSummary(BoundaryModel):
    executive_summary: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)
    ]
    learning_achievements: list[Claim] = Field(default_factory=list, max_length=30)
    engagement_level: EngagementLevel
    challenges_addressed: list[Claim] = Field(default_factory=list, max_length=30)
    follow_up_recommendations: list[Text] = Field(default_factory=list, max_length=20)
    parent_teacher_actions: list[Text] = Field(default_factory=list, max_length=20)


# --- engagement (computed from the turns, never by a model) ---------------------------


class EngagementFigures(BoundaryModel):
    duration_s: Annotated[float, Field(ge=0)] | None
    student_turns: Annotated[int, Field(ge=0)]
    tutor_turns: Annotated[int, Field(ge=0)]
    student_words: Annotated[int, Field(ge=0)]
    tutor_words: Annotated[int, Field(ge=0)]
    student_talk_share_words: Unit
    tutor_talk_share_words: Unit
    student_talk_share_time: Unit | None
    tutor_talk_share_time: Unit | None
    student_questions: Annotated[int, Field(ge=0)]
    mean_student_response_words: Annotated[float, Field(ge=0)]
    longest_student_response_words: Annotated[int, Field(ge=0)]
    mean_response_latency_s: Annotated[float, Field(ge=0)] | None
    longest_student_monologue_words: Annotated[int, Field(ge=0)]
    longest_tutor_monologue_words: Annotated[int, Field(ge=0)]
    engagement_score: Unit
    """0..1, from talk share, questions and response length (docs/analysis.md)."""


# --- meta -----------------------------------------------------------------------------


class TokenUsage(BoundaryModel):
    prompt: Annotated[int, Field(ge=0)] = 0
    cached: Annotated[int, Field(ge=0)] = 0
    completion: Annotated[int, Field(ge=0)] = 0
    reasoning: Annotated[int, Field(ge=0)] = 0

    @property
    def total(self) -> int:
        return self.prompt + self.completion


class AnalysisMeta(BoundaryModel):
    analyzer: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    analysis_type: Annotated[str, StringConstraints(min_length=1, max_length=50)] = "automated"
    model: str | None = None
    prompt_version: str | None = None
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    cost_usd: Annotated[float, Field(ge=0)] = 0.0
    processing_seconds: Annotated[float, Field(ge=0)] = 0.0
    quality_score: Unit = 1.0
    quality_issues: list[str] = Field(default_factory=list)
    grounding_rate: Unit | None = None
    claims_dropped: Annotated[int, Field(ge=0)] = 0
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)
    created_at: AwareDatetime | None = None


class AnalysisBody(BoundaryModel):
    """What an analyzer (rules or LLM) writes; the pipeline adds engagement and meta."""

    profile: ProfileAssessment
    progress: ProgressAssessment
    summary: SessionSummary


class SessionAnalysis(BoundaryModel):
    """The complete result for one session: what readers see and what learning folds in."""

    session_id: str
    profile: ProfileAssessment
    progress: ProgressAssessment
    summary: SessionSummary
    engagement: EngagementFigures
    meta: AnalysisMeta

    @property
    def body(self) -> AnalysisBody:
        return AnalysisBody(profile=self.profile, progress=self.progress, summary=self.summary)

    def cited_turns(self) -> set[int]:
        """Every turn number any claim in this analysis points at."""
        cited: set[int] = set()
        progress, profile, summary = self.progress, self.profile, self.summary
        groups: list[list[int]] = [
            *(a.turns for a in progress.attempts),
            *(c.turns for c in progress.concept_mastery),
            *(c.turns for c in progress.unassessed_concepts),
            *(c.turns for c in progress.skills_demonstrated),
            *(c.turns for c in progress.areas_needing_support),
            *(o.turns for o in profile.behavioral_observations),
            *(c.turns for c in summary.learning_achievements),
            *(c.turns for c in summary.challenges_addressed),
        ]
        for group in groups:
            cited.update(group)
        return cited
