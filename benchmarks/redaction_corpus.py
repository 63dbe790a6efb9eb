"""Tutoring dialogues with personal data inserted the ways children and tutors say it, and
math-tutoring talk with none, generated from our own templates (no text is copied from anywhere).

Every inserted value is labeled with its character span, so recall and precision can be measured.
The people, numbers and addresses are invented; phone numbers use the 555-01xx fiction range or
formats valid in the Spanish and Mexican plans.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import redaction_templates as t
from afterclass.models import Person

KNOWN = "KNOWN"


@dataclass
class Labeled:
    """One text with its personal data marked: (start, end, type); KNOWN marks known people."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    known: list[Person] = field(default_factory=list)
    language: str = "en"


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, text: str, type_: str | None = None) -> None:
        if type_ is not None and text:
            self.spans.append((self.size, self.size + len(text), type_))
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _phone(rng: random.Random) -> str:
    area, line = rng.choice(t.AREA_CODES), f"01{rng.randint(0, 99):02d}"
    forms = (
        f"({area}) 555-{line}",
        f"{area}-555-{line}",
        f"{area}.555.{line}",
        f"+1 {area} 555 {line}",
    )
    return rng.choice(forms)


def _said_digits(digits: str) -> str:
    return " ".join(t.DIGIT_WORDS[int(d)] for d in digits)


def _luhn_complete(prefix: str) -> str:
    for last in range(10):
        digits = prefix + str(last)
        total = 0
        for index, char in enumerate(reversed(digits)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise ValueError(prefix)


def _value(slot: str, rng: random.Random, first: str, last: str) -> str:
    street = f"{rng.randint(10, 9999)} {rng.choice(t.STREETS)} {rng.choice(t.SUFFIXES)}"
    local = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}"
    values = {
        "F": first, "L": last, "f": first.lower(), "l": last.lower(),
        "EMAIL": f"{local}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com', 'school.org'])}",
        "SAID_EMAIL": f"{first.lower()} {last.lower()} at gmail dot com",
        "PHONE": _phone(rng),
        "SAID_PHONE": _said_digits(f"{rng.choice(t.AREA_CODES)}55501{rng.randint(0, 99):02d}"),
        "PHONE_ES": f"6{rng.randint(10, 99)} " + " ".join(str(rng.randint(10, 99)) for _ in "abc"),
        "PHONE_MX": f"+52 55 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        "STREET": street + rng.choice(["", f", Apt {rng.randint(1, 30)}{rng.choice('ABC')}"]),
        "STREET_LOWER": street.lower(),
        "CALLE": f"Calle {rng.choice(['Mayor', 'Hidalgo', 'Morelos'])} {rng.randint(1, 200)}",
        "STUDENT_ID": f"{rng.choice(['', 'S', 'A0'])}{rng.randint(10_000_000, 99_999_999)}",
        "LUNCH": str(rng.randint(10_000, 99_999)),
        "SSN": f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        "CARD": " ".join(_chunks(_luhn_complete("4" + str(rng.randint(10**13, 10**14 - 1))))),
        "SCHOOL": rng.choice(t.SCHOOLS), "SCHOOL_LOWER": rng.choice(t.SCHOOLS[:2]).lower(),
        "ESCUELA": rng.choice(t.ESCUELAS),
        "CITY": rng.choice(t.CITIES), "CITY_LOWER": rng.choice(t.CITIES).lower(),
        "CITY_ES": rng.choice(t.CITIES_ES),
        "URL": f"youtube.com/@{first.lower()}plays{rng.randint(1, 99)}",
        "HANDLE": f"@{first.lower()}_{last.lower()[:3]}{rng.randint(1, 99)}",
        "GAMERTAG": f"{rng.choice(['Cool', 'Epic', 'Ninja'])}{first}{rng.randint(2009, 2016)}",
        "BIRTHDAY": f"{rng.choice(t.MONTHS)} {rng.randint(1, 28)}{rng.choice(['', 'th'])}",
        "DOB": f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2010, 2017)}",
        "CUMPLE": f"{rng.randint(1, 28)} de {rng.choice(t.MESES)}",
        "IP": f"192.168.{rng.randint(0, 9)}.{rng.randint(2, 250)}",
    }  # fmt: skip
    return values[slot]


def _chunks(digits: str) -> list[str]:
    return [digits[i : i + 4] for i in range(0, len(digits), 4)]


def _fill(template: str, builder: _Builder, rng: random.Random) -> None:
    first, last = rng.choice(t.FIRST), rng.choice(t.LAST)
    rest = template
    while "{" in rest:
        before, _, tail = rest.partition("{")
        slot, _, rest = tail.partition("}")
        name, _, type_ = slot.partition(":")
        builder.add(before)
        builder.add(_value(name, rng, first, last), type_)
    builder.add(rest)


def _known_forms(student: Person, tutor: Person) -> dict[str, str]:
    first, last = student.name.split()[0], student.name.split()[-1]
    tfirst, tlast = tutor.name.split()[0], tutor.name.split()[-1]
    alias = student.aliases[0] if student.aliases and len(student.aliases[0]) > 1 else first
    return {
        "KFIRST": first, "kfirst": first.lower(), "KFIRST_UPPER": first.upper(),
        "KLAST": last, "klast": last.lower(), "KFULL": student.name, "KALIAS": alias,
        "KSPELLED": "-".join(first.upper()), "TFIRST": tfirst, "tfirst": tfirst.lower(),
        "TLAST": tlast,
    }  # fmt: skip


def _fill_known(template: str, builder: _Builder, forms: dict[str, str]) -> None:
    rest = template
    while "{" in rest:
        before, _, tail = rest.partition("{")
        slot, _, rest = tail.partition("}")
        builder.add(before)
        builder.add(forms[slot], KNOWN)
    builder.add(rest)


def dialogue(rng: random.Random, *, language: str = "en", words: int = 1000) -> Labeled:
    """One tutoring session of about ``words`` words, with PII and known names inserted."""
    student_name, aliases = rng.choice(t.STUDENTS)
    student = Person(name=student_name, aliases=list(aliases), role="student")
    tutor = Person(name=rng.choice(t.TUTORS), role="tutor")
    forms = _known_forms(student, tutor)
    pii, known, math = (
        (t.PII_ES, t.KNOWN_ES, t.MATH_ES) if language == "es" else (t.PII_EN, t.KNOWN_EN, t.MATH_EN)
    )
    builder = _Builder()
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.18:
            builder.add("Student: ")
            _fill(rng.choice(pii), builder, rng)
            builder.add("\n")
        elif roll < 0.30:
            builder.add(rng.choice(["Student: ", "Tutor: "]))
            _fill_known(rng.choice(known), builder, forms)
            builder.add("\n")
        else:
            builder.add(rng.choice(math) + "\n")
        count = len(builder.text().split())
    return Labeled(builder.text(), builder.spans, [student, tutor], language)


def math_talk(rng: random.Random, *, language: str = "en", words: int = 1000) -> Labeled:
    """Ordinary math tutoring with no personal data at all."""
    lines = t.MATH_ES if language == "es" else t.MATH_EN
    text = ""
    while len(text.split()) < words:
        text += rng.choice(lines) + "\n"
    return Labeled(text, [], [], language)


def corpus(seed: int = 7) -> tuple[list[Labeled], list[Labeled]]:
    """(dialogues with PII, math talk without): 40 + 26 sessions of about 1,000 words."""
    rng = random.Random(seed)
    dialogues = [dialogue(rng) for _ in range(30)] + [
        dialogue(rng, language="es") for _ in range(10)
    ]
    clean = [math_talk(rng) for _ in range(20)] + [math_talk(rng, language="es") for _ in range(6)]
    return dialogues, clean
