"""The redactor as a whole: offsets, overlaps, and a realistic turn."""

from __future__ import annotations

from afterclass.models import Person
from afterclass.privacy import Redactor, Span

MAYA = Person(name="Maya Lopez", role="student")


def test_span_offsets_index_the_original_text_end_exclusive() -> None:
    text = "Hi Maya! Email me at dan@x.org or call 512-555-0199."
    redaction = Redactor(known_people=[MAYA]).redact(text)
    assert redaction.spans == (
        Span(3, 7, "PERSON", "[STUDENT]"),
        Span(21, 30, "EMAIL", "[EMAIL_1]"),
        Span(39, 51, "PHONE", "[PHONE_1]"),
    )
    assert [text[s.start : s.end] for s in redaction.spans] == ["Maya", "dan@x.org", "512-555-0199"]
    assert redaction.text == "Hi [STUDENT]! Email me at [EMAIL_1] or call [PHONE_1]."


def test_the_longest_find_wins_and_a_known_name_inside_it_goes_with_it() -> None:
    text = "write to maya.lopez@gmail.com"
    assert Redactor(known_people=[MAYA]).redact(text).text == "write to [EMAIL_1]"


def test_a_school_named_after_someone_is_one_school() -> None:
    assert Redactor().redact("I go to Lincoln Elementary").text == "I go to [SCHOOL_1]"


def test_a_known_name_partly_covered_by_another_find_still_goes() -> None:
    zoe = Person(name="Zoe", role="student")
    redaction = Redactor(known_people=[zoe]).redact("zoe@ and Zoe")
    assert "Zoe" not in redaction.text and "zoe" not in redaction.text


def test_a_whole_tutoring_turn() -> None:
    text = (
        "my brother jake said Maya's answer was 3x + 12 = 27. i live at 42 maple st in Austin, "
        "my mom's number is (512) 555-0199 and I go to Lincoln Elementary."
    )
    assert Redactor(known_people=[MAYA]).redact(text).text == (
        "my brother [PERSON_1] said [STUDENT]'s answer was 3x + 12 = 27. "
        "i live at [ADDRESS_1] in Austin, "
        "my mom's number is [PHONE_1] and I go to [SCHOOL_1]."
    )
