"""The token: one piece of a text as the number reader sees it (a number, an operator, a variable
or a break). :mod:`afterclass.analysis.rules.numbers` makes them and
:mod:`afterclass.analysis.rules.arithmetic` parses them into expressions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, NamedTuple

TokenKind = Literal["num", "op", "var", "break"]
#: The text of a break that stands for words the reader does not know.
GAP = "…"


class Token(NamedTuple):
    """One piece of a text: a number, an operator, a variable or a break (a tuple, for speed)."""

    kind: TokenKind
    text: str
    value: Fraction | None = None
    numerator: int | None = None
    """For a written fraction (``7/12`` or "seven twelfths"): its numerator, else None."""
    denominator: int | None = None


def is_whole(token: Token) -> bool:
    """A positive whole number as written (not a fraction such as ``4/2``)."""
    return (
        token.kind == "num"
        and token.numerator is None
        and token.value is not None
        and token.value.denominator == 1
        and token.value > 0
    )
