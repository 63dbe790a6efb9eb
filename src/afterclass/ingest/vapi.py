"""Vapi's ``end-of-call-report`` server message as a Session.

Vapi POSTs ``{"message": {"type": "end-of-call-report", ...}}`` (the inner ``message`` object
alone is accepted too). Only the fields below are read and validated; every other field is
ignored, because Vapi adds fields over time.
Reference: https://docs.vapi.ai/server-url/end-of-call-report

- ``session_id`` = ``message.call.id``; ``platform`` = ``"vapi"``; ``ended_reason`` =
  ``endedReason`` (a free string: Vapi has hundreds of values).
- ``student_id``, first found of: ``message.customer.externalId``,
  ``message.call.customer.externalId``, ``message.call.metadata.student_id`` (or ``studentId``),
  ``message.call.assistantOverrides.variableValues.student_id`` (or ``studentId``). Each may be
  a string or a whole number (kept as text); a missing or blank one is skipped. The phone number
  is never used as an id.
- ``student.name`` = the customer's ``name``; ``subject`` / ``grade_level`` from ``call.metadata``
  (``subject``, ``grade_level`` or ``gradeLevel``) when given.
- Turns from ``artifact.messages``: ``user`` -> student, ``bot`` / ``assistant`` -> tutor.
  ``system`` messages are dropped: they are the assistant's instructions, never heard by the
  student, and keeping them would put prompt text into the analysis and shift turn numbers.
  Tool messages (``tool_calls``, ``tool_call_result``, ...) and roles not listed here are skipped.
  ``start_s`` = ``secondsFromStart`` (else ``time`` - start), ``end_s`` = start + ``duration`` (ms).
- Without speech messages, ``artifact.transcript`` (``AI: ...`` / ``User: ...`` lines) is read.
- ``started_at`` / ``ended_at``: ``startedAt`` / ``endedAt`` of the message, else of the call,
  else the first and last message times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from afterclass.errors import InputError
from afterclass.ingest.labels import VAPI_HELP
from afterclass.ingest.transcript import parse_transcript
from afterclass.ingest.validation import describe_error, input_error
from afterclass.models import Person, Session, Turn
from afterclass.models.session import MAX_TURN_CHARS, Identifier, Speaker

REPORT_TYPE = "end-of-call-report"
PLATFORM = "vapi"
ROLE_SPEAKERS: Mapping[str, Speaker] = {"user": "student", "bot": "tutor", "assistant": "tutor"}
_ID_KEYS = ("student_id", "studentId")
_IDENTIFIER: TypeAdapter[str] = TypeAdapter(Identifier)
#: Bounds that keep every derived time a real date: epoch ms up to the year 9999, and a call
#: offset or duration of at most 30 days.
_MAX_EPOCH_MS = 253_402_300_799_000
_MAX_OFFSET_S = 30 * 24 * 3600
EpochMs = Annotated[float, Field(ge=0, le=_MAX_EPOCH_MS)]


class _VapiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class VapiCustomer(_VapiModel):
    name: str | None = None
    external_id: Any = Field(default=None, alias="externalId")
    """Checked by ``student_id_of``, like every other id source (blank is absent, ints are text)."""


class VapiOverrides(_VapiModel):
    variable_values: dict[str, Any] | None = Field(default=None, alias="variableValues")


class VapiCall(_VapiModel):
    id: Identifier
    customer: VapiCustomer | None = None
    metadata: dict[str, Any] | None = None
    assistant_overrides: VapiOverrides | None = Field(default=None, alias="assistantOverrides")
    started_at: AwareDatetime | None = Field(default=None, alias="startedAt")
    ended_at: AwareDatetime | None = Field(default=None, alias="endedAt")
    ended_reason: str | None = Field(default=None, alias="endedReason")


class VapiMessage(_VapiModel):
    role: str
    message: Annotated[str, Field(max_length=MAX_TURN_CHARS)] | None = None
    time: EpochMs | None = None
    """Epoch milliseconds, like ``endTime``."""
    end_time: EpochMs | None = Field(default=None, alias="endTime")
    seconds_from_start: Annotated[float, Field(ge=0, le=_MAX_OFFSET_S)] | None = Field(
        default=None, alias="secondsFromStart"
    )
    duration: Annotated[float, Field(ge=0, le=_MAX_OFFSET_S * 1000)] | None = None
    """Milliseconds."""


class VapiArtifact(_VapiModel):
    messages: list[VapiMessage] = Field(default_factory=list)
    transcript: str | None = None


class VapiReport(_VapiModel):
    type: str
    call: VapiCall
    customer: VapiCustomer | None = None
    artifact: VapiArtifact = Field(default_factory=VapiArtifact)
    started_at: AwareDatetime | None = Field(default=None, alias="startedAt")
    ended_at: AwareDatetime | None = Field(default=None, alias="endedAt")
    ended_reason: str | None = Field(default=None, alias="endedReason")


class VapiEnvelope(_VapiModel):
    message: VapiReport


def _message_object(payload: Mapping[str, Any], *, source: str) -> Mapping[str, Any]:
    message = payload.get("message") if "message" in payload else payload
    if not isinstance(message, Mapping) or "type" not in message:
        raise InputError(
            'not a Vapi server message: expected {"message": {"type": ...}}; '
            "pass the request body exactly as Vapi sent it",
            field="message",
            source=source,
        )
    if message["type"] != REPORT_TYPE:
        raise InputError(
            f"not an end-of-call-report, got type {message['type']!r}; only end-of-call-report "
            "messages describe a finished call (add it to the assistant's serverMessages)",
            field="message.type",
            source=source,
        )
    return message


def _identifier(value: Any, *, field: str, source: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return _IDENTIFIER.validate_python(value)
    except ValidationError as error:
        problem = describe_error(error.errors(include_url=False)[0])
        raise InputError(problem, field=field, source=source) from error


def _customers(report: VapiReport) -> list[tuple[str, VapiCustomer]]:
    found = [("message.customer", report.customer), ("message.call.customer", report.call.customer)]
    return [(path, customer) for path, customer in found if customer is not None]


def _id_sources(report: VapiReport) -> list[tuple[str, Any]]:
    sources: list[tuple[str, Any]] = [
        (f"{path}.externalId", customer.external_id) for path, customer in _customers(report)
    ]
    overrides = report.call.assistant_overrides
    places = [
        ("message.call.metadata", report.call.metadata),
        ("message.call.assistantOverrides.variableValues", overrides and overrides.variable_values),
    ]
    for path, values in places:
        for key in _ID_KEYS:
            sources.append((f"{path}.{key}", (values or {}).get(key)))
    return sources


def student_id_of(report: VapiReport, *, source: str = "<vapi>") -> str:
    """The first student id the report carries (order in the module docstring)."""
    for field, value in _id_sources(report):
        found = _identifier(value, field=field, source=source)
        if found is not None:
            return found
    raise InputError(
        "the report does not say which student called; set customer.externalId when starting the "
        "call (or call.metadata.student_id, or assistantOverrides.variableValues.student_id)",
        field="message.customer.externalId",
        source=source,
    )


def _student(report: VapiReport, *, source: str) -> Person | None:
    for path, customer in _customers(report):
        if customer.name and customer.name.strip():
            try:
                return Person(name=customer.name, role="student")
            except ValidationError as error:
                problem = describe_error(error.errors(include_url=False)[0])
                raise InputError(problem, field=f"{path}.name", source=source) from error
    return None


def _epoch(ms: float | None) -> datetime | None:
    return datetime.fromtimestamp(ms / 1000.0, tz=UTC) if ms is not None else None


def _speech(report: VapiReport) -> list[VapiMessage]:
    return [
        m
        for m in report.artifact.messages
        if m.role.lower() in ROLE_SPEAKERS and m.message is not None and m.message.strip()
    ]


def _timing(message: VapiMessage, started: datetime | None) -> tuple[float | None, float | None]:
    start = message.seconds_from_start
    if start is None and message.time is not None and started is not None:
        start = max(0.0, message.time / 1000.0 - started.timestamp())
    if start is None:
        return None, None
    start = round(start, 3)
    if message.duration is not None:
        return start, round(start + message.duration / 1000.0, 3)
    if (
        message.end_time is not None
        and message.time is not None
        and message.end_time >= message.time
    ):
        return start, round(start + (message.end_time - message.time) / 1000.0, 3)
    return start, None


def _message_turn(message: VapiMessage, started: datetime | None) -> Turn:
    start, end = _timing(message, started)
    speaker = ROLE_SPEAKERS[message.role.lower()]
    return Turn(speaker=speaker, text=(message.message or "").strip(), start_s=start, end_s=end)


def _turns(
    report: VapiReport, started: datetime | None, *, source: str
) -> tuple[list[Turn], str | None]:
    """The turns, and the raw transcript when they were read from it."""
    speech = _speech(report)
    if speech:
        return [_message_turn(message, started) for message in speech], None
    transcript = report.artifact.transcript
    if transcript and transcript.strip():
        student = _student(report, source=source)
        where = f"{source}: message.artifact.transcript"
        known = [student] if student else []
        turns = parse_transcript(transcript, known=known, source=where, naming=VAPI_HELP)
        return turns, transcript
    raise InputError(
        "the report holds no conversation: artifact.messages has no user or assistant messages "
        "and artifact.transcript is empty; check that the call had speech and that the "
        "assistant's artifactPlan keeps messages or the transcript",
        field="message.artifact",
        source=source,
    )


def _message_times(report: VapiReport) -> tuple[datetime | None, datetime | None]:
    """The earliest and latest epoch times of any message, as datetimes."""
    starts = [m.time for m in report.artifact.messages if m.time is not None]
    ends = [t for m in report.artifact.messages for t in (m.end_time, m.time) if t is not None]
    return _epoch(min(starts, default=None)), _epoch(max(ends, default=None))


def _start(report: VapiReport) -> datetime | None:
    return report.started_at or report.call.started_at or _message_times(report)[0]


def _times(report: VapiReport, turns: Sequence[Turn], *, source: str) -> tuple[datetime, datetime]:
    started = _start(report)
    if started is None:
        raise InputError(
            "the report has no start time; Vapi sets message.startedAt (or call.startedAt): "
            "send the report as Vapi posted it",
            field="message.startedAt",
            source=source,
        )
    ended = report.ended_at or report.call.ended_at or _message_times(report)[1]
    if ended is None:
        last = max((t.end_s or t.start_s or 0.0 for t in turns), default=0.0)
        try:
            ended = started + timedelta(seconds=last)
        except OverflowError as error:
            raise InputError(
                "the call would end after the year 9999; check startedAt or give endedAt",
                field="message.endedAt",
                source=source,
            ) from error
    return started, ended


def _subject_fields(report: VapiReport) -> dict[str, str]:
    metadata = report.call.metadata or {}
    wanted = {"subject": ("subject",), "grade_level": ("grade_level", "gradeLevel")}
    found: dict[str, str] = {}
    for name, keys in wanted.items():
        value = next((metadata[k] for k in keys if isinstance(metadata.get(k), str | int)), None)
        if value is not None and not isinstance(value, bool) and str(value).strip():
            found[name] = str(value)
    return found


def _validated(payload: Mapping[str, Any], *, source: str) -> VapiReport:
    message = _message_object(payload, source=source)
    try:
        return VapiEnvelope.model_validate({"message": message}).message
    except ValidationError as error:
        raise input_error(error, source=source, what="Vapi report") from error


def parse_vapi(payload: Mapping[str, Any], *, source: str = "<vapi>") -> Session:
    """A Vapi end-of-call-report body -> Session (field mapping in the module docstring)."""
    if not isinstance(payload, Mapping):
        raise InputError(
            f"a Vapi report must be a JSON object, got {type(payload).__name__}", source=source
        )
    report = _validated(payload, source=source)
    student_id = student_id_of(report, source=source)
    turns, raw_transcript = _turns(report, _start(report), source=source)
    started, ended = _times(report, turns, source=source)
    fields: dict[str, Any] = {
        "session_id": report.call.id,
        "student_id": student_id,
        "platform": PLATFORM,
        "started_at": started,
        "ended_at": ended,
        "ended_reason": report.ended_reason or report.call.ended_reason,
        "student": _student(report, source=source),
        "conversation": {"turns": turns, "transcript": raw_transcript},
        **_subject_fields(report),
    }
    try:
        return Session.model_validate(fields)
    except ValidationError as error:
        raise input_error(error, source=source, what="session made from the Vapi report") from error
