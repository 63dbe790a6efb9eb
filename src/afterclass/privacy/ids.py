"""Identity numbers: SSNs, payment cards (Luhn), IBANs (mod 97), Spanish DNI/NIE (check letter),
Mexican CURP, and student, school, passport or licence numbers said after words that name them.
"""

from __future__ import annotations

import re

from afterclass.privacy.digits import digit_run_at
from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate

_SSN = re.compile(r"(?<![\d\-])(?!000|666|9\d\d)\d{3}([\- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d\-])")
_SSN_CONTEXT = re.compile(
    r"\b(?:ssn|social security(?: number)?|seguro social)\b[^\n\d]{0,20}$", re.IGNORECASE
)
_BARE_SSN = re.compile(r"(?<!\d)\d{9}(?!\d)")
_CARD = re.compile(r"(?<![\d\-])(?:\d[ \-]?){12,18}\d(?![\d\-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
#: What every card number and IBAN holds, folded (see ``Scan.finditer``): every digit reads
#: ``0``, a hyphen a space, a letter in lower case.
_CARD_SHAPE = re.compile(r"0(?: ?0){12}")
_IBAN_SHAPE = re.compile(r"00(?<=[a-z]{2}00)(?: ?[a-z0]{4}){2}")
_DNI = re.compile(r"\b(?:([XYZ])[\- ]?)?(\d{7,8})[\- ]?([A-Z])\b")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b")
_ID_CONTEXT = re.compile(
    r"\b(?:(?:student|school|lunch|library|locker|account|member|badge|employee|id)\s+"
    r"(?:id|number|no\.?|num|card|code|#)"
    r"|identification|passport|driver'?s?\s+licen[cs]e|licen[cs]e\s+(?:number|no\.?)|matr[ií]cula|"
    r"expediente|dni|nie|curp|rfc|pasaporte|licencia|ssn|social\s+security(?:\s+number)?|"
    r"seguro\s+social|n[uú]mero\s+de\s+(?:estudiante|alumno|alumna|cuenta)|id|i\.d\.)"
    r"\s*(?:is|es|was|:|=)?\s*#?\s*",
    re.IGNORECASE,
)
_ID_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{2,24}[A-Za-z0-9])")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of card numbers (ISO/IEC 7812-1)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, read as digits, mod 97."""
    compact = text.replace(" ", "").upper()
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return len(compact) >= 15 and int(number) % 97 == 1


def dni_valid(prefix: str, number: str, letter: str) -> bool:
    """Spanish DNI/NIE check letter: the number (NIE: X/Y/Z as 0/1/2) mod 23."""
    if prefix:
        if len(number) != 7:
            return False
        number = str("XYZ".index(prefix)) + number
    elif len(number) != 8:
        return False
    return _DNI_LETTERS[int(number) % 23] == letter


def _cards(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for match in scan.finditer(_CARD, folded_shape=_CARD_SHAPE):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_valid(digits):
            found.append(candidate(text, match.start(), match.end(), "ID"))
    return found


def _national(scan: Scan) -> list[Candidate]:
    text = scan.text
    found = [candidate(text, m.start(), m.end(), "ID") for m in scan.finditer(_SSN)]
    for match in scan.finditer(_BARE_SSN):
        if _SSN_CONTEXT.search(text, max(0, match.start() - 40), match.start()):
            found.append(candidate(text, match.start(), match.end(), "ID", confirmed=True))
    found.extend(
        candidate(text, m.start(), m.end(), "ID", confirmed=True)
        for m in scan.finditer(_IBAN, folded_shape=_IBAN_SHAPE)
        if iban_valid(m.group())
    )
    found.extend(
        candidate(text, m.start(), m.end(), "ID", confirmed=True)
        for m in scan.finditer(_DNI)
        if dni_valid(m.group(1) or "", m.group(2), m.group(3))
    )
    found.extend(
        candidate(text, m.start(), m.end(), "ID", confirmed=True) for m in scan.finditer(_CURP)
    )
    return found


def _after_context(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for match in scan.finditer(_ID_CONTEXT, caseless=True):
        token = _ID_TOKEN.match(text, match.end())
        if token and sum(ch.isdigit() for ch in token.group()) >= 3:
            found.append(candidate(text, token.start(), token.end(), "ID", confirmed=True))
            continue
        run = digit_run_at(text, match.end(), min_digits=4)
        if run is not None:
            found.append(candidate(text, run.start, run.end, "ID", confirmed=True))
    return found


def find_ids(scan: Scan) -> list[Candidate]:
    return [*_cards(scan), *_national(scan), *_after_context(scan)]
