"""A store on a fresh database, a fake analyzer with queued answers, and sessions to feed them."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from afterclass.analysis.contract import AnalysisRequest, AnalyzerOutput, create_analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.config import RetentionSettings, Settings, load_settings
from afterclass.models import (
    AnalysisBody,
    Attempt,
    Claim,
    ConceptAssessment,
    Conversation,
    Person,
    ProfileAssessment,
    ProgressAssessment,
    Session,
    SessionSummary,
    Turn,
)
from afterclass.pipeline import Pipeline
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate

DIALOGUE = [
    ("tutor", "Hi Maya! Let's add fractions. What is 1/2 + 1/4?"),
    ("student", "is it 2/6?"),
    ("tutor", "Not quite. Can you write 1/2 as fourths first?"),
    ("student", "2/4, so 2/4 + 1/4 = 3/4"),
    ("tutor", "Exactly, 3/4 is correct. Maya, you're doing great. What is 1/3 + 1/6?"),
    ("student", "2/6 + 1/6 = 3/6, which is 1/2"),
    ("tutor", "That's right! Perfect."),
]


def make_session(
    session_id: str = "s-1",
    student_id: str = "stu-1",
    *,
    start: datetime = datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
    turns: list[tuple[str, str]] | None = None,
    flags: list[str] | None = None,
) -> Session:
    return Session(
        session_id=session_id,
        student_id=student_id,
        started_at=start,
        ended_at=start + timedelta(minutes=20),
        subject="math",
        grade_level="5",
        flags=flags or [],
        student=Person(name="Maya Chen", aliases=["Maya"], role="student"),
        conversation=Conversation(
            turns=[Turn(speaker=s, text=t) for s, t in (turns or DIALOGUE)]  # type: ignore[arg-type]
        ),
    )


def fraction_body(
    summary: str = "The student added fractions with unlike denominators.",
) -> AnalysisBody:
    return AnalysisBody(
        profile=ProfileAssessment(),
        progress=ProgressAssessment(
            concept_mastery=[
                ConceptAssessment(
                    concept="fractions.addition_unlike_denominators",
                    level="developing",
                    confidence=0.8,
                    evidence="Added 1/2 + 1/4 after a hint and 1/3 + 1/6 alone",
                    turns=[2, 4, 6],
                )
            ],
            attempts=[
                Attempt(
                    problem="1/2 + 1/4",
                    concept="fractions.addition_unlike_denominators",
                    outcome="incorrect",
                    turns=[1, 2, 3],
                    try_number=1,
                ),
                Attempt(
                    problem="1/2 + 1/4",
                    concept="fractions.addition_unlike_denominators",
                    outcome="correct",
                    turns=[3, 4, 5],
                    try_number=2,
                ),
                Attempt(
                    problem="1/3 + 1/6",
                    concept="fractions.addition_unlike_denominators",
                    outcome="correct",
                    turns=[5, 6, 7],
                    try_number=1,
                ),
            ],
        ),
        summary=SessionSummary(
            executive_summary=summary,
            engagement_level="medium",
            learning_achievements=[Claim(text="Added 1/3 + 1/6 correctly", turns=[6])],
        ),
    )


class FakeAnalyzer:
    """Answers with queued outputs, or raises queued exceptions; records every request."""

    name = "fake"

    def __init__(self) -> None:
        self.queue: deque[AnalyzerOutput | Exception] = deque()
        self.requests: list[AnalysisRequest] = []

    def analyze(self, request: AnalysisRequest) -> AnalyzerOutput:
        self.requests.append(request)
        item = self.queue.popleft() if self.queue else AnalyzerOutput(body=fraction_body())
        if isinstance(item, Exception):
            raise item
        return item


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine = make_engine(database_url)
    migrate(engine)
    yield Store(
        engine,
        keyring=Keyring([DataKey(os.urandom(32))]),
        hasher=IdHasher(os.urandom(32)),
        retention=RetentionSettings(),
    )
    engine.dispose()


@pytest.fixture
def settings(tmp_path: os.PathLike[str]) -> Settings:
    return load_settings(data_dir=tmp_path)


@pytest.fixture
def fake() -> FakeAnalyzer:
    return FakeAnalyzer()


@pytest.fixture
def build_pipeline(store: Store, settings: Settings, fake: FakeAnalyzer) -> Callable[..., Pipeline]:
    curriculum = Curriculum.load()

    def build(*, with_fallback: bool = True) -> Pipeline:
        fallback = create_analyzer("rules", settings) if with_fallback else None
        return Pipeline(
            store=store, analyzer=fake, settings=settings, curriculum=curriculum, fallback=fallback
        )

    return build
