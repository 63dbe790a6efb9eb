"""Number words read as numbers, and operator words as operators: "seven twelfths" (7/12),
"treinta y dos" (32), "three and a half", "7 over 12", "x" and "of" between two numbers.

Each step takes the tokens :mod:`afterclass.analysis.rules.numbers` has read and returns them
combined; ``numbers.read_tokens`` says when each step runs. The vocabulary is in
:mod:`afterclass.analysis.rules.number_words`.
"""

from __future__ import annotations

from fractions import Fraction

from afterclass.analysis.rules.number_words import (
    A_FRACTIONS,
    BETWEEN_NUMBERS,
    CARDINAL_WORDS,
    DENOMINATORS,
    HALF_PHRASES,
    HUNDREDS,
    NEGATIVE_WORDS,
    OPERATOR_PHRASES,
    OPERATOR_WORDS,
    TENS,
    UNITS,
    VARIABLES,
    VOCABULARY,
    WEAK_ONES,
)
from afterclass.analysis.rules.tokens import GAP, Token, is_whole

#: A "one" that may be the article "a": ``resolve_weak_ones`` decides (see ``numbers``).
WEAK_ONE = Token("num", "weak-one", Fraction(1))


def combine_words(tokens: list[Token]) -> list[Token]:
    """Number words to numbers, operator words to operators."""
    out: list[Token] = []
    count = len(tokens)
    index = 0
    while index < count:
        token = tokens[index]
        kind = token.kind
        if kind == "num" and index + 1 < count and tokens[index + 1].text in DENOMINATORS:
            spoken = _digits_then_denominator(tokens, index)
            if spoken is not None:
                out.append(spoken)
                index += 2
                continue
        if kind != "break" or token.text == GAP:
            out.append(token)
            index += 1
            continue
        word = token.text
        if word in _NUMBER_STARTS:
            consumed, number = _number_words(tokens, index)
            if number is not None:
                out.append(number)
                index += consumed
                continue
        out.append(_WORD_MEANINGS.get(word) or _word_token(word))
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
    """What a word that is not a number stands for: an operator, a variable or a break."""
    if word in OPERATOR_PHRASES:
        return Token("op", OPERATOR_PHRASES[word])
    if word in OPERATOR_WORDS:
        return Token("op", OPERATOR_WORDS[word])
    if word in NEGATIVE_WORDS:
        return Token("op", "neg")
    if word in VARIABLES:
        return Token("var", word)
    return Token("break", word)


#: The words a run of number words can start with (see ``_number_words``).
_NUMBER_STARTS = frozenset(
    A_FRACTIONS.keys() | WEAK_ONES | HUNDREDS.keys() | TENS.keys() | UNITS.keys()
)
#: ``_word_token`` of every known word, made once (tokens are immutable).
_WORD_MEANINGS = {word: _word_token(word) for word in VOCABULARY}


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
        return index - start, WEAK_ONE
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


def resolve_weak_ones(tokens: list[Token], *, short: bool) -> list[Token]:
    """Each ``WEAK_ONE`` becomes the number 1 next to an operator or in a ``short`` reply, and
    the word "one" anywhere else."""
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


def resolve_between(tokens: list[Token]) -> list[Token]:
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


def combine_over(tokens: list[Token]) -> list[Token]:
    """Spoken fractions ("7 over 12") become one number; any other "over" is a division."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        window = tokens[index : index + 3]
        if len(window) == 3 and window[1].text == "over" and all(map(is_whole, window[::2])):
            top, bottom = int(window[0].value or 0), int(window[2].value or 1)
            out.append(Token("num", f"{top}/{bottom}", Fraction(top, bottom), top, bottom))
            index += 3
            continue
        out.append(Token("op", "/") if token.text == "over" else token)
        index += 1
    return out
