"""Schools and school districts: "Lincoln Elementary", "Roosevelt Middle School", "Oak Ridge
Academy", "Austin ISD", "Escuela Primaria Benito Juárez", "Colegio San José", "IES Cervantes".

A school needs a name of its own: "middle school", "my high school" and "Summer School" stay.
Lower-case names count after "I go to", "I attend", "voy a la": "i go to lincoln elementary".
"""

from __future__ import annotations

import re

from afterclass.privacy.names import fold
from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate
from afterclass.privacy.vocabulary import GENERIC_SCHOOL_WORDS, STOPWORDS

_KINDS = (
    r"elementary(?:\s+school)?|middle(?:\s+school)?|high(?:\s+school)?|junior\s+high(?:\s+school)?|"
    r"intermediate(?:\s+school)?|primary(?:\s+school)?|secondary(?:\s+school)?|"
    r"preparatory(?:\s+school)?|prep(?:\s+school)?|charter\s+school|montessori(?:\s+school)?|"
    r"magnet\s+school|day\s+school|school\s+district|school|academy|isd|cisd|usd|unified|"
    r"college|university|institute|kindergarten|learning\s+center"
)
_WORD = r"(?:St\.|[A-Z][\w'’&\-]*)"
SCHOOL = re.compile(rf"\b(?:{_WORD}[ \t]+){{1,4}}(?i:{_KINDS})\b")
UNIVERSITY_OF = re.compile(
    r"\b(?:University|College|Institute)[ \t]+of[ \t]+[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2}"
)
_SCHOOL_SAID = re.compile(
    rf"\b(?:go(?:es)?\s+to|went\s+to|attend(?:s|ed)?|at|from|in)\s+"
    rf"(?P<school>(?:[a-z][\w'’\-]*\s+){{1,3}}(?:{_KINDS}))\b"
)
_ES_KINDS = (
    r"escuela|colegio|instituto|liceo|primaria|secundaria|preparatoria|prepa|universidad|"
    r"ies|ceip|cbtis|conalep|jard[ií]n\s+de\s+niños|kinder"
)
_ES_LINK = (
    r"(?:(?i:de|del|la|las|los|el|primaria|secundaria|t[eé]cnica|oficial|p[uú]blica|n[uú]mero|"
    r"no\.|n[º°])[ \t]+)*"
)
SCHOOL_ES = re.compile(
    rf"\b(?i:{_ES_KINDS})[ \t]+{_ES_LINK}(?:[A-ZÁÉÍÓÚÑ][\w'’\-]*|\d{{1,4}})"
    rf"(?:[ \t]+(?:(?:de|del|la|las|los)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w'’\-]*){{0,4}}"
)
_KIND_WORDS = re.compile(rf"\b(?:{_KINDS}|{_ES_KINDS})\b", re.IGNORECASE)


_NOT_SCHOOLS = frozenset({"khan academy", "common core"})


def _has_own_name(words: list[str]) -> bool:
    return any(fold(w) not in GENERIC_SCHOOL_WORDS and fold(w) not in STOPWORDS for w in words)


def _trim_leading(text: str, start: int, end: int) -> int:
    """Drop leading words that cannot be part of the name ("The", "At", "My")."""
    while True:
        word = re.match(r"[\w'’.&\-]+\s+", text[start:end])
        if word is None or fold(word.group().strip()) not in STOPWORDS:
            return start
        start += word.end()


def _school(text: str, start: int, end: int, *, trim: bool) -> Candidate | None:
    if trim:
        start = _trim_leading(text, start, end)
    name = text[start:end]
    if name.casefold() in _NOT_SCHOOLS:
        return None
    words = _KIND_WORDS.sub(" ", name).split()
    if not words or not _has_own_name(words):
        return None
    return candidate(text, start, end, "SCHOOL")


def find_schools(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for pattern, trim in ((SCHOOL, True), (UNIVERSITY_OF, False), (SCHOOL_ES, False)):
        for match in scan.finditer(pattern):
            school = _school(text, match.start(), match.end(), trim=trim)
            if school is not None:
                found.append(school)
    for match in scan.finditer(_SCHOOL_SAID):
        school = _school(text, *match.span("school"), trim=True)
        if school is not None:
            found.append(school)
    return found
