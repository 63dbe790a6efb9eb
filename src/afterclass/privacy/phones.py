"""Phone numbers, checked by Google's ``phonenumbers`` for the session's regions.

A stretch of digits and separators on one line is handed to ``PhoneNumberMatcher`` for each
region in turn (the session's own, then Spain and Mexico for Spanish sessions, then the US);
numbers valid in a numbering plan count, and so do international numbers ("+44 ...") possible
in the plan their prefix names. Bare runs of digits ("5125550199") count only after words such
as "call", "phone", "número" (or before "office", "mobile"); after such words any run of 7 to
15 digits counts, valid or not ("867-5309", "0490 39 07 81"), and so do numbers said as words
("five one two ..."). Timestamps ("2015-12-22 04:34") are not phones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers

from afterclass.privacy.digits import digit_run_at
from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate

_STRETCH = re.compile(r"(?<![\w+])(?:\+[ \t]?)?\(?\d[\d \t().\-]{5,22}\d(?![\w])")
#: What every stretch of at least seven digits holds, folded (see ``Scan.finditer``): every
#: digit reads ``0``, and the separators ``[ \t().\-]`` spaces.
_SEVEN_DIGITS = re.compile(r"0(?: *0){6}")
_CONTEXT = re.compile(
    r"\b(?:phone|cell|cellphone|mobile|number|call|text|texts|telephone|tel|whatsapp|reach|fax|"
    r"desk|office|tel[eé]fono|celular|cel|m[oó]vil|n[uú]mero|ll[aá]ma(?:me|le|la|nos)?|"
    r"marca(?:me|le)?|escr[ií]beme)\b[^\d\n]{0,30}\n?[^\d\n]{0,4}$",
    re.IGNORECASE,
)
_LABEL_AFTER = re.compile(
    r"[ \t]*[-–(]?[ \t]*(?:office|fax|mobile|cell|home|work|desk)\b", re.IGNORECASE
)
_CONTEXT_AFTER = re.compile(
    r"\b(?:my|our|his|her|their|mom'?s|dad'?s|mi|su)\s+(?:[\w']+\s+){0,2}?"
    r"(?:phone|cell|mobile|number|tel[eé]fono|celular|n[uú]mero)(?:\s+number)?\s*"
    r"(?:is|es|was|:)?\s*",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
_DIGITS = re.compile(r"\d")
#: A number said after "phone:" or "call me on" counts if it has this many digits, valid or not.
_CONFIRMED_DIGITS = range(7, 16)


def _has_context(text: str, start: int, end: int) -> bool:
    before = _CONTEXT.search(text, max(0, start - 48), start)
    return bool(before or _LABEL_AFTER.match(text, end))


def _looks_like_time(text: str, start: int, end: int) -> bool:
    return bool(_TIMESTAMP.match(text, start)) or text[end : end + 1] == ":"


class PhoneRecognizer:
    """Phone numbers valid in one of ``regions`` (ISO 3166 codes such as "US", "ES", "MX")."""

    def __init__(self, regions: Sequence[str]) -> None:
        self._regions = tuple(dict.fromkeys(r.upper() for r in regions))

    def find(self, text: str | Scan) -> list[Candidate]:
        scan = Scan.of(text)
        text = scan.text
        found: list[Candidate] = []
        stretches = scan.finditer(_STRETCH, folded_shape=_SEVEN_DIGITS)  # fewer digits: no phone
        for stretch in stretches:
            start, end = stretch.span()
            if len(_DIGITS.findall(stretch.group())) >= 7 and not _looks_like_time(
                text, start, end
            ):
                found.extend(self._numbers_in(text, start, end))
        found.extend(self._said_after_context(scan))
        return found

    def _numbers_in(self, text: str, start: int, end: int) -> list[Candidate]:
        piece = text[start:end]
        for region in self._regions:
            matches = list(
                phonenumbers.PhoneNumberMatcher(piece, region, leniency=phonenumbers.Leniency.VALID)
            )
            if matches:
                spans = (self._candidate(text, start + m.start, start + m.end) for m in matches)
                return [span for span in spans if span is not None]
        digits = len(_DIGITS.findall(piece))
        if (_has_context(text, start, end) and digits in _CONFIRMED_DIGITS) or _possible(piece):
            return [candidate(text, start, end, "PHONE", confirmed=True)]
        return []

    def _candidate(self, text: str, start: int, end: int) -> Candidate | None:
        context = _has_context(text, start, end)
        if text[start:end].isdigit() and not context:
            return None
        return candidate(text, start, end, "PHONE", confirmed=context)

    def _said_after_context(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for match in scan.finditer(_CONTEXT_AFTER, caseless=True):
            run = digit_run_at(text, match.end(), min_digits=7)
            if run is not None:
                found.append(candidate(text, run.start, run.end, "PHONE", confirmed=True))
        return found


def _possible(piece: str) -> bool:
    """An international number ("+44 7700 900123"): possible in the plan its prefix names."""
    if not piece.startswith("+"):
        return False
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(piece, None)))
    except phonenumbers.NumberParseException:
        return False
