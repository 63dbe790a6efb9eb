"""Stable pseudonyms: the same person or value gets the same tag across a session."""

from __future__ import annotations

import pytest

from afterclass.errors import InputError
from afterclass.models import Person
from afterclass.privacy import Pseudonyms, Redactor


def test_tags_are_numbered_per_type_in_order_of_appearance() -> None:
    names = Pseudonyms()
    assert names.tag_for("PERSON", "Zeke") == "[PERSON_1]"
    assert names.tag_for("EMAIL", "a@b.com") == "[EMAIL_1]"
    assert names.tag_for("PERSON", "Imani") == "[PERSON_2]"
    assert names.tag_for("EMAIL", "A@B.COM") == "[EMAIL_1]"
    assert names.mapping() == {"[PERSON_1]": "Zeke", "[EMAIL_1]": "a@b.com", "[PERSON_2]": "Imani"}


def test_names_match_without_case_accents_or_possessive_and_parts_link_to_the_whole() -> None:
    names = Pseudonyms()
    tag = names.tag_for("PERSON", "Sofía Kim")
    assert {names.tag_for("PERSON", v) for v in ("SOFIA KIM", "sofia's", "Kim", "Sofía")} == {tag}
    assert names.tag_for("PERSON", "Sofia Kim-Lee") == tag


def test_phone_numbers_match_whatever_their_format() -> None:
    names = Pseudonyms()
    assert names.tag_for("PHONE", "(512) 555-0199") == names.tag_for("PHONE", "+1 512.555.0199")


def test_the_student_and_the_first_tutor_have_fixed_tags() -> None:
    names = Pseudonyms()
    assert names.tag_for("STUDENT", "Maya Lopez", link=False) == "[STUDENT]"
    assert names.tag_for("TUTOR", "Dan Ortiz", link=False) == "[TUTOR]"
    assert names.tag_for("TUTOR", "Eve Park", link=False) == "[PERSON_1]"


def test_the_same_person_keeps_their_tag_across_turns() -> None:
    redactor = Redactor(known_people=[Person(name="Maya Lopez", role="student")])
    turns = ["my friend Zeke helped", "Maya asked Zeke", "zeke's dog and MAYA", "email zeke@x.com"]
    assert [redactor.redact(t).text for t in turns] == [
        "my friend [PERSON_1] helped",
        "[STUDENT] asked [PERSON_1]",
        "[PERSON_1]'s dog and [STUDENT]",
        "email [EMAIL_1]",
    ]


def test_a_stored_map_continues_with_fresh_numbers() -> None:
    names = Pseudonyms.from_mapping({"[STUDENT]": "Maya Lopez", "[PERSON_2]": "Zeke"})
    assert names.tag_for("PERSON", "zeke") == "[PERSON_2]"
    assert names.tag_for("PERSON", "Imani") == "[PERSON_3]"
    assert names.tag_for("PERSON", "maya") == "[STUDENT]"


def test_a_map_with_something_that_is_not_a_tag_is_refused() -> None:
    with pytest.raises(InputError, match="not a pseudonym tag"):
        Pseudonyms.from_mapping({"STUDENT": "Maya"})


def test_an_alias_needs_an_existing_tag() -> None:
    with pytest.raises(InputError, match="tag_for"):
        Pseudonyms().alias("[PERSON_9]", "PERSON", "Zeke")
