"""Redacting a whole session: every turn with one set of pseudonyms, participants removed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from afterclass.models import Conversation, Person, Session, Turn
from afterclass.privacy.redactor import Redactor
from afterclass.privacy.spans import Span


@dataclass(frozen=True)
class RedactedSession:
    """The session as it may leave afterclass, the pseudonym map (kept, encrypted, never sent),
    and how many finds of each type were redacted (for the audit log: counts, never values)."""

    session: Session
    pseudonyms: dict[str, str]
    counts: dict[str, int]


def count_key(span: Span) -> str:
    """The audit-log bucket of a span: its type, with the student and tutor counted apart."""
    return span.tag[1:-1] if span.tag in ("[STUDENT]", "[TUTOR]") else span.type


def session_participants(session: Session, extra_known: Sequence[Person] = ()) -> list[Person]:
    """Everyone whose names must go: the session's student (as the student), people, extras."""
    people: list[Person] = []
    if session.student is not None:
        people.append(session.student.model_copy(update={"role": "student"}))
    people.extend(session.people)
    people.extend(extra_known)
    return people


def redact_session(session: Session, *, extra_known: Sequence[Person] = ()) -> RedactedSession:
    """``session`` with every turn redacted and no participant's name left anywhere in it.

    ``extra_known`` adds people the caller knows of (the profile's classmates, parents...). The
    returned session has no ``student`` or ``people`` and no raw ``transcript`` (unless it had
    no turns, when the redacted transcript takes their place).
    """
    redactor = Redactor(
        known_people=session_participants(session, extra_known), language=session.language
    )
    keys: list[str] = []
    turns: list[Turn] = list(session.turns)
    for index, redaction in redactor.redact_found([turn.text for turn in turns]):
        keys.extend(map(count_key, redaction.spans))
        # Turns are frozen, so one with nothing redacted is shared rather than copied.
        if redaction.text != turns[index].text:
            turns[index] = turns[index].model_copy(update={"text": redaction.text})
    transcript = None
    if not turns and session.conversation.transcript:
        redaction = redactor.redact(session.conversation.transcript)
        keys.extend(map(count_key, redaction.spans))
        transcript = redaction.text
    counts = Counter(keys)
    # Built without re-validation: a tag can make a turn longer than the input limit allows.
    conversation = Conversation.model_construct(turns=turns, transcript=transcript)
    redacted = session.model_copy(
        update={"student": None, "people": [], "conversation": conversation}
    )
    return RedactedSession(redacted, redactor.pseudonyms.mapping(), dict(counts))
