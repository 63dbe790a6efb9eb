"""Learning styles: the prompt asks for a matching observation with every value, and an answer
that gives one passes the schema, validation and grounding and reaches the learning profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fake_openai import FakeOpenAI, structured
from llm_support import TURNS, AnalyzerFactory, good_body, make_session

from afterclass.analysis.contract import AnalysisRequest, AnalyzerOutput
from afterclass.analysis.engagement import compute_engagement
from afterclass.analysis.llm.schema import strict_schema
from afterclass.config import LearningSettings
from afterclass.learning import update_profile
from afterclass.learning.profile import ProfileEvent
from afterclass.models import (
    AnalysisBody,
    AnalysisMeta,
    LearningProfile,
    LearningStyle,
    Observation,
    ProfileUpdateHeld,
    Session,
    SessionAnalysis,
    StudentState,
)

#: The sample session (a visual cue at turn 6) and two more turns with a kinesthetic cue.
TILES = [
    *TURNS,
    ("tutor", "Try 1/2 + 1/4 again with the fraction tiles on your desk."),
    ("student", "I'll put the tiles together... two quarters and one quarter, so 3/4!"),
]


def styled_body(styles: LearningStyle, observations: list[Observation]) -> AnalysisBody:
    body = good_body()
    profile = body.profile.model_copy(
        update={"learning_style_updates": styles, "behavioral_observations": observations}
    )
    return body.model_copy(update={"profile": profile})


def visual_and_kinesthetic() -> AnalysisBody:
    """Two values, each with an observation of its cue citing turns; auditory not shown: null."""
    return styled_body(
        LearningStyle(visual_preference=0.8, auditory_preference=None, kinesthetic_preference=0.75),
        [
            Observation(cue="visual", text='Said "I like drawing it".', turns=[6], confidence=0.8),
            Observation(
                cue="kinesthetic",
                text="Checked 1/2 + 1/4 by putting fraction tiles together.",
                turns=[11, 12],
                confidence=0.75,
            ),
        ],
    )


def analyze(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, body: AnalysisBody
) -> tuple[Session, AnalyzerOutput]:
    session = make_session(TILES)
    fake_openai.queue(structured(body))
    output = make_analyzer().analyze(AnalysisRequest(session=session, state=StudentState()))
    return session, output


def learned(session: Session, body: AnalysisBody) -> tuple[LearningProfile, list[ProfileEvent]]:
    """The student's profile after this analysis, and the learning events."""
    at = datetime(2025, 3, 4, 16, 0, tzinfo=UTC)
    analysis = SessionAnalysis(
        session_id="sess-llm-1",
        profile=body.profile,
        progress=body.progress,
        summary=body.summary,
        engagement=compute_engagement(session.turns),
        meta=AnalysisMeta(analyzer="llm"),
    )
    return update_profile(
        LearningProfile(), analysis, session_id="sess-llm-1", at=at, settings=LearningSettings()
    )


def test_the_prompt_asks_for_a_matching_observation_with_every_style_value(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    analyze(fake_openai, make_analyzer, visual_and_kinesthetic())
    system = fake_openai.chat_requests()[0].json()["messages"][0]["content"]
    assert (
        "give one only with a behavioral observation of the same cue "
        "(visual, auditory or kinesthetic) citing its turns, with its confidence; else null"
    ) in system


def test_a_style_value_with_its_observation_validates_and_is_learned(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    body = visual_and_kinesthetic()
    jsonschema = pytest.importorskip("jsonschema")
    session, output = analyze(fake_openai, make_analyzer, body)
    sent = fake_openai.chat_requests()[0].json()["response_format"]["json_schema"]["schema"]
    assert sent == strict_schema(AnalysisBody)
    jsonschema.validate(body.model_dump(mode="json"), sent)  # a strict server would accept it

    assert len(fake_openai.chat_requests()) == 1  # validated at once, no re-ask
    assert output.claims_dropped == 0
    assert output.body.profile == body.profile

    profile, events = learned(session, output.body)
    assert profile.visual_preference is not None and profile.visual_preference.score == 0.8
    assert profile.kinesthetic_preference is not None
    assert profile.kinesthetic_preference.score == 0.75
    assert profile.auditory_preference is None
    assert not [e for e in events if isinstance(e, ProfileUpdateHeld)]


def test_a_style_value_without_its_observation_is_held(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    body = styled_body(
        LearningStyle(auditory_preference=0.9),
        [Observation(cue="visual", text='Said "I like drawing it".', turns=[6], confidence=0.8)],
    )
    session, output = analyze(fake_openai, make_analyzer, body)

    profile, events = learned(session, output.body)
    assert profile.auditory_preference is None
    held = [e for e in events if isinstance(e, ProfileUpdateHeld)]
    assert [(e.after or {}).get("reason") for e in held] == ["no_observation"]
