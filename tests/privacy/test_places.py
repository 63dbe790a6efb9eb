"""Where someone lives and learns: addresses, towns said as home, schools."""

from __future__ import annotations

import pytest

from .helpers import found, redact


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "I live at 1420 Maple Street, Apt 4B, Austin, TX 78701.",
            "1420 Maple Street, Apt 4B, Austin, TX 78701",
        ),
        ("i live at 42 maple st with my mom", "42 maple st"),
        ("send it to 55 W 3rd St #2, New York, NY 10001", "55 W 3rd St #2, New York, NY 10001"),
        ("my address is 9 oak lane", "9 oak lane"),
        ("vivo en la Calle Mayor 12, 3º B", "Calle Mayor 12, 3º B"),
        ("Av. Reforma 222", "Av. Reforma 222"),
        ("Address: 6750 Koskikatu 25", "6750 Koskikatu 25"),
    ],
)
def test_street_addresses(text: str, value: str) -> None:
    assert (value, "ADDRESS") in found(text)


def test_a_street_in_a_word_problem_without_a_number_stays() -> None:
    text = "A boy walks 3 miles along Oak Street to the park."
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I live in Austin", "Austin"),
        ("we moved to San Antonio last year", "San Antonio"),
        ("i'm from el paso", "el paso"),
        ("we live in the city of Dallas, TX", "Dallas, TX"),
        ("vivo en Monterrey", "Monterrey"),
        ("soy de méxico", "méxico"),
    ],
)
def test_towns_said_as_home(text: str, value: str) -> None:
    assert found(text) == [(value, "PLACE")]


@pytest.mark.parametrize(
    "text",
    [
        "i live in a small town",
        "soy de quinto grado",
        "it comes from multiplying",
        "we moved to the next problem",
        "a train leaves Chicago at 3:00",
    ],
)
def test_phrases_that_are_not_a_home(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("I go to Lincoln Elementary.", "Lincoln Elementary"),
        ("at Roosevelt Middle School we", "Roosevelt Middle School"),
        ("Oak Ridge Academy is big", "Oak Ridge Academy"),
        ("Austin ISD said", "Austin ISD"),
        ("St. Mary's Academy", "St. Mary's Academy"),
        ("i go to lincoln elementary", "lincoln elementary"),
        ("voy a la Escuela Primaria Benito Juárez", "Escuela Primaria Benito Juárez"),
        ("el Colegio San José", "Colegio San José"),
        ("IES Cervantes", "IES Cervantes"),
    ],
)
def test_schools(text: str, school: str) -> None:
    assert (school, "SCHOOL") in found(text)


def test_generic_school_words_and_platforms_are_not_schools() -> None:
    text = (
        "I'm in middle school. My High School. Summer School. Khan Academy helps. High school math."
    )
    assert redact(text) == text
