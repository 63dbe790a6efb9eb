"""A plain transcript file as a Session: the ids and times the text itself cannot give.

A plain transcript says who spoke but not which student it is about, so the caller passes
``TranscriptDefaults``. Missing values are filled like this:

- ``student_id``: required (the CLI option ``--student-id``).
- ``session_id``: ``t-`` and 24 hex digits of a SHA-256 over the student id and the text (line
  endings and trailing spaces ignored), so the same file for the same student is the same session.
- ``started_at`` and ``ended_at``: the transcript's length is estimated, from the first word to
  the last: the last turn's timestamp + the speaking time of the words from that turn on, or,
  without timestamps, all words spoken at 150 words per minute. With the caller's ``started_at``,
  ``ended_at`` = ``started_at`` + length. Otherwise the session ended at the caller's ``ended_at``
  (``load_file`` passes the file's modification time: a transcript is saved after the session),
  else now, and ``started_at`` = ``ended_at`` - length.

``platform`` is ``"transcript"`` and the raw text is kept in ``conversation.transcript``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError

from afterclass.errors import InputError
from afterclass.ingest.labels import PLAIN_HELP
from afterclass.ingest.transcript import parse_transcript
from afterclass.ingest.validation import describe_error, input_error
from afterclass.models import Person, Session, Turn

#: Speaking rate for estimating how long an untimed transcript lasted (ordinary conversation).
WORDS_PER_MINUTE = 150
PLATFORM = "transcript"


@dataclass(frozen=True)
class TranscriptDefaults:
    """What a plain transcript cannot say about itself; the CLI fills it from options."""

    student_id: str | None = None
    session_id: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    """When the session ended; used without ``started_at`` (``load_file``: the file's mtime)."""
    student_name: str | None = None
    subject: str | None = None
    grade_level: str | None = None


#: The defaults when the caller gives none (frozen, so one shared value is safe).
NO_DEFAULTS = TranscriptDefaults()


def stable_session_id(student_id: str, text: str) -> str:
    """The same transcript for the same student always gets the same id."""
    normalized = "\n".join(line.rstrip() for line in text.strip().splitlines())
    digest = hashlib.sha256(f"{student_id.strip()}\x00{normalized}".encode()).hexdigest()
    return f"t-{digest[:24]}"


def speaking_seconds(words: int) -> float:
    return words * 60.0 / WORDS_PER_MINUTE


def estimated_length(turns: Sequence[Turn]) -> timedelta:
    """From the first word to the last: last timestamp + its turn, or all words at 150 wpm."""
    timed = [index for index, turn in enumerate(turns) if turn.start_s is not None]
    if timed:
        last = timed[-1]
        spoken = speaking_seconds(sum(turn.words for turn in turns[last:]))
        return timedelta(seconds=(turns[last].start_s or 0.0) + spoken)
    return timedelta(seconds=speaking_seconds(sum(turn.words for turn in turns)))


def _aware(value: datetime, *, field: str, source: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(
            f"{field} {value.isoformat()} has no timezone; give an aware datetime, "
            f"e.g. TranscriptDefaults({field}=datetime(2025, 3, 1, 16, 0, tzinfo=UTC))",
            field=field,
            source=source,
        )
    return value


def _times(
    defaults: TranscriptDefaults, turns: Sequence[Turn], *, source: str
) -> tuple[datetime, datetime]:
    """(started_at, ended_at) by the rules of the module docstring."""
    length = estimated_length(turns)
    try:
        if defaults.started_at is not None:
            started = _aware(defaults.started_at, field="started_at", source=source)
            return started, started + length
        ended = defaults.ended_at or datetime.now(UTC)
        ended = _aware(ended, field="ended_at", source=source)
        return ended - length, ended
    except OverflowError as error:
        raise InputError(
            "the session would fall outside the years 1-9999; give a real start time",
            field="started_at",
            source=source,
        ) from error


def _student(defaults: TranscriptDefaults, *, source: str) -> Person | None:
    if not defaults.student_name:
        return None
    try:
        return Person(name=defaults.student_name, role="student")
    except ValidationError as error:
        problem = describe_error(error.errors(include_url=False)[0])
        raise InputError(problem, field="student_name", source=source) from error


def session_from_transcript(text: str, defaults: TranscriptDefaults, *, source: str) -> Session:
    """Read a plain transcript and build its Session from ``defaults`` (rules in the module doc)."""
    if not defaults.student_id or not defaults.student_id.strip():
        raise InputError(
            "a plain transcript does not say which student it is about; pass --student-id ID "
            "(TranscriptDefaults.student_id)",
            field="student_id",
            source=source,
        )
    student = _student(defaults, source=source)
    known = [student] if student else []
    turns = parse_transcript(text, known=known, source=source, naming=PLAIN_HELP)
    started, ended = _times(defaults, turns, source=source)
    fields = {
        "session_id": defaults.session_id or stable_session_id(defaults.student_id, text),
        "student_id": defaults.student_id,
        "platform": PLATFORM,
        "started_at": started,
        "ended_at": ended,
        "subject": defaults.subject,
        "grade_level": defaults.grade_level,
        "student": student,
        "conversation": {"turns": turns, "transcript": text},
    }
    try:
        return Session.model_validate(fields)
    except ValidationError as error:
        raise input_error(error, source=source, what="transcript's session") from error
