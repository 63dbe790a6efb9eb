"""Digits said as words, as voice transcripts write them: "five one two, five five five ...".

A run of spoken digits is personal data only after words that say so ("my number is",
"student id"), so callers look for runs right after such context, never elsewhere: "one, two,
three, four" is counting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
}  # fmt: skip
_WORD = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
_DIGIT = rf"(?:\d|(?:{_WORD})\b)"
SPOKEN_RUN = re.compile(
    rf"{_DIGIT}(?:(?:[\s,.\-]|\b(?:dash|guion|guión)\b)*{_DIGIT})*",
    re.IGNORECASE,
)
_TOKEN = re.compile(rf"\d|\b(?:{_WORD})\b", re.IGNORECASE)


@dataclass(frozen=True)
class DigitRun:
    start: int
    end: int
    digits: str


def digit_run_at(text: str, pos: int, *, min_digits: int) -> DigitRun | None:
    """The run of digits (figures or words) starting at ``pos``, if it holds ``min_digits``."""
    match = SPOKEN_RUN.match(text, pos)
    if match is None:
        return None
    digits = "".join(
        token if token.isdigit() else _DIGIT_WORDS[token.lower()]
        for token in _TOKEN.findall(match.group())
    )
    if len(digits) < min_digits:
        return None
    return DigitRun(match.start(), match.end(), digits)
