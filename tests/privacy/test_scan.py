"""Many texts redacted in one pass come out exactly as each alone, however the turns are cut,
and the quick word checks that let a pattern skip a text never skip a match."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from types import ModuleType

import pytest

from afterclass.models import Person
from afterclass.privacy import (
    Redactor,
    addresses,
    contexts,
    dates,
    ids,
    mathguard,
    online,
    persons,
    phones,
    schools,
)
from afterclass.privacy.folding import fold_text
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


def test_a_lesson_in_latin_letters_read_by_its_name_words_is_what_each_turn_gives_alone() -> None:
    """Where every letter folds as ``names.fold`` reads it, contexts such as "hi ___" and
    "I'm ___" read only the turns where a word that can start a name stands."""
    turns = [t for t in TURNS if not set(t) & set("ßªº") and all(ord(ch) < 0x100 for ch in t)]
    turns += ["i'm ty and this is bo", "thanks, Zorblax!", "hi ok yes right", "ok 3sofia"]
    assert Scan(turns).letter_runs() is not None and len("".join(turns)) > SHORT
    together, mapping = _all_at_once(turns)
    assert (together, mapping) == _one_by_one(turns)
    last = [text for text, _ in together[-4:]]
    assert all(f" {name}" not in " ".join(last) for name in ("ty", "bo", "Zorblax"))
    assert "sofia" not in last[3]
    assert last[2] == "hi ok yes right"


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
        for module in (addresses, contexts, dates, ids, mathguard, online, persons, phones, schools)
        for pattern in _patterns(module)
        if _scannable(pattern)
    ),
    *(context.pattern for context in contexts.contexts()),
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


def _said(rng: random.Random, name: str) -> str:
    """``name`` as a lesson may write it: cased, accented, spelled out, glued to other words."""
    part = rng.choice([name, *name.replace("-", " ").split()])
    part = rng.choice([part, part.upper(), part.lower(), part.replace("o", "ø"), part.title()])
    part = part.replace("a", rng.choice("aáÅ")).replace("s", rng.choice("sſ"))
    if rng.random() < 0.3:
        part = rng.choice(["-", ".", " ", ". "]).join(part.replace(" ", ""))
    return rng.choice(["", "_", "3", " ", "¡"]) + part + rng.choice(["", "'s", "s", "_", ".", "x"])


def test_the_words_read_from_names_never_skip_a_turn_that_names_them() -> None:
    """The words of a known name are read from the name, not from its pattern: every turn
    where the pattern finds the name is still searched, however the name is written there."""
    rng = random.Random(8)
    syllables = ["ma", "ya", "lo", "pez", "o'b", "ri", "en", "jo", "sé", "nu", "ñez", "ka", "fo"]
    for _ in range(150):
        parts = ["".join(rng.choices(syllables, k=rng.randint(1, 3))).title() for _ in range(2)]
        name = rng.choice([" ", "-", " de la "]).join(parts)
        recognizer = KnownPeopleRecognizer([KnownPerson(name, "STUDENT", (name,))])
        turns = [f"ok {_said(rng, name) if rng.random() < 0.5 else 'yes'} so" for _ in range(40)]
        scan = Scan([*turns, "filler " * (SHORT // 6)])
        found = [
            (scan.segment_of(c.start), c.value, c.end - c.start) for c in recognizer.find(scan)
        ]
        alone = [
            (i, c.value, c.end - c.start) for i, t in enumerate(turns) for c in recognizer.find(t)
        ]
        assert found == alone, name
        assert found  # the name is said in some turn


@pytest.mark.parametrize(
    ("pattern", "shape", "read"),
    [
        (ids._CARD, ids._CARD_SHAPE, fold_text),
        (ids._IBAN, ids._IBAN_SHAPE, fold_text),
        (online._IPV4, online._IPV4_SHAPE, str.lower),
        (online._DOMAIN, online._DOMAIN_SHAPE, str.lower),
    ],
)
def test_a_shape_finds_something_inside_every_match(
    pattern: re.Pattern[str], shape: re.Pattern[str], read: Callable[[str], str]
) -> None:
    rng = random.Random(5)
    alphabet = "0123456789 -.AbZx/٣"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 40)))
        for match in pattern.finditer(text + " x.com " + "GB82 WEST 1234 5698 7654 32"):
            assert shape.search(read(match.group())), match.group()


def test_seven_digits_are_found_in_every_phone_stretch_that_counts() -> None:
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice("0123456789٣ ().-+\t") for _ in range(rng.randint(5, 30)))
        for match in phones._STRETCH.finditer(text):
            if sum(ch.isdigit() for ch in match.group()) >= 7:
                assert phones._SEVEN_DIGITS.search(fold_text(match.group()))


def test_a_shape_find_running_into_the_next_text_does_not_hide_that_texts_own() -> None:
    """Folded, the separator of two texts is spaces: a run of digits can reach across it."""
    texts = ["call 12", "34567890", "filler " * (SHORT // 6)]
    scan = Scan(texts)
    found = [m.group() for m in scan.finditer(phones._STRETCH, folded_shape=phones._SEVEN_DIGITS)]
    assert found == [m.group() for text in texts for m in phones._STRETCH.finditer(text)]
    assert found == ["34567890"]


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
