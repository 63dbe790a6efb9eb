"""Plain transcripts: labels, names, continuation lines, timestamps, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterclass.errors import InputError
from afterclass.ingest import parse_transcript
from afterclass.models import Person

FIXTURES = Path(__file__).parent / "fixtures"
LEO = Person(name="Leo Marchetti", role="student")


def test_fixture_session_turns_have_speakers_text_and_times() -> None:
    text = (FIXTURES / "fractions_session.txt").read_text(encoding="utf-8")

    turns = parse_transcript(text, known=[LEO])

    assert [t.speaker for t in turns] == ["tutor", "student"] * 6 + ["tutor"]
    assert turns[1].text == "I guess. Fractions are kind of confusing."
    assert turns[3].start_s == 21.0
    assert turns[-1].start_s == 96.0
    assert turns[-2].text == "Because the pieces have to be the same size before you count them."


def test_continuation_lines_join_the_turn_before_them() -> None:
    text = (FIXTURES / "fractions_session.txt").read_text(encoding="utf-8")

    turns = parse_transcript(text, known=[LEO])

    assert turns[4].text.endswith("\nHint: think about cutting each third in half.")
    assert turns[9].text == (
        "Two fifths is four tenths, so four tenths plus one tenth is five tenths.\n"
        "Which is one half again. Weird."
    )


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("Tutor", "tutor"),
        ("TEACHER", "tutor"),
        ("ai", "tutor"),
        ("Assistant", "tutor"),
        ("Bot", "tutor"),
        ("student", "student"),
        ("Learner", "student"),
        ("User", "student"),
        ("Kid", "student"),
        ("Child", "student"),
        ("System", "system"),
        ("Mom", "system"),
    ],
)
def test_common_labels_case_insensitive(label: str, speaker: str) -> None:
    turns = parse_transcript(f"Tutor: Hello.\n{label}: Something to say.")

    assert turns[1].speaker == speaker
    assert turns[1].text == "Something to say."


def test_names_of_known_people_are_labels() -> None:
    known = [
        Person(name="Maya Thompson", aliases=["Mayita"], role="student"),
        Person(name="Ms. Rivera", role="tutor"),
        Person(name="Jordan Thompson", role="sibling"),
    ]
    text = (
        "Ms. Rivera: What is 7 times 8?\n"
        "maya: 54?\n"
        "MAYA THOMPSON: No wait, 56.\n"
        "Mayita: I remember now.\n"
        "Jordan: She always forgets that one.\n"
        "Rivera: Which fact helped?"
    )

    turns = parse_transcript(text, known=known)

    speakers = ["tutor", "student", "student", "student", "system", "tutor"]
    assert [t.speaker for t in turns] == speakers
    assert turns[4].text == "She always forgets that one."  # Jordan is a sibling: not the student
    assert turns[5].text == "Which fact helped?"  # "Rivera": the name without the title


def test_student_name_wins_over_a_standard_label_and_other_people() -> None:
    known = [Person(name="Sam Lee", role="parent"), Person(name="Sam Ortiz", role="student")]

    turns = parse_transcript("Tutor: Hi.\nSam: Hi!", known=known)

    assert turns[1].speaker == "student"


def test_timestamps_in_all_forms() -> None:
    text = (
        "[00:05] Tutor: one\n"
        "(01:02:03) Student: two\n"
        "[1:02:04.5] Tutor: three\n"
        "Student (1:03:00): four"
    )

    turns = parse_transcript(text)

    assert [t.start_s for t in turns] == [5.0, 3723.0, 3724.5, 3780.0]


def test_untimed_lines_have_no_start_and_ratios_are_not_labels() -> None:
    turns = parse_transcript("Tutor: Write 3:4 as a fraction.\nStudent: 3/4")

    assert turns[0].text == "Write 3:4 as a fraction."
    assert turns[0].start_s is None


def test_empty_turns_and_blank_lines_are_dropped() -> None:
    turns = parse_transcript("Tutor: Ready?\n\n\nStudent:\nTutor: Let's begin.")

    assert [(t.speaker, t.text) for t in turns] == [("tutor", "Ready?"), ("tutor", "Let's begin.")]


def test_first_line_without_a_label_is_an_error_naming_the_line() -> None:
    with pytest.raises(InputError, match=r"line 2: the transcript must start with a speaker label"):
        parse_transcript("\nHello there\nTutor: hi", source="lesson.txt")


def test_relatives_speak_as_system() -> None:
    turns = parse_transcript("Grandpa: Hi there.\nTutor: Hello!\nLeo: Hi.")

    assert [t.speaker for t in turns] == ["system", "tutor", "student"]


def test_an_unknown_speaker_next_to_the_tutor_is_the_student() -> None:
    text = "Tutor: What is 6 times 7?\nLeo: 42\nTutor: Correct! What is 8 times 4?\nLeo: 36"

    turns = parse_transcript(text)

    assert [(t.speaker, t.text) for t in turns] == [
        ("tutor", "What is 6 times 7?"),
        ("student", "42"),
        ("tutor", "Correct! What is 8 times 4?"),
        ("student", "36"),
    ]


def test_fixture_without_the_student_name_gives_leo_his_own_turns() -> None:
    text = (FIXTURES / "fractions_session.txt").read_text(encoding="utf-8")

    turns = parse_transcript(text)

    assert turns == parse_transcript(text, known=[LEO])


@pytest.mark.parametrize(
    "line",
    [
        "Hint: think about halves.",
        "Step 1: cut it in half.",
        "Note: the pieces must be equal.",
        "Answer: 56",
        "Example: 3/6 is 1/2.",
        "Final Answer: 56",
        "NOTE: read it twice.",
        "The rule: same denominator.",
        "Great job: you did it.",
        "Q: and then?",
        "10:30 is when we stop.",
        "Meet at 10:30 tomorrow.",
        "So: what do we get?",
    ],
)
def test_lines_that_are_not_speakers_continue_the_turn(line: str) -> None:
    turns = parse_transcript(f"Tutor: Look.\n{line}\nStudent: Okay.")

    assert [(t.speaker, t.text) for t in turns] == [
        ("tutor", f"Look.\n{line}"),
        ("student", "Okay."),
    ]


def test_two_unknown_speakers_are_an_error_naming_both() -> None:
    text = "Tutor: Hi both.\nLeo: Hi.\nSam: Hello.\nLeo: 42"

    with pytest.raises(InputError) as caught:
        parse_transcript(text, source="lesson.txt")

    message = str(caught.value)
    assert message.startswith(
        "lesson.txt: line 2: unknown speakers 'Leo' (line 2), 'Sam' (line 3): "
        "cannot tell who the student is; give the student's name in 'student.name'"
    )
    assert "'people'" in message


def test_an_unknown_speaker_without_a_tutor_label_is_an_error() -> None:
    with pytest.raises(InputError, match=r"line 2: unknown speaker 'Ms. Rivera' \(line 2\)"):
        parse_transcript("Student: Hi.\nMs. Rivera: Hello.")


def test_an_unknown_speaker_besides_the_named_student_is_an_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_transcript("Tutor: Hi.\nLeo: Hi.\nSam: Me too.", known=[LEO])

    assert "line 3: unknown speaker 'Sam' (line 3): neither the student's name" in str(caught.value)


def test_first_line_with_a_label_that_is_no_speaker_is_an_error() -> None:
    with pytest.raises(InputError, match=r"line 1: 'Hint' is not a speaker label; the transcript"):
        parse_transcript("Hint: start here\nTutor: hi", source="lesson.txt")


@pytest.mark.parametrize("label", ["**Tutor**:", "**Tutor:**", "__Tutor__:", "*Tutor*:"])
def test_markdown_bold_labels(label: str) -> None:
    turns = parse_transcript(f"{label} Hello.\n**Student:** Hi.")

    assert [(t.speaker, t.text) for t in turns] == [("tutor", "Hello."), ("student", "Hi.")]


def test_timestamp_going_back_is_an_error() -> None:
    with pytest.raises(InputError, match=r"line 2: timestamp 5s is earlier than the one on line 1"):
        parse_transcript("[00:10] Tutor: a\n[00:05] Student: b")


def test_malformed_timestamp_is_an_error() -> None:
    with pytest.raises(InputError, match=r"line 1: timestamp '00:75' is not mm:ss"):
        parse_transcript("[00:75] Tutor: a")


def test_transcript_without_any_text_is_an_error() -> None:
    with pytest.raises(InputError, match="the transcript has no turns"):
        parse_transcript("Tutor:\nStudent:   \n", source="empty.txt")
