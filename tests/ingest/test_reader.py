"""parse_payload / load_file: the raw input, its size, its encoding, JSON errors, transcripts."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from afterclass.errors import InputError
from afterclass.ingest import MAX_INPUT_BYTES, TranscriptDefaults, load_file, parse_payload

FIXTURES = Path(__file__).parent / "fixtures"
STARTED = datetime(2025, 3, 1, 16, 0, tzinfo=UTC)


def test_bad_json_names_line_and_column() -> None:
    data = '{\n  "session_id": "s-1",\n  "student_id" "stu"\n}'

    with pytest.raises(InputError) as caught:
        parse_payload(data, source="broken.json")

    assert str(caught.value).startswith(
        "broken.json: not valid JSON at line 3, column 16: Expecting ':' delimiter"
    )


def test_bad_json_line_in_json_lines_names_the_file_line() -> None:
    good = json.dumps({"session_id": "a"})

    with pytest.raises(InputError, match=r"not valid JSON at line 3, column 2"):
        parse_payload(f"{good}\n{good}\n{{]\n")


def test_two_pretty_printed_objects_are_explained() -> None:
    with pytest.raises(InputError, match=r"more than one JSON document .* line 4"):
        parse_payload('{\n  "a": 1\n}\n{\n  "b": 2\n}')


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("[]", "the JSON array is empty"),
        ("42", "the JSON must be an object or an array of objects, got int"),
        ("[1, 2]", "[0]: each session must be a JSON object"),
        ('{"session_id": NaN}', "NaN is not allowed in JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_json_that_holds_no_sessions(data: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_payload(data, format="session")

    assert expected in str(caught.value)


def test_input_over_the_size_limit_is_refused_before_parsing() -> None:
    text = "Tutor: " + "so " * (MAX_INPUT_BYTES // 3)

    with pytest.raises(InputError, match=r"over the 20 MB limit; split it"):
        parse_payload(text, defaults=TranscriptDefaults(student_id="s"))
    with pytest.raises(InputError, match=r"over the 20 MB limit"):
        parse_payload(text.encode())


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written

    with pytest.raises(InputError, match=r"huge.txt: the input is 50.0 MB, over the 20 MB limit"):
        load_file(big)


def test_non_utf8_bytes_are_refused() -> None:
    with pytest.raises(InputError, match=r"not UTF-8 text \(bad byte at offset 7\)"):
        parse_payload(b"Tutor: \xff\xfe hi", defaults=TranscriptDefaults(student_id="s"))


def test_utf8_bom_is_ignored() -> None:
    [session] = parse_payload(
        "\ufeffTutor: Hi\nStudent: Hello".encode(), defaults=TranscriptDefaults(student_id="s")
    )

    assert session.turns[0].text == "Hi"


def test_plain_transcript_requires_a_student_id() -> None:
    with pytest.raises(InputError) as caught:
        parse_payload("Tutor: Hi\nStudent: Hello", source="lesson.txt")

    assert "--student-id" in str(caught.value)
    assert caught.value.field == "student_id"


def test_plain_transcript_session_from_defaults() -> None:
    text = (FIXTURES / "fractions_session.txt").read_text(encoding="utf-8")
    defaults = TranscriptDefaults(
        student_id="stu-leo",
        started_at=STARTED,
        student_name="Leo Marchetti",
        subject="math",
        grade_level="4",
    )

    [session] = parse_payload(text, defaults=defaults)

    assert session.student_id == "stu-leo"
    assert session.student is not None and session.student.name == "Leo Marchetti"
    assert session.turns[1].speaker == "student"  # "Leo:" is the student's first name
    assert (session.platform, session.subject, session.grade_level) == ("transcript", "math", "4")
    assert session.started_at == STARTED
    # last timestamp 01:36 plus 7 words at 150 words a minute (2.8 s)
    assert session.ended_at == STARTED + timedelta(seconds=98.8)
    assert session.conversation.transcript == text


def test_untimed_transcript_length_is_estimated_from_words() -> None:
    text = "Tutor: " + "word " * 140 + "\nStudent: " + "yes " * 10
    [session] = parse_payload(text, defaults=TranscriptDefaults(student_id="s", started_at=STARTED))

    assert session.ended_at == STARTED + timedelta(minutes=1)


def test_same_transcript_and_student_give_the_same_session_id() -> None:
    text = "Tutor: Hi\nStudent: Hello\n"
    first = parse_payload(text, defaults=TranscriptDefaults(student_id="a"))[0]
    again = parse_payload(text.replace("\n", "\r\n"), defaults=TranscriptDefaults(student_id="a"))
    other_student = parse_payload(text, defaults=TranscriptDefaults(student_id="b"))[0]
    other_text = parse_payload(text + "Tutor: Bye\n", defaults=TranscriptDefaults(student_id="a"))

    assert first.session_id == again[0].session_id
    assert first.session_id.startswith("t-")
    assert other_student.session_id != first.session_id
    assert other_text[0].session_id != first.session_id


def test_given_session_id_is_used() -> None:
    defaults = TranscriptDefaults(student_id="a", session_id="lesson-7")

    assert parse_payload("Tutor: Hi", defaults=defaults)[0].session_id == "lesson-7"


@pytest.mark.parametrize("field", ["started_at", "ended_at"])
def test_naive_time_is_refused_without_naming_a_missing_cli_option(field: str) -> None:
    defaults = TranscriptDefaults(student_id="a", **{field: datetime(2025, 3, 1, 16, 0)})

    with pytest.raises(InputError) as caught:
        parse_payload("Tutor: Hi", defaults=defaults)

    assert str(caught.value).startswith(
        f"<input>: {field}: {field} 2025-03-01T16:00:00 has no timezone"
    )
    assert "--started-at" not in str(caught.value)


def test_load_file_ends_a_transcript_at_the_file_time(tmp_path: Path) -> None:
    path = tmp_path / "lesson.txt"
    path.write_text("[00:00] Tutor: Hi\n[00:30] Student: Hello", encoding="utf-8")
    saved = STARTED + timedelta(seconds=30.4)
    os.utime(path, (saved.timestamp(), saved.timestamp()))

    [session] = load_file(path, defaults=TranscriptDefaults(student_id="s"))

    assert session.ended_at == saved
    assert session.started_at == STARTED  # the file time minus 30 s + 1 word at 150 wpm


def test_load_file_keeps_a_given_start(tmp_path: Path) -> None:
    path = tmp_path / "lesson.txt"
    path.write_text("[00:00] Tutor: Hi\n[00:30] Student: Hello", encoding="utf-8")

    [session] = load_file(path, defaults=TranscriptDefaults(student_id="s", started_at=STARTED))

    assert session.started_at == STARTED


def test_transcript_without_any_time_ends_now() -> None:
    before = datetime.now(UTC)
    [session] = parse_payload(
        "Tutor: " + "word " * 150, defaults=TranscriptDefaults(student_id="s")
    )

    assert before <= session.ended_at <= datetime.now(UTC)
    assert session.ended_at - session.started_at == timedelta(minutes=1)


def test_plain_transcript_with_an_unknown_student_label_gives_the_student_the_turns() -> None:
    text = "Tutor: What is 6 times 7?\nLeo: 42\nTutor: Correct!"

    [session] = parse_payload(text, defaults=TranscriptDefaults(student_id="leo-7"))

    assert [(t.speaker, t.text) for t in session.turns] == [
        ("tutor", "What is 6 times 7?"),
        ("student", "42"),
        ("tutor", "Correct!"),
    ]


def test_plain_transcript_with_two_unknown_speakers_suggests_student_name() -> None:
    text = "Tutor: Hi both.\nLeo: Hi.\nSam: Hello."

    with pytest.raises(InputError) as caught:
        parse_payload(text, defaults=TranscriptDefaults(student_id="s"), source="lesson.txt")

    message = str(caught.value)
    assert message.startswith("lesson.txt: line 2: unknown speakers 'Leo' (line 2), 'Sam' (line 3)")
    assert "pass --student-name NAME" in message
    assert "people" not in message  # a plain transcript cannot set people


def test_plain_transcript_with_a_wrong_student_name_suggests_student_name() -> None:
    defaults = TranscriptDefaults(student_id="s", student_name="Leonardo")

    with pytest.raises(InputError) as caught:
        parse_payload("Tutor: Hi.\nLeo: Hi.", defaults=defaults)

    message = str(caught.value)
    assert message.startswith("<input>: line 2: unknown speaker 'Leo' (line 2): neither the")
    assert "pass --student-name NAME" in message
    assert "people" not in message


def test_load_file_reads_vapi_and_sessions(tmp_path: Path) -> None:
    vapi = load_file(FIXTURES / "vapi_multiplication_report.json")
    generic = load_file(FIXTURES / "sessions.jsonl")

    assert [s.platform for s in vapi] == ["vapi"]
    assert [s.session_id for s in generic] == ["web-2025-03-03-001", "web-2025-03-05-002"]


def test_an_array_may_mix_vapi_reports_and_sessions() -> None:
    report = json.loads((FIXTURES / "vapi_multiplication_report.json").read_text("utf-8"))
    session = json.loads((FIXTURES / "sessions.jsonl").read_text("utf-8").splitlines()[0])

    sessions = parse_payload(json.dumps([session, report]))

    assert [s.platform for s in sessions] == ["web", "vapi"]


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope.json: no such file; check the path"):
        load_file(tmp_path / "nope.json")
    with pytest.raises(InputError, match=r"is not a regular file"):
        load_file(tmp_path)


def test_format_can_be_forced_and_unknown_formats_are_refused() -> None:
    data = json.dumps({"session_id": "x"})

    with pytest.raises(InputError, match="not a Vapi server message"):
        parse_payload(data, format="vapi")
    with pytest.raises(InputError, match=r"line 1: unknown speaker|must start with a speaker"):
        parse_payload(data, format="transcript", defaults=TranscriptDefaults(student_id="s"))
    with pytest.raises(
        InputError, match=r"unknown format 'csv'; use one of session, vapi, transcript"
    ):
        parse_payload(data, format="csv")  # type: ignore[arg-type]


def test_timestamped_transcript_starting_with_a_bracket_is_read_as_text() -> None:
    [session] = parse_payload(
        "[00:01] Tutor: Hi\n[00:03] Student: Hello", defaults=TranscriptDefaults(student_id="s")
    )

    assert [t.start_s for t in session.turns] == [1.0, 3.0]
