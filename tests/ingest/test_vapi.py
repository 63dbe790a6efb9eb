"""Vapi end-of-call-report -> Session: ids, names, roles, timings, fallbacks and errors."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from afterclass.errors import InputError
from afterclass.ingest import parse_vapi

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def report() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (FIXTURES / "vapi_multiplication_report.json").read_text(encoding="utf-8")
    )
    return loaded


def test_ids_name_platform_and_reason(report: dict[str, Any]) -> None:
    session = parse_vapi(report)

    assert session.session_id == "9b2d7c4e-51aa-4f0e-8d3c-7e6f5a4b3c21"
    assert session.student_id == "stu-priya-07"  # from call.customer; never the phone number
    assert session.student is not None
    assert session.student.name == "Priya Natarajan"
    assert session.platform == "vapi"
    assert session.ended_reason == "assistant-ended-call"
    assert (session.subject, session.grade_level) == ("math", "3")
    assert "+15550104477" not in session.model_dump_json()


def test_roles_mapped_system_and_tool_messages_dropped(report: dict[str, Any]) -> None:
    session = parse_vapi(report)

    assert [t.speaker for t in session.turns] == ["tutor", "student"] * 3 + ["tutor"]
    texts = " ".join(t.text for t in session.turns)
    assert "You are Sol" not in texts  # the system prompt is not part of the conversation
    assert "array shown" not in texts  # tool results are skipped
    assert session.turns[3].text == "Seven?"
    assert session.conversation.transcript is None  # messages were used, not the transcript


def test_timestamps_from_seconds_from_start_and_duration(report: dict[str, Any]) -> None:
    session = parse_vapi(report)

    assert session.started_at == datetime(2025, 3, 8, 16, 0, tzinfo=UTC)
    assert session.ended_at == datetime(2025, 3, 8, 16, 5, 30, 500000, tzinfo=UTC)
    assert (session.turns[0].start_s, session.turns[0].end_s) == (1.1, 5.3)
    assert (session.turns[3].start_s, session.turns[3].end_s) == (19.0, 19.7)


def test_start_from_epoch_time_when_seconds_from_start_is_missing(report: dict[str, Any]) -> None:
    for message in report["message"]["artifact"]["messages"]:
        message.pop("secondsFromStart")
        message.pop("duration", None)

    session = parse_vapi(report)

    assert session.turns[2].start_s == 10.0
    assert session.turns[2].end_s == 16.5  # from endTime - time


def test_the_inner_message_alone_is_accepted(report: dict[str, Any]) -> None:
    assert parse_vapi(report["message"]).session_id == "9b2d7c4e-51aa-4f0e-8d3c-7e6f5a4b3c21"


def test_customer_external_id_at_message_level_wins(report: dict[str, Any]) -> None:
    report["message"]["customer"] = {"name": "Priya N.", "externalId": "from-message"}

    session = parse_vapi(report)

    assert session.student_id == "from-message"
    assert session.student is not None and session.student.name == "Priya N."


@pytest.mark.parametrize(
    ("place", "key"),
    [("metadata", "student_id"), ("metadata", "studentId"), ("overrides", "student_id")],
)
def test_student_id_fallbacks(report: dict[str, Any], place: str, key: str) -> None:
    call = report["message"]["call"]
    del call["customer"]["externalId"]
    if place == "metadata":
        call["metadata"][key] = "stu-fallback"
    else:
        call["assistantOverrides"] = {"variableValues": {key: "stu-fallback"}}

    assert parse_vapi(report).student_id == "stu-fallback"


def test_missing_student_id_names_the_fields_to_set(report: dict[str, Any]) -> None:
    del report["message"]["call"]["customer"]["externalId"]

    with pytest.raises(InputError) as caught:
        parse_vapi(report, source="webhook")

    assert caught.value.field == "message.customer.externalId"
    assert "set customer.externalId" in str(caught.value)
    assert "call.metadata.student_id" in str(caught.value)


def test_transcript_is_the_fallback_without_messages(report: dict[str, Any]) -> None:
    report["message"]["artifact"]["messages"] = []

    session = parse_vapi(report)

    assert [t.speaker for t in session.turns] == ["tutor", "student"] * 3 + ["tutor"]
    assert session.turns[5].text == "Three, six, nine, twelve. Twelve chairs!"
    assert session.conversation.transcript is not None


def test_no_messages_and_no_transcript_is_an_error(report: dict[str, Any]) -> None:
    report["message"]["artifact"] = {"messages": [{"role": "system", "message": "prompt"}]}

    with pytest.raises(InputError, match=r"message\.artifact: the report holds no conversation"):
        parse_vapi(report)


def test_other_message_types_are_refused(report: dict[str, Any]) -> None:
    report["message"]["type"] = "status-update"

    with pytest.raises(InputError, match="not an end-of-call-report, got type 'status-update'"):
        parse_vapi(report)


def test_body_without_message_is_refused() -> None:
    with pytest.raises(InputError, match="not a Vapi server message"):
        parse_vapi({"call": {"id": "x"}})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["call"].pop("id"), "message.call.id: is required"),
        (lambda m: m["call"].update(id=""), "message.call.id: must have at least 1 character"),
        (
            lambda m: m["artifact"]["messages"][2].update(secondsFromStart="soon"),
            "message.artifact.messages[2].secondsFromStart: must be a number (got 'soon')",
        ),
        (
            lambda m: m["artifact"]["messages"][1].update(message=42),
            "message.artifact.messages[1].message: must be a text string (got 42)",
        ),
        (
            lambda m: m.update(startedAt="2025-03-08T16:00:00"),
            "message.startedAt: must include a timezone",
        ),
        (
            lambda m: m["call"]["customer"].update(externalId=["a"]),
            "message.call.customer.externalId: must be a text string",
        ),
    ],
)
def test_invalid_fields_are_named_by_their_vapi_path(
    report: dict[str, Any], change: Any, expected: str
) -> None:
    change(report["message"])

    with pytest.raises(InputError) as caught:
        parse_vapi(report, source="webhook")

    assert str(caught.value).startswith(f"webhook: {expected}")


def test_unknown_vapi_fields_are_ignored(report: dict[str, Any]) -> None:
    changed = copy.deepcopy(report)
    changed["message"]["brandNewField"] = {"anything": [1, 2, 3]}
    changed["message"]["artifact"]["messages"][1]["newPerMessageField"] = 7

    assert parse_vapi(changed) == parse_vapi(report)


def test_end_before_start_is_an_error(report: dict[str, Any]) -> None:
    report["message"]["endedAt"] = "2025-03-08T15:00:00Z"

    with pytest.raises(InputError, match=r"ended_at .* is before started_at"):
        parse_vapi(report)


def test_times_from_messages_when_the_report_has_none(report: dict[str, Any]) -> None:
    for holder in (report["message"], report["message"]["call"]):
        holder.pop("startedAt")
        holder.pop("endedAt")

    session = parse_vapi(report)

    assert session.started_at == datetime(2025, 3, 8, 16, 0, tzinfo=UTC)  # the system message
    assert session.ended_at == datetime(2025, 3, 8, 16, 0, 43, tzinfo=UTC)  # the last message


def test_wrong_type_of_fallback_student_id_is_named(report: dict[str, Any]) -> None:
    del report["message"]["call"]["customer"]["externalId"]
    report["message"]["call"]["metadata"]["student_id"] = {"id": 7}

    with pytest.raises(InputError) as caught:
        parse_vapi(report)

    assert caught.value.field == "message.call.metadata.student_id"
    assert "must be a text string" in str(caught.value)


def test_numeric_fallback_student_id_becomes_text(report: dict[str, Any]) -> None:
    del report["message"]["call"]["customer"]["externalId"]
    report["message"]["call"]["metadata"]["studentId"] = 4512

    assert parse_vapi(report).student_id == "4512"


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_blank_external_id_falls_through_to_the_next_source(
    report: dict[str, Any], blank: str | None
) -> None:
    report["message"]["customer"] = {"name": "Priya N.", "externalId": blank}
    report["message"]["call"]["customer"]["externalId"] = "  "
    report["message"]["call"]["metadata"]["student_id"] = "stu-from-metadata"

    assert parse_vapi(report).student_id == "stu-from-metadata"


def test_numeric_external_id_becomes_text(report: dict[str, Any]) -> None:
    report["message"]["call"]["customer"]["externalId"] = 4512

    assert parse_vapi(report).student_id == "4512"


def test_absurd_message_time_is_refused_by_name(report: dict[str, Any]) -> None:
    report["message"]["artifact"]["messages"][1]["time"] = 1e300

    with pytest.raises(
        InputError, match=r"message\.artifact\.messages\[1\]\.time: must be at most"
    ):
        parse_vapi(report)
