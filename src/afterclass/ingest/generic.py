"""The generic session JSON (the ``Session`` model's own shape) as a Session with turns.

Unknown fields are refused (``Session`` forbids them). When only ``conversation.transcript`` is
given, it is read by ``afterclass.ingest.transcript`` into turns, with the session's student and
people as speaker labels, and the raw transcript is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from afterclass.errors import InputError
from afterclass.ingest.transcript import parse_transcript
from afterclass.ingest.validation import input_error
from afterclass.models import Conversation, Person, Session


def transcript_speakers(session: Session) -> list[Person]:
    """The people who may label transcript lines: the student (as ``student``), then the rest."""
    student = [session.student.model_copy(update={"role": "student"})] if session.student else []
    return [*student, *session.people]


def _with_transcript_turns(session: Session, *, source: str) -> Session:
    transcript = session.conversation.transcript or ""
    turns = parse_transcript(
        transcript, known=transcript_speakers(session), source=f"{source}: conversation.transcript"
    )
    try:
        conversation = Conversation(turns=turns, transcript=transcript)
    except ValidationError as error:
        raise input_error(error, source=source, prefix="conversation.", what="session") from error
    return session.model_copy(update={"conversation": conversation})


def parse_session(value: Mapping[str, Any], *, source: str = "<session>") -> Session:
    """One generic session object -> Session with ``conversation.turns`` filled.

    Raises ``InputError`` listing every invalid field by its path.
    """
    if not isinstance(value, Mapping):
        raise InputError(
            f"a session must be a JSON object, got {type(value).__name__}", source=source
        )
    try:
        session = Session.model_validate(value)
    except ValidationError as error:
        raise input_error(error, source=source, what="session") from error
    if session.conversation.turns:
        if not any(turn.text.strip() for turn in session.conversation.turns):
            raise InputError(
                "every turn has empty text; give what was said in each turn's 'text'",
                field="conversation.turns",
                source=source,
            )
        return session
    return _with_transcript_turns(session, source=source)
