"""Dates of birth: any date or year after "born", "birthday", "DOB", "cumpleaños", "nací"...,
and full numeric dates with a four-digit year anywhere ("05/14/2013", "2013-05-14").

Other dates ("on Monday", "March 3rd", "at 3:45") are not personal data and stay.
"""

from __future__ import annotations

import re

from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC = rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:{_YEAR}|\d{{2}})|{_YEAR}-\d{{1,2}}-\d{{1,2}}"
_WORDED = (
    rf"(?:{_MONTHS})\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+|de\s+)?(?:{_MONTHS})(?:,?\s+(?:de(?:l)?\s+)?{_YEAR})?"
    rf"|(?:{_MONTHS})\s+(?:of\s+|de\s+)?{_YEAR}"
)
_ANY_DATE = re.compile(rf"(?:{_NUMERIC}|{_WORDED}|{_YEAR})(?![\w/])", re.IGNORECASE)
_FULL_NUMERIC = re.compile(
    rf"(?<![\w/.\-])(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}})"
    rf"(?![\w/\-]|\.\d|[ T]\d{{1,2}}:\d\d)"
)
_BIRTH_CONTEXT = re.compile(
    r"\b(?:born|birthday|birth\s?date|date of birth|d\.?o\.?b\.?|b-?day|cumpleaños|cumpleanos|"
    r"cumple|nac[ií]|naci[oó]|nacimos|nacimiento|fecha de nacimiento)\b"
    r"(?:\s*:|\s+(?:is|was|on|in|es|fue|el|en|falls on))*\s*",
    re.IGNORECASE,
)


def find_dates(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for context in scan.finditer(_BIRTH_CONTEXT, caseless=True):
        date = _ANY_DATE.match(text, context.end())
        if date is not None:
            found.append(candidate(text, date.start(), date.end(), "DATE", confirmed=True))
    found.extend(candidate(text, m.start(), m.end(), "DATE") for m in scan.finditer(_FULL_NUMERIC))
    return found
