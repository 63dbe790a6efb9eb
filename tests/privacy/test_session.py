"""redact_session: every turn, one set of pseudonyms, no participant left in the session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from afterclass.models import Conversation, Person, Session, Turn
from afterclass.privacy import redact_session

START = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)


def _session(turns: list[tuple[str, str]], **extra: object) -> Session:
    return Session(
        session_id="s-1",
        student_id="stu-1",
        started_at=START,
        ended_at=START + timedelta(minutes=20),
        student=Person(name="Maya Chen", aliases=["Mayita"]),
        people=[Person(name="Daniel Ortiz", role="tutor"), Person(name="Rosa Chen", role="parent")],
        conversation=Conversation(
            turns=[Turn(speaker=s, text=t) for s, t in turns],  # type: ignore[arg-type]
            transcript="Tutor: Hi Maya\nStudent: hi",
        ),
        **extra,  # type: ignore[arg-type]
    )


def test_every_turn_is_redacted_with_one_map_and_participants_are_removed() -> None:
    session = _session(
        [
            ("tutor", "Hi Maya! I'm Daniel."),
            ("student", "hi mr ortiz. my mom Rosa says hi, her email is rosa.chen@mail.com"),
            ("student", "Mayita is my nickname and my friend Zeke is here"),
            ("tutor", "Hi Zeke! Maya, what is 3/4 + 1/8?"),
        ]
    )
    result = redact_session(session)
    assert [t.text for t in result.session.turns] == [
        "Hi [STUDENT]! I'm [TUTOR].",
        "hi mr [TUTOR]. my mom [PERSON_1] says hi, her email is [EMAIL_1]",
        "[STUDENT] is my nickname and my friend [PERSON_2] is here",
        "Hi [PERSON_2]! [STUDENT], what is 3/4 + 1/8?",
    ]
    assert result.session.student is None and result.session.people == []
    assert result.session.conversation.transcript is None
    assert result.pseudonyms == {
        "[STUDENT]": "Maya Chen",
        "[TUTOR]": "Daniel Ortiz",
        "[PERSON_1]": "Rosa Chen",
        "[EMAIL_1]": "rosa.chen@mail.com",
        "[PERSON_2]": "Zeke",
    }
    assert result.counts == {"STUDENT": 3, "TUTOR": 2, "PERSON": 3, "EMAIL": 1}
    assert "Maya" not in result.session.model_dump_json()


def test_extra_known_people_from_the_profile_are_removed_too() -> None:
    session = _session([("student", "Jaxon sits next to me")])
    classmate = Person(name="Jaxon Reyes", role="classmate")
    result = redact_session(session, extra_known=[classmate])
    assert result.session.turns[0].text == "[PERSON_2] sits next to me"
    assert result.pseudonyms["[PERSON_2]"] == "Jaxon Reyes"


def test_a_spanish_session_uses_spanish_phone_plans() -> None:
    session = _session([("student", "mi número es 612 34 56 78, me llamo Maya")], language="es")
    assert (
        redact_session(session).session.turns[0].text
        == "mi número es [PHONE_1], me llamo [STUDENT]"
    )


def test_a_session_with_only_a_transcript_keeps_it_redacted() -> None:
    session = Session(
        session_id="s-2",
        student_id="stu-1",
        started_at=START,
        ended_at=START + timedelta(minutes=5),
        student=Person(name="Maya Chen"),
        conversation=Conversation(transcript="Tutor: Hi Maya\nStudent: hi"),
    )
    result = redact_session(session)
    assert result.session.conversation.transcript == "Tutor: Hi [STUDENT]\nStudent: hi"
    assert result.counts == {"STUDENT": 1}
