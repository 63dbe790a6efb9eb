"""Where a text's numbers and known words are: the patterns that find the tokens
:mod:`afterclass.analysis.rules.numbers` reads, and the cheap tests that spare a scan.

Every pattern here finds exactly what ``RAW_TOKEN`` finds (and every test answers exactly as the
regex it stands for); they are only faster. ASCII text, the common case, gets patterns that open
with a choice of single characters, which the regex engine scans fast, and is read with byte
tables instead of regexes where it can.
"""

from __future__ import annotations

import re

from afterclass.analysis.rules.number_words import (
    NUMBER_WORDS,
    OPERATOR_WORDS,
    VOCABULARY,
    WEAK_ONES,
)
from afterclass.analysis.rules.phrases import alternatives, alternatives_by_start

OPERATOR_CHARS = "-+*/÷=()^"
_LETTERS = "a-záéíóúüñ"
_WORD_ALTERNATIVES = alternatives(VOCABULARY)
#: The characters a token can start with: a digit, a dot, an operator, or the first letter of a
#: known word (or of "of" / "de").
_TOKEN_STARTS = re.escape(
    "".join(sorted({" ".join(word.split())[:1] for word in VOCABULARY} | {"o", "d"}))
)
#: Every token starts at a digit, a dot, an operator or the first letter of a word, so the
#: opening tests let the scan step at once over any other character and over the inside of a
#: word; each branch then starts with a cheap test of its own first character.
#: (The whole token is its only group, for ``split``: see ``numbers._raw_tokens``.)
RAW_TOKEN = re.compile(
    rf"(?=[\d.\-+*/÷=()^{_TOKEN_STARTS}])(?=[^{_LETTERS}]|(?<![{_LETTERS}]))"
    r"((?:(?=[\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d+)?|\.\d+))"
    r"|[-+*/÷=()^]"
    rf"|(?<![{_LETTERS}])(?:{_WORD_ALTERNATIVES})(?![{_LETTERS}])"
    r"|(?:of|de)(?<=\d of|\d de)(?= \d))"
)


def _ascii_token_pattern(*, words: bool) -> re.Pattern[str]:
    """``RAW_TOKEN`` for ASCII text, as one branch per character a token starts with (without
    the words: for a text that holds none). A pattern that opens with a choice of single
    characters is scanned fast: the scan steps over every other character without trying the
    pattern there, and no opening test is run. In ASCII text ``\\d`` is one of the ten
    digits, so the digits can be spelled out."""
    number_rest = r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?(?:/\d+)?)"
    branches = [digit + number_rest for digit in "0123456789"]
    branches.append(r"\.\d+")
    branches.extend(map(re.escape, OPERATOR_CHARS))
    known = alternatives_by_start(VOCABULARY) if words else {}
    for char in sorted(known.keys() | ({"o", "d"} if words else set())):
        # The word must not continue a word: the character before ``char`` is not a letter.
        choices = [rf"(?<![{_LETTERS}].){known[char]}(?![{_LETTERS}])"] if char in known else []
        if char in "od":  # "of" / "de" between two numbers (see RAW_TOKEN)
            choices.append(r"f(?<=\d of)(?= \d)" if char == "o" else r"e(?<=\d de)(?= \d)")
        branches.append(re.escape(char) + f"(?:{'|'.join(choices)})")
    return re.compile(f"({'|'.join(branches)})")


_ASCII_TOKEN = _ascii_token_pattern(words=True)
_ASCII_NUMBER = _ascii_token_pattern(words=False)
#: ASCII text is also read with byte tables instead of regexes: every byte that is not part of a
#: word (``\w``), or not a letter, becomes a space, and ``split()`` gives the words or the runs
#: of letters. A word the regexes look for (between ``\b``, or between non-letters) is one.
_WORD_BYTES = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(256))
_LETTER_BYTES = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
#: The longest word of each known word or phrase (the rarest: "half" of "a half"), and "of" /
#: "de": a text whose runs of letters include none of them holds no word ``RAW_TOKEN`` reads.
_WORD_SIGNS = frozenset(
    {max(phrase.split(), key=len).encode() for phrase in VOCABULARY} | {b"of", b"de"}
)
#: A text may hold a number when it holds a digit or a number word; the digit, found by a much
#: cheaper scan, is looked for first.
_DIGIT = re.compile(r"\d")
#: In ASCII text a digit is one of the ten, a plain set much faster to test than ``\d``.
_ASCII_DIGIT = re.compile("[0-9]")
_NUMBER_WORD = re.compile(rf"\b(?:{alternatives(NUMBER_WORDS)})\b")
#: For a tutor's sentence, where a lone "one" / "un" / "una" is never a number.
_STRICT_NUMBER_WORDS = (NUMBER_WORDS - WEAK_ONES) | OPERATOR_WORDS.keys()
_NUMBER_WORD_STRICT = re.compile(rf"\b(?:{alternatives(_STRICT_NUMBER_WORDS)})\b")
#: The same words, for ASCII text read with ``_WORD_BYTES`` (each is one word).
_NUMBER_WORD_BYTES = frozenset(word.encode() for word in NUMBER_WORDS)
_NUMBER_WORD_BYTES_STRICT = frozenset(word.encode() for word in _STRICT_NUMBER_WORDS)


def digit_or_number_word(low: str, *, strict: bool) -> bool:
    """Whether lower-cased ``low`` holds a digit or a number word, as ``\\d|\\b(?:...)\\b``
    would say (``strict``: a tutor's sentence, where a lone "one" is never a number)."""
    if (_ASCII_DIGIT if low.isascii() else _DIGIT).search(low):
        return True
    if low.isascii():
        words = _NUMBER_WORD_BYTES_STRICT if strict else _NUMBER_WORD_BYTES
        return not words.isdisjoint(low.encode().translate(_WORD_BYTES).split())
    return (_NUMBER_WORD_STRICT if strict else _NUMBER_WORD).search(low) is not None


def token_pattern(text: str) -> re.Pattern[str]:
    """The fastest pattern that reads ``text`` as ``RAW_TOKEN`` does."""
    if not text.isascii():
        return RAW_TOKEN
    runs = text.encode().translate(_LETTER_BYTES).split()
    return _ASCII_NUMBER if _WORD_SIGNS.isdisjoint(runs) else _ASCII_TOKEN
