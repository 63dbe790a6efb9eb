"""Numbers as people write and say them: ``7/12``, ``-3``, ``2.5``, ``1 1/2``, "seven twelfths",
"tres cuartos", "negative four".

``read_tokens`` turns a text into a flat list of tokens (numbers, operators, variables and
breaks) that :mod:`afterclass.analysis.rules.arithmetic` parses into expressions, and
``values`` lists the numbers a text states (what a student's answer is compared on).

Rules worth knowing:

- Pseudonyms left by redaction (``[PERSON_1]``) are removed first, so their digits never count.
- ``a/b`` written without spaces is one number (a fraction); ``a / b`` with spaces is a division,
  which has the same value.
- An integer followed by a proper fraction is a mixed number (``1 1/2`` = 3/2), as is
  "three and a half" / "dos y medio".
- English "one" and Spanish "un/uno/una" are also words for "a"; they count as numbers only
  before a fraction word ("one third"), next to an operator ("one plus two") or in a reply of
  at most four words ("one", "it's one").
- ``x`` between two numbers is "times"; otherwise ``x`` and ``n`` are variables.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Literal, NamedTuple

from afterclass.analysis.rules.number_words import (
    A_FRACTIONS,
    BETWEEN_NUMBERS,
    CARDINAL_WORDS,
    DENOMINATORS,
    HALF_PHRASES,
    HUNDREDS,
    NEGATIVE_WORDS,
    NUMBER_WORDS,
    OPERATOR_PHRASES,
    OPERATOR_WORDS,
    TENS,
    UNITS,
    VARIABLES,
    VOCABULARY,
    WEAK_ONES,
)
from afterclass.analysis.rules.phrases import alternatives

TokenKind = Literal["num", "op", "var", "break"]
Number = Fraction | int
"""A value or a numerator/denominator: ints and Fractions compare and hash alike."""

_PSEUDONYM = re.compile(r"\[[A-Z][A-Z0-9_]*\]")
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_SYMBOLS = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "∙": "*", "⁄": "/", "’": "'"})

_SHORT_REPLY_WORDS = 4
_LETTERS = "a-záéíóúüñ"
_WORD_ALTERNATIVES = alternatives(VOCABULARY)
_RAW_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d+)?|\.\d+)"
    r"|(?P<op>[-+*/÷=()^])"
    rf"|(?<![{_LETTERS}])(?P<word>{_WORD_ALTERNATIVES})(?![{_LETTERS}])"
    r"|(?<=\d )(?P<of>of|de)(?= \d)"
)
_BREAKING = re.compile(r"[^\s$%']")
_MAY_HOLD_NUMBER = re.compile(rf"\d|\b(?:{alternatives(NUMBER_WORDS)})\b")
#: For a tutor's sentence, where a lone "one" / "un" / "una" is never a number.
_MAY_HOLD_NUMBER_STRICT = re.compile(
    rf"\d|\b(?:{alternatives((NUMBER_WORDS - WEAK_ONES) | OPERATOR_WORDS.keys())})\b"
)
_GAP = "…"
_SPACES = re.compile(r"\s+")


class Token(NamedTuple):
    """One piece of a text: a number, an operator, a variable or a break (a tuple, for speed)."""

    kind: TokenKind
    text: str
    value: Fraction | None = None
    numerator: int | None = None
    """For a written fraction (``7/12`` or "seven twelfths"): its numerator, else None."""
    denominator: int | None = None

    def parts(self) -> tuple[Number, ...]:
        """The value and, for a fraction, its numerator and denominator.

        Numerators and denominators stay ``int``: they compare and hash equal to the same
        ``Fraction``, so they mix in one set.
        """
        if self.value is None:
            return ()
        if self.numerator is None or self.denominator is None:
            return (self.value,)
        return (self.value, self.numerator, self.denominator)


def normalize(text: str) -> str:
    """``text`` without pseudonyms, lower-cased, with math symbols in ASCII."""
    lowered = _PSEUDONYM.sub(" ", text).translate(_SYMBOLS).lower()
    return _WORD_HYPHEN.sub(" ", lowered)


def read_tokens(text: str, *, reply: bool = True) -> list[Token]:
    """Numbers, operators, variables and breaks in ``text``, numbers already combined.

    ``reply=False`` (a tutor's sentence) never reads a lone "one" as a number.
    """
    gate = _MAY_HOLD_NUMBER if reply else _MAY_HOLD_NUMBER_STRICT
    if not gate.search(text.lower()):
        return []
    normal = normalize(text)
    raw = _raw_tokens(normal)
    short = reply and len(normal.split()) <= _SHORT_REPLY_WORDS
    tokens = _combine_words(raw)
    tokens = _resolve_weak_ones(tokens, short=short)
    tokens = _resolve_between(tokens)
    return _combine_numbers(tokens)


def may_hold_number(text: str) -> bool:
    """A quick test: False means ``text`` states no number at all."""
    return _MAY_HOLD_NUMBER.search(normalize(text)) is not None


def values(text: str, *, reply: bool = True) -> list[Fraction]:
    """The numbers ``text`` states, in order, a leading minus or "negative" applied."""
    return token_values(read_tokens(text, reply=reply))


def token_values(tokens: list[Token]) -> list[Fraction]:
    return [value for value, _ in _signed_numbers(tokens)]


def written_values(tokens: list[Token]) -> list[tuple[Fraction, str]]:
    """Each number as written: "3/9" stays "3/9", "four sixths" becomes "4/6"."""
    found: list[tuple[Fraction, str]] = []
    for value, token in _signed_numbers(tokens):
        if token.text[:1].isdigit():
            shown = token.text
        elif token.numerator is not None:
            shown = f"{token.numerator}/{token.denominator}"
        else:
            shown = format_value(abs(value))
        found.append((value, f"-{shown}" if value < 0 else shown))
    return found


def number_parts(tokens: list[Token]) -> set[Number]:
    """Every number stated plus the numerators and denominators of its fractions."""
    parts: set[Number] = set()
    for value, token in _signed_numbers(tokens):
        parts.add(value)
        parts.update(token.parts())
    return parts


def format_value(value: Fraction) -> str:
    """``7/12``, ``-3``: whole numbers as integers, the rest as fractions in lowest terms."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _signed_numbers(tokens: list[Token]) -> list[tuple[Fraction, Token]]:
    found: list[tuple[Fraction, Token]] = []
    for index, token in enumerate(tokens):
        if token.kind != "num" or token.value is None:
            continue
        previous = tokens[index - 1] if index else None
        before = tokens[index - 2] if index > 1 else None
        unary = previous is not None and previous.text in {"-", "neg"}
        if unary and previous is not None and previous.text == "-":
            unary = before is None or (before.kind in {"op", "break"} and before.text != ")")
        found.append((-token.value if unary else token.value, token))
    return found


def _raw_tokens(text: str) -> list[Token]:
    """Numbers, operators and known words; any other text between two of them is one break."""
    tokens: list[Token] = []
    last = 0
    for match in _RAW_TOKEN.finditer(text):
        if tokens and _BREAKING.search(text, last, match.start()):
            tokens.append(Token("break", _GAP))
        last = match.end()
        kind, piece = match.lastgroup, match.group()
        if kind == "num":
            tokens.append(_digit_number(piece))
        elif kind == "op":
            tokens.append(Token("op", "/" if piece == "÷" else piece))
        else:
            tokens.append(Token("break", _SPACES.sub(" ", piece)))
    return tokens


def _digit_number(piece: str) -> Token:
    if "/" in piece:
        top_text, bottom_text = piece.split("/")
        top, bottom = int(top_text), int(bottom_text)
        if bottom == 0:
            return Token("break", piece)
        return Token("num", piece, Fraction(top, bottom), top, bottom)
    if piece.isdigit():
        return Token("num", piece, Fraction(int(piece)))
    return Token("num", piece, Fraction(piece.replace(",", "")))


def _combine_words(tokens: list[Token]) -> list[Token]:
    """Number words to numbers, operator words to operators."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        spoken = _digits_then_denominator(tokens, index)
        if spoken is not None:
            out.append(spoken)
            index += 2
            continue
        if token.kind != "break" or token.text == _GAP:
            out.append(token)
            index += 1
            continue
        consumed, number = _number_words(tokens, index)
        if number is not None:
            out.append(number)
            index += consumed
            continue
        out.append(_word_token(token.text))
        index += 1
    return out


def _digits_then_denominator(tokens: list[Token], index: int) -> Token | None:
    """``7 twelfths`` -> 7/12 (a plural fraction word after a whole number)."""
    token = tokens[index]
    if token.kind != "num" or token.value is None or token.numerator is not None:
        return None
    if token.value.denominator != 1 or index + 1 >= len(tokens):
        return None
    word = tokens[index + 1].text
    if not word.endswith("s") or word not in DENOMINATORS:
        return None
    whole = int(token.value)
    denominator = DENOMINATORS[word]
    return Token("num", f"{token.text} {word}", Fraction(whole, denominator), whole, denominator)


def _word_token(word: str) -> Token:
    if word in OPERATOR_PHRASES:
        return Token("op", OPERATOR_PHRASES[word])
    if word in OPERATOR_WORDS:
        return Token("op", OPERATOR_WORDS[word])
    if word in NEGATIVE_WORDS:
        return Token("op", "neg")
    if word in VARIABLES:
        return Token("var", word)
    return Token("break", word)


def _number_words(tokens: list[Token], start: int) -> tuple[int, Token | None]:
    """A run of number words from ``start``: how many tokens it used and the number."""
    phrase = tokens[start].text
    if phrase in A_FRACTIONS:
        bottom = A_FRACTIONS[phrase]
        return 1, Token("num", phrase, Fraction(1, bottom), 1, bottom)
    total, index, weak = _cardinal(tokens, start)
    if total is None:
        return 0, None
    words = " ".join(t.text for t in tokens[start:index])
    denominator = _word_at(tokens, index, DENOMINATORS)
    if denominator is not None:
        fraction = Fraction(total, denominator)
        return index + 1 - start, Token("num", words, fraction, total, denominator)
    if weak:
        return index - start, Token("num", "weak-one", Fraction(1))
    used = _and_a_half(tokens, index)
    extra = Fraction(1, 2) if used else Fraction(0)
    return index + used - start, Token("num", words, Fraction(total) + extra)


def _cardinal(tokens: list[Token], start: int) -> tuple[int | None, int, bool]:
    """(value, index after the words, whether it is only a weak "one")."""
    word = tokens[start].text
    following = tokens[start + 1].text if start + 1 < len(tokens) else ""
    total: int | None = None
    index = start
    if word in WEAK_ONES and following in HUNDREDS:
        total, index = 100, start + 2
    elif word in WEAK_ONES:
        return 1, start + 1, following not in DENOMINATORS
    while index < len(tokens) and tokens[index].kind == "break":
        word = tokens[index].text
        if word in HUNDREDS and (total is None or total < 10):
            total = (total or 1) * 100
        elif word in TENS and (total is None or total % 100 == 0):
            total = (total or 0) + TENS[word]
        elif word in UNITS and (total is None or total % 10 == 0):
            total = (total or 0) + UNITS[word]
        elif word in {"uno", "un", "una", "one"} and total is not None and total % 10 == 0:
            total += 1
        elif not _joins_tens(tokens, index, total):
            break
        index += 1
    return total, index, False


def _joins_tens(tokens: list[Token], index: int, total: int | None) -> bool:
    """Spanish "y" inside a number: "treinta y dos"."""
    if tokens[index].text != "y" or total is None or total < 30 or total % 10:
        return False
    return index + 1 < len(tokens) and tokens[index + 1].text in CARDINAL_WORDS


def _word_at(tokens: list[Token], index: int, table: dict[str, int]) -> int | None:
    if index < len(tokens) and tokens[index].kind == "break":
        return table.get(tokens[index].text)
    return None


def _and_a_half(tokens: list[Token], index: int) -> int:
    """1 when "and a half" / "y medio" follows at ``index``, else 0 (the tokens it uses)."""
    return int(index < len(tokens) and tokens[index].text in HALF_PHRASES)


def _is_operator(token: Token | None) -> bool:
    return token is not None and token.kind == "op" and token.text not in {"(", ")"}


def _resolve_weak_ones(tokens: list[Token], *, short: bool) -> list[Token]:
    out: list[Token] = []
    for index, token in enumerate(tokens):
        if token.text != "weak-one":
            out.append(token)
            continue
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        near_operator = _is_operator(previous) or _is_operator(following)
        keep = near_operator or (short and token.value is not None)
        out.append(Token("num", "1", Fraction(1)) if keep else Token("break", "one"))
    return out


def _resolve_between(tokens: list[Token]) -> list[Token]:
    """``x``, "por", "entre", "of", "de" are operators only between two numbers."""
    out: list[Token] = []
    for index, token in enumerate(tokens):
        word = token.text
        candidate = word in BETWEEN_NUMBERS and token.kind in {"break", "var"}
        if candidate and 0 < index < len(tokens) - 1:
            previous, following = tokens[index - 1], tokens[index + 1]
            if previous.kind == "num" and following.kind == "num":
                fraction_first = previous.denominator is not None
                if word not in {"of", "de"} or fraction_first:
                    out.append(Token("op", BETWEEN_NUMBERS[word]))
                    continue
        out.append(token)
    return out


def _combine_numbers(tokens: list[Token]) -> list[Token]:
    """Mixed numbers (``1 1/2``) and spoken fractions ("7 over 12") become one number."""
    out: list[Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        proper = token.numerator is not None and token.value is not None and 0 < token.value < 1
        if proper and previous is not None and _whole(previous):
            mixed = (previous.value or 0) + (token.value or 0)
            out[-1] = Token("num", f"{previous.text} {token.text}", Fraction(mixed))
        else:
            out.append(token)
    return _combine_over(out)


def _combine_over(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        window = tokens[index : index + 3]
        if len(window) == 3 and window[1].text == "over" and all(map(_whole, window[::2])):
            top, bottom = int(window[0].value or 0), int(window[2].value or 1)
            out.append(Token("num", f"{top}/{bottom}", Fraction(top, bottom), top, bottom))
            index += 3
            continue
        out.append(Token("op", "/") if token.text == "over" else token)
        index += 1
    return out


def _whole(token: Token) -> bool:
    """A positive whole number as written (not a fraction such as ``4/2``)."""
    return (
        token.kind == "num"
        and token.numerator is None
        and token.value is not None
        and token.value.denominator == 1
        and token.value > 0
    )
