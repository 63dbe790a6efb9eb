"""A migrated store on SQLite and on PostgreSQL, and builders for the values tests put in it.

The sessions are full of canaries (names, emails, phone numbers): values that must never appear
in clear anywhere in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from afterclass.config import RetentionSettings
from afterclass.models import (
    AnalysisMeta,
    Attempt,
    ConceptAssessment,
    EngagementFigures,
    MasteryChanged,
    Observation,
    ProfileAssessment,
    ProgressAssessment,
    Session,
    SessionAnalysis,
    SessionSummary,
    StudentState,
    TokenUsage,
)
from afterclass.models.state import ConceptProgress
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate

T0 = datetime(2025, 3, 3, 16, 0, tzinfo=UTC)
PEPPER = b"pepper-for-tests-0123456789"
KEY_A = DataKey(bytes(range(32)))
KEY_B = DataKey(bytes(range(100, 132)))

CANARY_NAME = "Zephyrina Quackenbush"
CANARY_FIRST = "Zephyrina"
CANARY_EMAIL = "zephyrina.q@canary-mail.example"
CANARY_PHONE = "+1 415 555 0199"
CANARY_PARENT = "Bartholomew Quackenbush"
CANARY_STUDENT_ID = "student-zephyrina-7731"
CANARIES = (CANARY_NAME, CANARY_FIRST, CANARY_EMAIL, CANARY_PHONE, CANARY_PARENT, CANARY_STUDENT_ID)


@dataclass
class StoreKit:
    """A store and what built it, so tests can reopen the same database with other keys."""

    store: Store
    engine: Engine
    url: str
    hasher: IdHasher

    def reopen(self, keyring: Keyring, retention: RetentionSettings | None = None) -> Store:
        return Store(
            self.engine,
            keyring=keyring,
            hasher=self.hasher,
            retention=retention or RetentionSettings(),
        )


@pytest.fixture
def kit(database_url: str) -> Iterator[StoreKit]:
    engine = make_engine(database_url)
    migrate(engine)
    hasher = IdHasher(PEPPER)
    store = Store(engine, keyring=Keyring([KEY_A]), hasher=hasher, retention=RetentionSettings())
    try:
        yield StoreKit(store=store, engine=engine, url=database_url, hasher=hasher)
    finally:
        engine.dispose()


@pytest.fixture
def store(kit: StoreKit) -> Store:
    return kit.store


def make_session(
    session_id: str = "call-001",
    student_id: str = CANARY_STUDENT_ID,
    *,
    started_at: datetime = T0,
    platform: str = "vapi",
) -> Session:
    """A short fractions session in which the student gives her name, email and phone number."""
    turns = [
        {"speaker": "tutor", "text": f"Hi {CANARY_FIRST}! Ready for fractions?", "start_s": 0.0},
        {"speaker": "student", "text": f"Yes. My email is {CANARY_EMAIL}.", "start_s": 4.0},
        {"speaker": "tutor", "text": "What is 1/2 + 1/4?", "start_s": 9.0},
        {"speaker": "student", "text": f"3/4. Call my dad on {CANARY_PHONE}.", "start_s": 15.0},
    ]
    return Session.model_validate(
        {
            "session_id": session_id,
            "student_id": student_id,
            "platform": platform,
            "started_at": started_at.isoformat(),
            "ended_at": (started_at + timedelta(minutes=30)).isoformat(),
            "subject": "math",
            "student": {"name": CANARY_NAME, "aliases": ["Zeph"], "role": "student"},
            "people": [{"name": CANARY_PARENT, "role": "parent"}],
            "conversation": {"turns": turns},
        }
    )


def make_analysis(
    session_id: str = "call-001", *, quality: float = 0.85, summary: str | None = None
) -> SessionAnalysis:
    """An analysis whose summary names the student: it must be encrypted like the transcript."""
    return SessionAnalysis(
        session_id=session_id,
        profile=ProfileAssessment(
            behavioral_observations=[
                Observation(cue="confidence", text="Answered quickly", turns=[4], confidence=0.8)
            ]
        ),
        progress=ProgressAssessment(
            concept_mastery=[
                ConceptAssessment(
                    concept="fractions.addition_unlike_denominators",
                    level="developing",
                    confidence=0.6,
                    evidence="Added 1/2 and 1/4 correctly",
                    turns=[3, 4],
                )
            ],
            attempts=[
                Attempt(
                    problem="1/2 + 1/4",
                    concept="fractions.addition_unlike_denominators",
                    outcome="correct",
                    turns=[3, 4],
                )
            ],
        ),
        summary=SessionSummary(
            executive_summary=summary or f"{CANARY_NAME} added fractions with unlike denominators.",
            engagement_level="high",
        ),
        engagement=EngagementFigures(
            duration_s=1800.0,
            student_turns=2,
            tutor_turns=2,
            student_words=12,
            tutor_words=9,
            student_talk_share_words=0.57,
            tutor_talk_share_words=0.43,
            student_talk_share_time=None,
            tutor_talk_share_time=None,
            student_questions=0,
            mean_student_response_words=6.0,
            longest_student_response_words=7,
            mean_response_latency_s=None,
            longest_student_monologue_words=7,
            longest_tutor_monologue_words=6,
            engagement_score=0.7,
        ),
        meta=AnalysisMeta(
            analyzer="rules",
            model="gpt-test",
            prompt_version="v3",
            tokens=TokenUsage(prompt=1200, cached=400, completion=300, reasoning=50),
            cost_usd=0.0123,
            processing_seconds=1.5,
            quality_score=quality,
            quality_issues=[f"summary mentioned {CANARY_FIRST}"],
        ),
    )


def make_state(session_id: str = "call-001", p_mastery: float = 0.4) -> StudentState:
    concept = "fractions.addition_unlike_denominators"
    return StudentState(
        mastery={
            concept: ConceptProgress(
                concept=concept,
                level="developing",
                confidence=0.6,
                evidence="Added 1/2 and 1/4 correctly",
                first_introduced=T0,
                last_assessed=T0,
                session_count=1,
                p_mastery=p_mastery,
            )
        },
        applied_sessions=[session_id],
    )


def make_event(session_id: str = "call-001", at: datetime = T0) -> MasteryChanged:
    return MasteryChanged(
        actor="worker-1",
        at=at,
        session_id=session_id,
        concept="fractions.addition_unlike_denominators",
        before={"p_mastery": 0.2},
        after={"p_mastery": 0.4},
    )


class Builders:
    """The builders and canaries above, handed to tests as the ``build`` fixture."""

    T0 = T0
    KEY_A = KEY_A
    KEY_B = KEY_B
    CANARIES = CANARIES
    CANARY_NAME = CANARY_NAME
    CANARY_EMAIL = CANARY_EMAIL
    STUDENT_ID = CANARY_STUDENT_ID
    session = staticmethod(make_session)
    analysis = staticmethod(make_analysis)
    state = staticmethod(make_state)
    event = staticmethod(make_event)


@pytest.fixture
def build() -> type[Builders]:
    return Builders


CommitFn = Callable[..., bool]


@pytest.fixture
def commit(store: Store) -> CommitFn:
    """Commit an analysis for a session with sensible defaults; keyword arguments override them."""

    def run(session_id: str = "call-001", **overrides: Any) -> bool:
        arguments: dict[str, Any] = {
            "session_id": session_id,
            "student_id": CANARY_STUDENT_ID,
            "analysis": make_analysis(session_id),
            "state": make_state(session_id),
            "expected_version": 0,
            "events": [make_event(session_id)],
            "pseudonyms": {"[STUDENT]": CANARY_NAME, "[EMAIL_1]": CANARY_EMAIL},
            "analysis_type": "automated",
            "created_by": "worker-1",
            "at": T0 + timedelta(hours=1),
            "anonymization_counts": {"STUDENT": 2, "EMAIL": 1, "PHONE": 1},
        }
        arguments.update(overrides)
        return store.commit_analysis(**arguments)

    return run
