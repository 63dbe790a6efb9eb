"""Emails, URLs, handles, IP addresses, identity numbers and dates of birth."""

from __future__ import annotations

import pytest

from afterclass.privacy.ids import dni_valid, iban_valid, luhn_valid

from .helpers import found, redact


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my email is maya.lopez2013@gmail.com ok", "maya.lopez2013@gmail.com"),
        ("write to TEACHER+math@School.Org.", "TEACHER+math@School.Org"),
        ("my email is jake brown at gmail dot com", "jake brown at gmail dot com"),
        ("it's coolkid99 at yahoo dot com", "coolkid99 at yahoo dot com"),
        (
            "mi correo es sofi punto r arroba hotmail punto com",
            "sofi punto r arroba hotmail punto com",
        ),
    ],
)
def test_emails_written_or_said(text: str, value: str) -> None:
    assert (value, "EMAIL") in found(text)


def test_urls_and_handles_but_not_public_learning_sites() -> None:
    text = (
        "see https://example.org/maya?x=1, lopezfamily.net and youtube.com/@mayaplays; "
        "follow @maya_plays. my roblox username is CoolKid2012. I use khanacademy.org and "
        "desmos.com."
    )
    assert found(text) == [
        ("https://example.org/maya?x=1", "URL"),
        ("lopezfamily.net", "URL"),
        ("youtube.com/@mayaplays", "URL"),
        ("@maya_plays", "HANDLE"),
        ("CoolKid2012", "HANDLE"),
    ]


def test_ip_addresses_but_not_section_numbers_or_times() -> None:
    text = "my ip is 192.168.1.20 or fe80::1ff:fe23:4567:890a; see section 1.2.3.4 at 10:30:15"
    assert found(text) == [("192.168.1.20", "IP"), ("fe80::1ff:fe23:4567:890a", "IP")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my SSN is 460-89-9847", "460-89-9847"),
        ("social security number 460899847", "460899847"),
        ("card 4111 1111 1111 1111 please", "4111 1111 1111 1111"),
        ("my IBAN is ES91 2100 0418 4502 0005 1332", "ES91 2100 0418 4502 0005 1332"),
        ("mi DNI es 12345678Z", "12345678Z"),
        ("NIE X1234567L", "X1234567L"),
        ("CURP GOMA050512HDFRRN09", "GOMA050512HDFRRN09"),
        ("my student id is S20481234", "S20481234"),
        ("my lunch number is 48213", "48213"),
        ("my student number is four five six seven eight", "four five six seven eight"),
        ("mi matrícula es A01234567", "A01234567"),
    ],
)
def test_identity_numbers(text: str, value: str) -> None:
    assert (value, "ID") in found(text)


def test_numbers_that_fail_their_checksum_are_not_ids() -> None:
    assert found("4111 1111 1111 1112 and 12345678A and 000-12-3456") == []


def test_checksums() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("GB82WEST12345698765432") and not iban_valid("GB82WEST12345698765433")
    assert dni_valid("", "12345678", "Z") and not dni_valid("", "12345678", "A")
    assert dni_valid("X", "1234567", "L")


def test_the_word_student_in_a_speaker_label_is_not_an_id_context() -> None:
    assert found("Student: 1,000,000\nStudent: 0.3, 0.305") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my birthday is May 5th", "May 5th"),
        ("I was born on 05/14/2013.", "05/14/2013"),
        ("DOB: 2013-05-14", "2013-05-14"),
        ("born in 2012", "2012"),
        ("mi cumpleaños es el 5 de mayo", "5 de mayo"),
        ("nací el 14 de junio de 2013", "14 de junio de 2013"),
        ("my birthday is on the 3rd of March, 2014", "the 3rd of March, 2014"),
    ],
)
def test_dates_of_birth(text: str, value: str) -> None:
    assert found(text) == [(value, "DATE")]


def test_dates_and_times_that_are_not_birth_dates_stay() -> None:
    text = "On March 3rd we meet at 3:45; it is 3/4 of the pie; see you Monday"
    assert redact(text) == text
