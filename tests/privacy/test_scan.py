"""Many texts redacted in one pass come out exactly as each alone, however the turns are cut,
and the quick word checks that let a pattern skip a text never skip a match."""

from __future__ import annotations

import random
import re
from types import ModuleType

import pytest

from afterclass.models import Person
from afterclass.privacy import (
    Redactor,
    addresses,
    dates,
    ids,
    mathguard,
    online,
    persons,
    phones,
    schools,
)
from afterclass.privacy.known import KnownPeopleRecognizer, KnownPerson
from afterclass.privacy.scan import SHORT, Scan, lower_case, lower_case_twin

ALL_CHARACTERS = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
PEOPLE = [
    Person(name="Maya Lopez", aliases=["Mayita"], role="student"),
    Person(name="Daniel Ortiz", role="tutor"),
    Person(name="Al Stone", role="parent"),
]

#: A lesson with every kind of personal data the recognizers know, said the ways people say it.
TURNS = [
    "Hi Maya! Ready for fractions? What is 3/4 + 1/8?",
    "hi mr ortiz. my mom Rosa says hi, her email is rosa.chen@mail.com",
    "Mayita is my nickname and my friend Zeke is here. M-A-Y-A is how you spell it",
    "my phone is 512-555-0199 and my dad's cell is (512) 555 0143 office",
    "call me at five one two five five five zero one nine nine",
    "my student id is 48213 and my ssn is 123-45-6789, the card is 4111 1111 1111 1111",
    "mi número es 612 345 678, vivo en Calle Mayor 12, 3º B, Sevilla",
    "I live at 1420 Maple Street, Apt 4B, Austin, TX 78701 with my grandma",
    "Address:\n42 Oak Avenue",
    "I was born on May 5, 2013 and my birthday is 05/14/2013",
    "I go to Lincoln Elementary and my brother goes to Roosevelt Middle School",
    "my roblox username is maya_plays99, follow me @maya_mbe14 on insta",
    "my website is https://maya-lopez.dev/portfolio and maya.example.org too",
    "the server is at 192.168.10.42 or fe80::1ff:fe23:4567:890a",
    "Great job, Leo! Thanks, Sofia. Okay Noah, next: 12 times 12 is 144.",
    "Coach Taylor and Ms. Nguyen said Dr. Patel is nice; Al came too, al final",
    "Kenji: can we use the Pythagorean Theorem here?",
    "Let's use Euler's formula and Pascal's triangle, like on Khan Academy.",
    "555-1234 + 20 = 555-1254, and times 4,096 is a lot",
    "mi amiga Lucía dijo que su correo es lucia arroba gmail punto com",
    "IBAN ES91 2100 0418 4502 0005 1332 and DNI 12345678Z, NIE X1234567L",
    "CURP GODE561231HDFRRN09 y mi teléfono +52 55 1234 5678",
    "I'm from Monterrey and we moved to San Antonio; I'm Pascal's fan",
    "my email is maya lopez at gmail dot com",
    "My name is İrem and my friend's is Jürgen Weiß, call me maybe",
    "DOB: 2013-05-14. passport number X12345678",
    "Student: 35 + 0.10t",
    "¡Hola Zorblax! ¿Cómo estás?—bien, gracias…Quilliam",
    "ok",
    "",
    "the answer is 7",
]


def _redactor() -> Redactor:
    return Redactor(known_people=PEOPLE)


def _one_by_one(texts: list[str]) -> tuple[list[tuple[str, object]], dict[str, str]]:
    redactor = _redactor()
    redactions = [redactor.redact(text) for text in texts]
    return [(r.text, r.spans) for r in redactions], redactor.pseudonyms.mapping()


def _all_at_once(texts: list[str]) -> tuple[list[tuple[str, object]], dict[str, str]]:
    redactor = _redactor()
    redactions = redactor.redact_all(texts)
    return [(r.text, r.spans) for r in redactions], redactor.pseudonyms.mapping()


def test_a_lesson_redacted_in_one_pass_is_what_each_turn_gives_alone() -> None:
    assert len("".join(TURNS)) > SHORT  # long enough for the word checks to be used
    together, mapping = _all_at_once(TURNS)
    assert (together, mapping) == _one_by_one(TURNS)
    assert together[1][0] == ("hi mr [TUTOR]. my mom [PERSON_2] says hi, her email is [EMAIL_1]")


@pytest.mark.parametrize("words_per_turn", [1, 2, 3, 5])
def test_no_find_reaches_across_turns_however_they_are_cut(words_per_turn: int) -> None:
    """A turn ending in "my phone is" does not make the next turn's number a phone."""
    words = " ".join(TURNS).split(" ")
    turns = [" ".join(words[i : i + words_per_turn]) for i in range(0, len(words), words_per_turn)]
    assert _all_at_once(turns) == _one_by_one(turns)


def _patterns(module: ModuleType) -> list[re.Pattern[str]]:
    return [value for value in vars(module).values() if isinstance(value, re.Pattern)]


def _scannable(pattern: re.Pattern[str]) -> bool:
    """Not tied to the start of the whole string (such patterns only read slices)."""
    source = re.sub(r"\\.", "", pattern.pattern)
    return "^" not in source.replace("[^", "") or bool(pattern.flags & re.M)


PATTERNS = [
    *(
        pattern
        for module in (addresses, dates, ids, mathguard, online, persons, phones, schools)
        for pattern in _patterns(module)
        if _scannable(pattern)
    ),
    *(context.pattern for context in persons._contexts()),
]


def _per_text(pattern: re.Pattern[str], texts: list[str]) -> list[tuple[int, int, int]]:
    return [(i, *m.span()) for i, text in enumerate(texts) for m in pattern.finditer(text)]


def _scanned(scan: Scan, found: list[re.Match[str]]) -> list[tuple[int, int, int]]:
    spans = []
    for match in found:
        segment = scan.segment_of(match.start())
        offset = scan.starts[segment]
        spans.append((segment, match.start() - offset, match.end() - offset))
    return spans


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_every_recognizer_pattern_finds_in_a_scan_what_it_finds_text_by_text(
    pattern: re.Pattern[str],
) -> None:
    scan = Scan(TURNS)
    expected = _per_text(pattern, TURNS)
    assert _scanned(scan, list(scan.finditer(pattern))) == expected
    if pattern.flags & re.IGNORECASE:
        assert _scanned(scan, list(scan.finditer(pattern, caseless=True))) == expected


def test_the_known_names_pattern_finds_in_a_scan_what_it_finds_text_by_text() -> None:
    people = [
        KnownPerson("Maya Lopez", "STUDENT", ("Maya Lopez", "Mayita")),
        KnownPerson("Al Stone", "PERSON", ("Al Stone",)),
    ]
    recognizer = KnownPeopleRecognizer(people)
    scan = Scan(TURNS)
    found = [(scan.segment_of(c.start), c.value) for c in recognizer.find(scan)]
    alone = [(i, c.value) for i, text in enumerate(TURNS) for c in recognizer.find(text)]
    assert found == alone
    assert (2, "Maya Lopez") in found  # "M-A-Y-A"


@pytest.mark.parametrize(
    ("pattern", "shape"),
    [
        (ids._CARD, ids._CARD_SHAPE),
        (ids._IBAN, ids._IBAN_SHAPE),
        (online._IPV4, online._IPV4_SHAPE),
        (online._DOMAIN, online._DOMAIN_SHAPE),
    ],
)
def test_a_shape_finds_something_inside_every_match(
    pattern: re.Pattern[str], shape: re.Pattern[str]
) -> None:
    rng = random.Random(5)
    alphabet = "0123456789 -.AbZx/"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 40)))
        for match in pattern.finditer(text + " x.com " + "GB82 WEST 1234 5698 7654 32"):
            assert shape.search(match.group().lower()), match.group()


def test_seven_digits_are_found_in_every_phone_stretch_that_counts() -> None:
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice("0123456789 ().-+\t") for _ in range(rng.randint(5, 30)))
        for match in phones._STRETCH.finditer(text):
            if sum(ch.isdigit() for ch in match.group()) >= 7:
                assert phones._SEVEN_DIGITS.search(match.group())


def test_a_session_of_short_texts_and_one_short_text_agree() -> None:
    texts = ["call me", "512 555 0199", "my name is", "Zeke"]
    assert _all_at_once(texts) == _one_by_one(texts)
    assert _all_at_once(texts)[0][1][0] == "[PHONE_1]"


def test_lower_case_keeps_words_spaces_and_digits_where_they_were() -> None:
    lowered = lower_case(ALL_CHARACTERS)
    assert lowered is not None and len(lowered) == len(ALL_CHARACTERS)
    pattern = re.compile(r"\w|\s|\d")
    for ch, low in zip(ALL_CHARACTERS, lowered, strict=True):
        if ch != low:
            assert (ch.isalnum(), ch.isspace(), ch.isdecimal(), ch == "_") == (
                low.isalnum(),
                low.isspace(),
                low.isdecimal(),
                low == "_",
            ), ch
            assert bool(pattern.match(ch)) == bool(pattern.match(low))


@pytest.mark.parametrize("letter", [chr(code) for code in range(0x61, 0x7B)] + list("áéíóúñüç"))
def test_a_lower_case_twin_matches_the_same_characters(letter: str) -> None:
    pattern = re.compile(letter, re.IGNORECASE)
    twin = lower_case_twin(pattern)
    assert twin is not None
    lowered = lower_case(ALL_CHARACTERS)
    assert lowered is not None
    assert [m.start() for m in pattern.finditer(ALL_CHARACTERS)] == [
        m.start() for m in twin.finditer(lowered)
    ]


def test_a_pattern_with_a_capital_letter_has_no_twin() -> None:
    assert lower_case_twin(re.compile(r"\bMr\b", re.I)) is None
    assert lower_case_twin(re.compile(r"\bmr\b")) is None  # not case-insensitive
    assert lower_case_twin(re.compile(r"\x41", re.I)) is None
