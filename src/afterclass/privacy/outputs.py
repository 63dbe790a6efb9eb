"""Texts coming back: scanning an analysis for leaked originals, and re-identifying for readers
who may see names (the seed's ``re_identify_results``)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from afterclass.privacy.known import compile_names, name_parts
from afterclass.privacy.names import fold
from afterclass.privacy.pseudonyms import TAG_PATTERN
from afterclass.privacy.redactor import resolve
from afterclass.privacy.spans import Candidate
from afterclass.privacy.vocabulary import STOPWORDS

_PERSON_TAGS = ("STUDENT", "TUTOR", "PERSON")
_DIGIT_TAGS = ("PHONE", "ID")


def _family(tag: str) -> str:
    match = TAG_PATTERN.fullmatch(tag)
    return match.group(1) if match else ""


#: Numbers with fewer digits are not scanned: "2048" may as well be a token count.
MIN_SCANNED_DIGITS = 7


def _digits_pattern(original: str) -> re.Pattern[str] | None:
    digits = [ch for ch in original if ch.isdigit()]
    if len(digits) < MIN_SCANNED_DIGITS:
        return None
    return re.compile(r"(?<!\d)" + r"[\s().\-]*".join(digits) + r"(?!\d)")


def _value_pattern(original: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in original.split()]
    return re.compile(r"(?<![\w@.])" + r"\s+".join(words) + r"(?![\w@])", re.IGNORECASE)


def leak_pattern(tag: str, original: str) -> re.Pattern[str] | None:
    """How ``original`` may reappear in a model's output, for the kind of value ``tag`` names."""
    family = _family(tag)
    if family in _PERSON_TAGS:
        parts = name_parts(original)
        common = [part for part in parts if fold(part) in STOPWORDS]
        return compile_names([original, *parts], exact=common)
    if family in _DIGIT_TAGS:
        letters = any(ch.isalpha() for ch in original)
        return _digits_pattern(original) or (_value_pattern(original) if letters else None)
    return _value_pattern(original) if original.strip() else None


def scan_and_redact(text: str, pseudonyms: Mapping[str, str]) -> tuple[str, int]:
    """``text`` with every original value of the map replaced by its tag, and how many leaked.

    Names are found in any case, with a possessive, and by first or last name alone; phone and
    id numbers whatever their separators. Tags already in the text are left as they are.
    """
    tags = [(m.start(), m.end()) for m in TAG_PATTERN.finditer(text)]
    found: list[Candidate] = []
    for tag, original in pseudonyms.items():
        pattern = leak_pattern(tag, original)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in tags):
                continue
            found.append(Candidate(match.start(), match.end(), "LEAK", tag))
    leaks = resolve(found)
    pieces: list[str] = []
    position = 0
    for leak in leaks:
        pieces.extend((text[position : leak.start], leak.value))
        position = leak.end
    pieces.append(text[position:])
    return "".join(pieces), len(leaks)


def reidentify(text: str, pseudonyms: Mapping[str, str]) -> str:
    """Tags replaced by the originals they stand for, for readers allowed to see them."""
    return TAG_PATTERN.sub(lambda match: pseudonyms.get(match.group(), match.group()), text)
