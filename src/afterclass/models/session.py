"""The session a tutor hands over: who took part, when, and what was said.

This is the generic session input of DESIGN.md ("Contracts"). The Vapi adapter and the plain
transcript reader produce the same model. Turn numbers are 1-based positions in
``conversation.turns``; every claim an analysis makes about the student cites them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from afterclass.models._base import BoundaryModel

Speaker = Literal["student", "tutor", "system"]
Role = Literal["student", "tutor", "parent", "teacher", "classmate", "sibling", "other"]

#: A single turn may hold at most this many characters (about 50 pages of text).
MAX_TURN_CHARS = 200_000
#: A whole session may hold at most this many turns.
MAX_TURNS = 20_000

Identifier = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$"
    ),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Person(BoundaryModel):
    """Someone named in or around a session. Their names are removed before any analysis."""

    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list, max_length=50)
    role: Role = "other"

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Turn(BoundaryModel):
    """One speaker's contribution, in order."""

    speaker: Speaker
    text: Annotated[str, StringConstraints(max_length=MAX_TURN_CHARS)]
    start_s: Annotated[float, Field(ge=0)] | None = None
    end_s: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _times_in_order(self) -> Turn:
        if self.start_s is not None and self.end_s is not None and self.end_s < self.start_s:
            raise ValueError(
                f"end_s ({self.end_s}) is before start_s ({self.start_s}); give end_s >= start_s"
            )
        return self

    @property
    def words(self) -> int:
        return len(self.text.split())


class Conversation(BoundaryModel):
    """What was said: structured ``turns``, or a raw ``transcript`` in ``Speaker: text`` lines.

    After ingest, ``turns`` is always filled; ``transcript`` is kept only as it was received.
    """

    turns: list[Turn] = Field(default_factory=list, max_length=MAX_TURNS)
    transcript: Annotated[str, StringConstraints(max_length=MAX_TURNS * 500)] | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Conversation:
        if not self.turns and not (self.transcript and self.transcript.strip()):
            raise ValueError(
                "the conversation is empty; give 'turns' (a list of {speaker, text}) "
                "or 'transcript' ('Tutor: ...' / 'Student: ...' lines)"
            )
        return self


class Session(BoundaryModel):
    """A finished tutoring session, as afterclass accepts it."""

    session_id: Identifier
    student_id: Identifier
    platform: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40)
    ] = "web"
    status: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40)
    ] = "completed"
    started_at: AwareDatetime
    ended_at: AwareDatetime
    subject: ShortText | None = None
    grade_level: ShortText | None = None
    topics_covered: list[ShortText] = Field(default_factory=list, max_length=100)
    language: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, to_lower=True, pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$"
        ),
    ] = "en"
    flags: list[
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40),
        ]
    ] = Field(default_factory=list, max_length=20)
    student: Person | None = None
    people: list[Person] = Field(default_factory=list, max_length=100)
    conversation: Conversation
    ended_reason: ShortText | None = None

    @field_validator("language", mode="before")
    @classmethod
    def _language_lowercase(cls, value: object) -> object:
        """``EN`` -> ``en``, ``pt-BR`` -> ``pt-br``: lowercased before the pattern is checked."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("grade_level", mode="before")
    @classmethod
    def _grade_as_text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @model_validator(mode="after")
    def _ended_after_started(self) -> Session:
        if self.ended_at < self.started_at:
            raise ValueError(
                f"ended_at ({self.ended_at.isoformat()}) is before started_at "
                f"({self.started_at.isoformat()}); check the two timestamps"
            )
        return self

    @property
    def turns(self) -> list[Turn]:
        return self.conversation.turns

    @property
    def duration_minutes(self) -> float:
        return (self.ended_at - self.started_at).total_seconds() / 60.0

    def known_people(self) -> list[Person]:
        """Everyone whose names must never leave afterclass: the student first, then the rest."""
        student = [self.student] if self.student else []
        return [*student, *self.people]

    def with_turns(self, turns: list[Turn]) -> Session:
        """The same session with ``turns`` as its conversation (the raw transcript is kept)."""
        conversation = Conversation(turns=turns, transcript=self.conversation.transcript)
        return self.model_copy(update={"conversation": conversation})


def grade_number(grade_level: str | None) -> int | None:
    """``"K"`` -> 0, ``"grade 4"`` / ``"4th"`` / ``"4"`` -> 4; None when it says no grade."""
    if grade_level is None:
        return None
    text = grade_level.strip().lower()
    if text in {"k", "kindergarten", "kinder"}:
        return 0
    match = re.search(r"\d{1,2}", text)
    return int(match.group()) if match else None
