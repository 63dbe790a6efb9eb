"""Generic session JSON: one object, arrays, JSON Lines, transcripts inside, and every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from afterclass.errors import InputError
from afterclass.ingest import parse_payload, parse_session

FIXTURES = Path(__file__).parent / "fixtures"


def _session(**changes: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "session_id": "s-1",
        "student_id": "stu-1",
        "started_at": "2025-03-01T16:00:00Z",
        "ended_at": "2025-03-01T16:30:00Z",
        "conversation": {
            "turns": [
                {"speaker": "tutor", "text": "What is 6 x 7?"},
                {"speaker": "student", "text": "42"},
            ]
        },
    }
    value.update(changes)
    return value


def test_single_object_keeps_its_turns() -> None:
    [session] = parse_payload(json.dumps(_session()))

    assert session.session_id == "s-1"
    assert [(t.speaker, t.text) for t in session.turns] == [
        ("tutor", "What is 6 x 7?"),
        ("student", "42"),
    ]


def test_json_lines_file_with_a_transcript_only_session() -> None:
    data = (FIXTURES / "sessions.jsonl").read_bytes()

    first, second = parse_payload(data)

    assert first.grade_level == "5"
    assert first.turns[1].end_s == 13
    assert [t.speaker for t in second.turns] == ["tutor", "student", "system", "tutor"]
    assert second.turns[1].text == "3.5, because the 6 rounds the 4 up."
    assert second.conversation.transcript is not None
    assert second.conversation.transcript.startswith("Ms. Okafor: Omi, round")


def test_json_array_of_sessions() -> None:
    data = json.dumps([_session(), _session(session_id="s-2")])

    assert [s.session_id for s in parse_payload(data)] == ["s-1", "s-2"]


def test_the_failing_session_of_several_is_named_by_index() -> None:
    bad = _session(session_id="s-3")
    bad["conversation"]["turns"][1]["speaker"] = "teacher"
    data = json.dumps([_session(), _session(session_id="s-2"), bad])

    with pytest.raises(InputError) as caught:
        parse_payload(data, source="batch.json")

    assert str(caught.value) == (
        "batch.json [2]: conversation.turns[1].speaker: must be one of student, tutor, system "
        "(got 'teacher')"
    )
    assert caught.value.field == "conversation.turns[1].speaker"


def test_json_lines_errors_name_index_and_line() -> None:
    lines = [json.dumps(_session()), "", json.dumps(_session(started_at="2025-03-01T16:00:00"))]

    with pytest.raises(InputError) as caught:
        parse_payload("\n".join(lines), source="s.jsonl")

    assert str(caught.value).startswith("s.jsonl [1] (line 3): started_at: must include a timezone")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"colour": "blue"}, "colour: is not a known field; remove it"),
        ({"student_id": 17}, "student_id: must be a text string (got 17)"),
        ({"ended_at": "yesterday"}, "ended_at: must be an ISO 8601 date and time"),
        ({"conversation": {"turns": []}}, "conversation: the conversation is empty"),
        ({"conversation": "Tutor: hi"}, "conversation: must be an object"),
        (
            {"conversation": {"turns": [{"speaker": "tutor", "text": "a", "start_s": -2}]}},
            "conversation.turns[0].start_s: must be at least 0 (got -2)",
        ),
        (
            {"conversation": {"turns": [{"speaker": "tutor", "text": "  "}]}},
            "conversation.turns: every turn has empty text",
        ),
        ({"language": "english"}, "language: has a form or characters not allowed"),
    ],
)
def test_each_malformed_field_is_named(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_payload(json.dumps(_session(**changes)), source="one.json")

    assert expected in str(caught.value)
    assert str(caught.value).startswith("one.json: ")


def test_missing_fields_are_listed_together() -> None:
    with pytest.raises(InputError) as caught:
        parse_session({"conversation": {"transcript": "Tutor: hi"}}, source="x.json")

    message = str(caught.value)
    assert message.startswith("x.json: the session has 4 problems; fix them:\n")
    for field in ("session_id", "student_id", "started_at", "ended_at"):
        assert f"  {field}: is required; add it" in message
    assert caught.value.field == "session_id"


def test_bad_transcript_inside_a_session_names_the_field_and_line() -> None:
    value = _session(conversation={"transcript": "Hello\nTutor: hi"})

    with pytest.raises(InputError) as caught:
        parse_payload(json.dumps(value), source="one.json")

    assert str(caught.value).startswith(
        "one.json: conversation.transcript: line 1: the transcript must start with a speaker label"
    )


def test_unknown_field_in_a_nested_person_is_named() -> None:
    value = _session(student={"name": "Ana", "age": 9})

    with pytest.raises(InputError, match=r"student\.age: is not a known field"):
        parse_payload(json.dumps(value))


def test_end_before_start_is_reported_at_ended_at() -> None:
    with pytest.raises(InputError) as caught:
        parse_payload(json.dumps(_session(ended_at="2025-03-01T15:00:00Z")), source="one.json")

    assert str(caught.value).startswith(
        "one.json: ended_at: ended_at (2025-03-01T15:00:00+00:00) is before started_at"
    )
    assert caught.value.field == "ended_at"


@pytest.mark.parametrize(("given", "stored"), [("EN", "en"), ("pt-BR", "pt-br"), (" Es ", "es")])
def test_language_tags_are_lowercased(given: str, stored: str) -> None:
    [session] = parse_payload(json.dumps(_session(language=given)))

    assert session.language == stored


def test_transcript_with_two_unknown_speakers_suggests_student_name_in_json() -> None:
    value = _session(conversation={"transcript": "Tutor: Hi.\nLeo: Hi.\nSam: Hello."})

    with pytest.raises(InputError) as caught:
        parse_payload(json.dumps(value), source="one.json")

    message = str(caught.value)
    assert message.startswith("one.json: conversation.transcript: line 2: unknown speakers 'Leo'")
    assert "'student.name'" in message
