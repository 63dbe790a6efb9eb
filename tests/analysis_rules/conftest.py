"""Fixtures for the rules analyzer's tests: a small curriculum, dialogues written for them, and a
session builder. Turn numbers in the tests are 1-based positions in these lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from afterclass.analysis.contract import AnalysisRequest
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.rules import RulesAnalyzer
from afterclass.models import AnalysisBody, Conversation, Session, StudentState, Turn

CURRICULUM = Path(__file__).parent / "curriculum.yaml"

Lines = Sequence[tuple[str, str]]
MakeSession = Callable[..., Session]

#: Five fraction problems: solved at once (3-5); solved after guiding questions (5-15); solved
#: after the tutor worked it out (15-19); wrong, then right on a retry (19-21, 21-23); never
#: solved (23-25). Cues: curiosity 14, visual 16, frustration 16 and 24, confidence 22.
FRACTIONS: Lines = (
    ("tutor", "Hi [STUDENT]! Today we're adding fractions with unlike denominators. Ready?"),
    ("student", "Yeah."),
    ("tutor", "Let's start. What is 1/2 + 1/4?"),
    ("student", "I think it's 3/4 because 1/2 is 2/4."),
    ("tutor", "Correct! Great job. Next one: what is 3/4 + 1/6?"),
    ("student", "Hmm, I'm not sure where to start."),
    ("tutor", "That's okay. What number can both 4 and 6 go into?"),
    ("student", "12?"),
    ("tutor", "Yes! So how many twelfths is 3/4?"),
    ("student", "9/12"),
    ("tutor", "Right. And how many twelfths is 1/6?"),
    ("student", "2/12"),
    ("tutor", "Good. So what's the sum?"),
    ("student", "11/12! Why do we need the same bottom number?"),
    ("tutor", "Exactly! Let's try another one: what is 1/3 + 1/5?"),
    ("student", "I don't get it. Can you draw a picture?"),
    (
        "tutor",
        "Sure. Picture a bar cut into 3 parts and another cut into 5 parts. We can cut both into "
        "15 pieces, so 1/3 is 5/15 and 1/5 is 3/15. 5/15 plus 3/15 is 8/15.",
    ),
    ("student", "8/15"),
    ("tutor", "That's right, 8/15. Next one: what is 2/3 + 1/6?"),
    ("student", "3/9"),
    ("tutor", "Not quite. You added the tops and the bottoms. Try again."),
    ("student", "Oh wait, I got it: 2/3 is 4/6, so 5/6."),
    ("tutor", "Perfect, 5/6! Last one: what is 3/5 + 1/4?"),
    ("student", "Ugh, this is too hard. Is it 4/9?"),
    (
        "tutor",
        "Not quite. When fractions have the same denominator you can add the numerators, but 5 "
        "and 4 are different, so we need a common denominator first. We'll practice this one "
        "next time.",
    ),
    ("student", "Okay."),
    ("tutor", "Great work today, [STUDENT]! See you next time."),
)

#: Spanish: a fraction problem wrong then right (1-3, 3-5), a multiplication fact (5-7) and an
#: equation after a hint (7-11). Cues: frustration and visual at 8.
SPANISH: Lines = (
    (
        "tutor",
        "Hola [STUDENT]. Hoy vamos a sumar fracciones con distintos denominadores. "
        "¿Cuánto es 1/2 + 1/3?",
    ),
    ("student", "¿Es 2/5?"),
    ("tutor", "No exactamente. Necesitamos un denominador común. Inténtalo de nuevo."),
    ("student", "Ah, 3/6 más 2/6... ¡5/6!"),
    ("tutor", "¡Muy bien! Correcto. Siguiente: ¿cuánto es 3 por 4?"),
    ("student", "12"),
    ("tutor", "¡Exacto! Ahora resuelve 2x + 3 = 11."),
    ("student", "No entiendo. ¿Me lo puedes dibujar?"),
    ("tutor", "Claro. Primero restamos 3 de los dos lados: 2x = 8. ¿Cuánto es x?"),
    ("student", "x es 4"),
    ("tutor", "¡Perfecto! Hasta la próxima."),
)


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return Curriculum.load(CURRICULUM)


@pytest.fixture(scope="session")
def analyzer(curriculum: Curriculum) -> RulesAnalyzer:
    return RulesAnalyzer(curriculum)


@pytest.fixture
def make_session() -> MakeSession:
    """``make_session(lines, minutes=25, topics=(), times=None)``: a Session of those turns.

    ``times`` gives (start_s, end_s) per turn.
    """

    def build(
        lines: Lines,
        *,
        minutes: float = 25,
        topics: Sequence[str] = (),
        times: Sequence[tuple[float, float]] | None = None,
    ) -> Session:
        start = datetime(2025, 3, 4, 16, 0, tzinfo=UTC)
        turns = [
            Turn(
                speaker=speaker,  # type: ignore[arg-type]
                text=text,
                start_s=times[i][0] if times else None,
                end_s=times[i][1] if times else None,
            )
            for i, (speaker, text) in enumerate(lines)
        ]
        return Session(
            session_id="session-1",
            student_id="student-1",
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            topics_covered=list(topics),
            conversation=Conversation(turns=turns),
        )

    return build


@pytest.fixture
def analyze(analyzer: RulesAnalyzer, make_session: MakeSession) -> Callable[..., AnalysisBody]:
    """``analyze(lines, state=None, **session_options)``: the rules analyzer's body for them."""

    def run(lines: Lines, state: StudentState | None = None, **options: object) -> AnalysisBody:
        session = make_session(lines, **options)
        request = AnalysisRequest(session=session, state=state or StudentState())
        return analyzer.analyze(request).body

    return run


@pytest.fixture
def fractions() -> Lines:
    return FRACTIONS


@pytest.fixture
def spanish() -> Lines:
    return SPANISH
