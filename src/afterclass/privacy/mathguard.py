"""The math guard: mathematics is never redacted.

Two rules, applied to every find except a known participant's name:

* Named results and methods ("Pythagorean Theorem", "Euler's formula", "Pascal's triangle",
  "teorema de Pitágoras") and a few platform names ("Khan Academy", "Common Core") are protected
  stretches: nothing inside them is redacted.
* A number found by its shape alone (a phone, id, date or IP without words such as "my phone
  is" before it) is dropped when an operator or a math word stands right next to it
  ("555-1234 + 20", "times 4,096"). Finds confirmed by context are trusted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate

_EPONYMS = (
    r"pythagoras|pythagorean|euler|pascal|fibonacci|newton|gauss|venn|cartesian|descartes|"
    r"euclid|euclidean|archimedes|fermat|riemann|leibniz|napier|bernoulli|kepler|galileo|"
    r"hooke|boyle|ohm|avogadro|planck|bayes|markov|poisson|lagrange|laplace|cauchy|hilbert|"
    r"m[oö]bius|koch|sierpi[nń]ski|mandelbrot|heron|thales|ptolemy|cramer|horner|ruffini|"
    r"pit[aá]goras|taylor|maclaurin|fourier|l['’]h[oô]pital|de morgan|eratosthenes|descartes"
)
_MATH_NOUNS = (
    r"theorem|formula|triangle|law|rule|method|identity|number|sequence|diagram|principle|"
    r"constant|equation|line|plane|product|coordinates?|system|algorithm|sieve|spiral|"
    r"conjecture|postulate|axiom|lemma|test|distribution|curve|snowflake|strip|paradox|proof|"
    r"circle|series|property|inequality|trick|notation|triple|mean|elimination|expansion|"
    r"polynomial|grid|graph|space|integral|transform|division"
)
_SPANISH_NOUNS = (
    r"teorema|f[oó]rmula|tri[aá]ngulo|ley|regla|m[eé]todo|identidad|sucesi[oó]n|serie|"
    r"diagrama|principio|constante|ecuaci[oó]n|criba|espiral|conjetura|n[uú]mero|plano|"
    r"sistema|divisi[oó]n|recta|circunferencia"
)
_FIXED = (
    r"common core|khan academy|google classroom|roman numerals?|arabic numerals?|golden ratio|"
    r"number line|times tables?|place value"
)
PROTECTED = re.compile(
    rf"\b(?:(?:{_EPONYMS})(?:['’]s|s['’]|['’])?\s+(?:{_MATH_NOUNS})s?"
    rf"|(?:{_SPANISH_NOUNS})\s+de\s+(?:{_EPONYMS})"
    rf"|{_FIXED})\b",
    re.IGNORECASE,
)

_OPERATOR_BEFORE = re.compile(r"[=+\-−–×÷*/^<>≤≥]\s*$")
_OPERATOR_AFTER = re.compile(r"^\s*(?:[=+\-−–×÷*/^<>≤≥%]|\)\s*[=+\-×÷*/])")
_MATH_WORD_BEFORE = re.compile(
    r"\b(?:times|plus|minus|divided by|multiplied by|equals?|over|add|subtract|multiply|divide|"
    r"is it|round|rounded|estimate|sum of|product of|digits?|m[aá]s|menos|por|entre|igual a|"
    r"redondea|suma|resta|multiplica|divide|d[ií]gitos?)\s*$",
    re.IGNORECASE,
)
_MATH_WORD_AFTER = re.compile(
    r"^\s*(?:times|plus|minus|divided|multiplied|equals?|squared|cubed|percent|rounded|"
    r"m[aá]s|menos|por(?!\s+favor)|entre|es igual|al cuadrado)\b",
    re.IGNORECASE,
)
#: Types found by the shape of their digits, which arithmetic can imitate.
NUMERIC_TYPES = frozenset({"PHONE", "ID", "DATE", "IP"})


def protected_ranges(text: str | Scan) -> list[tuple[int, int]]:
    """Stretches of ``text`` that name mathematics and must stay as they are."""
    return [(m.start(), m.end()) for m in Scan.of(text).finditer(PROTECTED, caseless=True)]


def in_arithmetic(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is an operand: an operator or a math word touches it."""
    before = text[max(0, start - 16) : start]
    after = text[end : end + 16]
    return bool(
        _OPERATOR_BEFORE.search(before)
        or _OPERATOR_AFTER.search(after)
        or _MATH_WORD_BEFORE.search(before)
        or _MATH_WORD_AFTER.search(after)
    )


def _inside_any(ranges: list[tuple[int, int]], starts: list[int], found: Candidate) -> bool:
    index = bisect.bisect_left(starts, found.end) - 1
    return index >= 0 and ranges[index][1] > found.start


def guard(text: str | Scan, candidates: Sequence[Candidate]) -> list[Candidate]:
    """``candidates`` without the ones the two rules above forbid."""
    if all(found.known for found in candidates):
        return list(candidates)
    scan = Scan.of(text)
    text = scan.text
    ranges = protected_ranges(scan)
    starts = [start for start, _ in ranges]
    kept: list[Candidate] = []
    for found in candidates:
        if found.known:
            kept.append(found)
            continue
        if ranges and _inside_any(ranges, starts, found):
            continue
        if (
            found.type in NUMERIC_TYPES
            and not found.confirmed
            and in_arithmetic(text, found.start, found.end)
        ):
            continue
        kept.append(found)
    return kept
