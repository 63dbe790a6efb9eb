"""Phone numbers: validated by phonenumbers per region, written or said."""

from __future__ import annotations

import pytest

from afterclass.privacy.phones import PhoneRecognizer
from afterclass.privacy.redactor import phone_regions

from .helpers import found, redact


@pytest.mark.parametrize(
    "number",
    ["(512) 555-0199", "512-555-0199", "512.555.0199", "+1 512 555 0199", "+44 7700 900123"],
)
def test_written_us_and_international_numbers(number: str) -> None:
    assert found(f"call my mom at {number} tonight") == [(number, "PHONE")]


def test_formatted_us_numbers_need_no_context_but_bare_digits_do() -> None:
    assert found("512-555-0199 is the one") == [("512-555-0199", "PHONE")]
    assert found("5125550199 is a big number") == []
    assert found("my cell is 5125550199") == [("5125550199", "PHONE")]


def test_local_and_said_numbers_after_context() -> None:
    assert found("tel: 867-5309") == [("867-5309", "PHONE")]
    said = "five one two, five five five, zero one nine nine"
    assert found(f"my mom's number is {said}.") == [(said, "PHONE")]


def test_counting_out_loud_is_not_a_phone() -> None:
    assert found("one two three four five six seven eight, good counting") == []


@pytest.mark.parametrize(
    ("text", "number", "region"),
    [
        ("mi número es 612 34 56 78", "612 34 56 78", "ES"),
        ("llámame al 912 345 678", "912 345 678", "ES"),
        ("el celular de mi mamá es 55 1234 5678", "55 1234 5678", "MX"),
        ("whatsapp +52 55 1234 5678", "+52 55 1234 5678", "MX"),
    ],
)
def test_spanish_and_mexican_numbers(text: str, number: str, region: str) -> None:
    assert (number, "PHONE") in found(text, language="es")
    recognizer = PhoneRecognizer([region])
    assert {text[c.start : c.end] for c in recognizer.find(text)} == {number}


def test_regions_try_the_sessions_own_plan_first() -> None:
    assert phone_regions("es", "MX") == ("MX", "ES", "US")
    assert phone_regions("en", "US") == ("US",)


def test_arithmetic_and_timestamps_are_not_phones() -> None:
    for text in (
        "what is 415 237 8899 plus 2?",
        "On 2018-01-14 03:07:43 we met",
        "1234567890 / 10",
    ):
        assert redact(text) == text
