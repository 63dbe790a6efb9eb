"""Numbers as people write and say them: ``7/12``, ``-3``, ``2.5``, ``1 1/2``, "seven twelfths",
"tres cuartos", "negative four".

``read_tokens`` turns a text into a flat list of tokens (numbers, operators, variables and
breaks) that :mod:`afterclass.analysis.rules.arithmetic` parses into expressions, and
``values`` lists the numbers a text states (what a student's answer is compared on).

Rules worth knowing:

- Pseudonyms left by redaction (``[PERSON_1]``) are removed first, so their digits never count.
- ``a/b`` written without spaces is one number (a fraction); ``a / b`` with spaces is a division,
  which has the same value. ``2.5/5`` is one number too (1/2), but not a fraction of whole
  numbers: it has no numerator or denominator of its own.
- An integer followed by a proper fraction is a mixed number (``1 1/2`` = 3/2), as is
  "three and a half" / "dos y medio".
- English "one" and Spanish "un/uno/una" are also words for "a"; they count as numbers only
  before a fraction word ("one third"), next to an operator ("one plus two") or in a reply of
  at most four words ("one", "it's one").
- ``x`` between two numbers is "times"; otherwise ``x`` and ``n`` are variables.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from operator import attrgetter

from afterclass.analysis.rules.number_words import BETWEEN_NUMBERS, VOCABULARY
from afterclass.analysis.rules.scanning import (
    OPERATOR_CHARS,
    digit_or_number_word,
    token_pattern,
)
from afterclass.analysis.rules.spoken_numbers import (
    WEAK_ONE,
    combine_over,
    combine_words,
    resolve_between,
    resolve_weak_ones,
)
from afterclass.analysis.rules.tokens import GAP, Token, is_whole

NumberKey = int | tuple[int, int]
"""A number as a set member: the int for a whole number (a value, a numerator or a
denominator), else (numerator, denominator) in lowest terms. Much faster to hash than a
Fraction, and just as exact."""

_PSEUDONYM = re.compile(r"\[[A-Z][A-Z0-9_]*\]")
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_SYMBOLS = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "∙": "*", "⁄": "/", "’": "'"})

_SHORT_REPLY_WORDS = 4
#: Numbers written with at most this many characters are read once per process (see
#: ``_common_number``); longer ones, rare and maybe identifying, are never kept.
_CACHED_DIGITS = 5
_BREAKING = re.compile(r"[^\s$%']")
_SPACES = re.compile(r"\s+")


_TEXT = attrgetter("text")
#: The words ``resolve_between`` looks at (the cheap test before it).
_BETWEEN_WORDS = frozenset(BETWEEN_NUMBERS)
#: Tokens that are always the same, made once (tokens are immutable).
_BREAK = Token("break", GAP)
_OP_TOKENS = {op: Token("op", "/" if op == "÷" else op) for op in OPERATOR_CHARS}
_WORD_TOKENS = {word: Token("break", word) for word in VOCABULARY}


def normalize(text: str) -> str:
    """``text`` without pseudonyms, lower-cased, with math symbols in ASCII."""
    if "[" in text:
        text = _PSEUDONYM.sub(" ", text)
    if not text.isascii():  # every symbol translated is outside ASCII
        text = text.translate(_SYMBOLS)
    lowered = text.lower()
    return _WORD_HYPHEN.sub(" ", lowered) if "-" in lowered else lowered


def read_tokens(text: str, *, reply: bool = True) -> list[Token]:
    """Numbers, operators, variables and breaks in ``text``, numbers already combined.

    ``reply=False`` (a tutor's sentence) never reads a lone "one" as a number.
    """
    low = text.lower()
    if not digit_or_number_word(low, strict=not reply):
        return []
    if "[" in text or not text.isascii():
        normal = normalize(text)
    else:  # ``normalize`` would only lower-case and unhyphenate: start from ``low``
        normal = _WORD_HYPHEN.sub(" ", low) if "-" in low else low
    tokens, worded = _raw_tokens(normal)
    if not worded:  # digits, operators and gaps only: only a mixed number can be combined
        return _combine_mixed(tokens) if len(tokens) > 1 and "/" in normal else tokens
    tokens = combine_words(tokens)
    # Each later step has a cheap test for whether it can change anything.
    if WEAK_ONE in tokens:
        short = reply and len(normal.split()) <= _SHORT_REPLY_WORDS
        tokens = resolve_weak_ones(tokens, short=short)
    if not _BETWEEN_WORDS.isdisjoint(map(_TEXT, tokens)):
        tokens = resolve_between(tokens)
    tokens = _combine_mixed(tokens)
    if "over" in normal or "sobre" in normal:  # the words OPERATOR_WORDS reads as "over"
        tokens = combine_over(tokens)
    return tokens


def may_hold_number(text: str) -> bool:
    """A quick test: False means ``text`` states no number at all."""
    return digit_or_number_word(normalize(text), strict=False)


def values(text: str, *, reply: bool = True) -> list[Fraction]:
    """The numbers ``text`` states, in order, a leading minus or "negative" applied."""
    return token_values(read_tokens(text, reply=reply))


def token_values(tokens: list[Token]) -> list[Fraction]:
    return [value for value, _ in _signed_numbers(tokens)]


def written_values(tokens: list[Token]) -> list[tuple[Fraction, str]]:
    """Each number as written: "3/9" stays "3/9", "four sixths" becomes "4/6"."""
    return [(value, _shown(value, token)) for value, token in _signed_numbers(tokens)]


def read_numbers(tokens: list[Token]) -> tuple[list[tuple[Fraction, str]], set[NumberKey]]:
    """``written_values`` of ``tokens``, and the keys of their **parts**: every number stated
    (signed, and without its sign) plus the numerators and denominators of its fractions.

    (``_signed_numbers`` in the same pass, each Fraction's numerator and denominator read once:
    this runs on every sentence with a number.)"""
    written: list[tuple[Fraction, str]] = []
    keys: set[NumberKey] = set()
    for index, token in enumerate(tokens):
        unsigned = token.value
        if token.kind != "num" or unsigned is None:
            continue
        negated = index > 0 and _negates(tokens, index)
        value = -unsigned if negated else unsigned
        numerator, denominator = value.numerator, value.denominator
        keys.add(numerator if denominator == 1 else (numerator, denominator))
        if negated:  # the number without its sign is stated too
            keys.add(-numerator if denominator == 1 else (-numerator, denominator))
        if token.numerator is not None and token.denominator is not None:
            keys.add(token.numerator)
            keys.add(token.denominator)
        written.append((value, _shown(value, token)))
    return written, keys


def _negates(tokens: list[Token], index: int) -> bool:
    """Whether the number at ``index`` (> 0) has a leading "negative", or a minus that is not
    a subtraction (nothing, an operator other than ``)`` or a break before it)."""
    previous = tokens[index - 1].text
    if previous == "neg":
        return True
    if previous != "-":
        return False
    before = tokens[index - 2] if index > 1 else None
    return before is None or (before.kind in {"op", "break"} and before.text != ")")


def number_key(value: Fraction) -> NumberKey:
    """``value`` as a set member: equal numbers have equal keys (see ``NumberKey``)."""
    return value.numerator if value.denominator == 1 else (value.numerator, value.denominator)


def _shown(value: Fraction, token: Token) -> str:
    if token.text[:1].isdigit():
        shown = token.text
    elif token.numerator is not None:
        shown = f"{token.numerator}/{token.denominator}"
    else:
        shown = format_value(abs(value))
    return f"-{shown}" if value.numerator < 0 else shown


def format_value(value: Fraction) -> str:
    """``7/12``, ``-3``: whole numbers as integers, the rest as fractions in lowest terms."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _signed_numbers(tokens: list[Token]) -> list[tuple[Fraction, Token]]:
    return [
        (-token.value if index and _negates(tokens, index) else token.value, token)
        for index, token in enumerate(tokens)
        if token.kind == "num" and token.value is not None
    ]


def _raw_tokens(text: str) -> tuple[list[Token], bool]:
    """Numbers, operators and known words; any other text between two of them is one break.
    The flag says whether a word was read: without one, no later step but ``_combine_mixed``
    can change the tokens. (``split`` gives the text between tokens and the tokens in turn,
    as plain strings: cheaper than a match object per token.)"""
    tokens: list[Token] = []
    worded = False
    parts = token_pattern(text).split(text)
    for gap, piece in zip(parts[::2], parts[1::2], strict=False):  # the last gap ends the text
        if gap and tokens and not gap.isspace() and _BREAKING.search(gap):
            tokens.append(_BREAK)
        operator = _OP_TOKENS.get(piece)
        if operator is not None:
            tokens.append(operator)
        elif piece[0] == "." or piece[0].isdecimal():  # a number (``\d`` is ``isdecimal``)
            short = len(piece) <= _CACHED_DIGITS
            tokens.append(_common_number(piece) if short else _digit_number(piece))
        else:  # a word, or "of" / "de"
            worded = True
            token = _WORD_TOKENS.get(piece)
            tokens.append(token or Token("break", _SPACES.sub(" ", piece)))
    return tokens, worded


@functools.lru_cache(maxsize=2048)
def _common_number(piece: str) -> Token:
    """``_digit_number`` for a short piece ("12", "7/12"): the same few come back all the time."""
    return _digit_number(piece)


def _digit_number(piece: str) -> Token:
    """The number ``piece`` (digits, maybe a decimal or a fraction) states."""
    if "/" in piece:
        top_text, bottom_text = piece.split("/")
        bottom = int(bottom_text)
        if bottom == 0:
            return Token("break", piece)
        if not top_text.isdigit():  # 2.5/5: one number, but not a fraction of whole numbers
            return Token("num", piece, Fraction(top_text) / bottom)
        top = int(top_text)
        return Token("num", piece, Fraction(top, bottom), top, bottom)
    if piece.isdigit():
        return Token("num", piece, Fraction(int(piece)))
    return Token("num", piece, Fraction(piece.replace(",", "")))


def _combine_mixed(tokens: list[Token]) -> list[Token]:
    """Mixed numbers (``1 1/2``) become one number."""
    out: list[Token] = []
    previous: Token | None = None  # out[-1]
    for token in tokens:
        # A written fraction (it has a numerator) right after a number: the cheap test first.
        if token.numerator is not None and previous is not None and previous.kind == "num":
            value = token.value
            # 0 < value < 1, on the ints (a Fraction's denominator is positive): much faster
            proper = value is not None and 0 < value.numerator < value.denominator
            if proper and is_whole(previous):
                mixed = (previous.value or 0) + (token.value or 0)
                out[-1] = previous = Token("num", f"{previous.text} {token.text}", Fraction(mixed))
                continue
        out.append(token)
        previous = token
    return out
