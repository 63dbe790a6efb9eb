"""Common mistakes, recognised from the problem and the student's wrong answer.

Only two-operand problems are diagnosed, and only when the wrong answer is exactly what the
mistake produces:

- fractions ``a/b ± c/d`` answered ``(a ± c)/(b ± d)``: "added the numerators and the
  denominators";
- fractions with different denominators answered ``(a ± c)/b`` or ``(a ± c)/d``: "combined the
  numerators but kept one denominator";
- whole numbers answered with another operation's result (``3 × 4`` answered 7): "added
  instead of multiplying".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from afterclass.analysis.rules.arithmetic import Expression

_Number = Fraction | int
#: Division of two ints gives a Fraction, never a float.
_OPERATIONS: dict[str, tuple[str, Callable[[_Number, _Number], _Number | None]]] = {
    "+": ("added", lambda a, b: a + b),
    "-": ("subtracted", lambda a, b: a - b),
    "*": ("multiplied", lambda a, b: a * b),
    "/": ("divided", lambda a, b: (Fraction(a, b) if isinstance(a, int) else a / b) if b else None),
}
_INSTEAD = {"+": "adding", "-": "subtracting", "*": "multiplying", "/": "dividing"}


@dataclass(frozen=True)
class Mistake:
    kind: str
    """``added_across``, ``kept_one_denominator`` or ``wrong_operation``."""
    action: str
    """What the student did, in plain words: "added the numerators and the denominators"."""
    example: str
    """The problem and the answer as the student wrote it: "2/3 + 1/6 gave 3/9"."""


def diagnose(
    expression: Expression | None, answers: Sequence[tuple[Fraction, str]]
) -> Mistake | None:
    """The first recognised mistake among the student's ``answers`` (value, as written)."""
    if expression is None or expression.value is None:
        return None
    if len(expression.terms) != 2 or len(expression.operators) != 1:
        return None
    for answer, written in answers:
        if answer == expression.value:
            continue
        action = _fraction_mistake(expression, answer) or _operation_mistake(expression, answer)
        if action is not None:
            kind, words = action
            return Mistake(kind, words, f"{expression.text} gave {written}")
    return None


def _fraction_mistake(expression: Expression, answer: Fraction) -> tuple[str, str] | None:
    first, second = expression.terms
    operator = expression.operators[0]
    if operator not in {"+", "-"} or first.numerator is None or second.numerator is None:
        return None
    if first.denominator is None or second.denominator is None:
        return None
    sign = 1 if operator == "+" else -1
    top = first.numerator + sign * second.numerator
    bottom = first.denominator + sign * second.denominator
    verb = "added" if operator == "+" else "subtracted"
    if bottom != 0 and answer == Fraction(top, bottom):
        return "added_across", f"{verb} the numerators and the denominators"
    if first.denominator != second.denominator:
        kept = {Fraction(top, first.denominator), Fraction(top, second.denominator)}
        if answer in kept:
            return "kept_one_denominator", f"{verb} the numerators but kept one denominator"
    return None


def _operation_mistake(expression: Expression, answer: Fraction) -> tuple[str, str] | None:
    first, second = expression.terms
    operator = expression.operators[0]
    if operator not in _OPERATIONS or first.value is None or second.value is None:
        return None
    a, b = _plain(first.value), _plain(second.value)
    for other, (verb, operate) in _OPERATIONS.items():
        if other != operator and operate(a, b) == answer:
            return "wrong_operation", f"{verb} instead of {_INSTEAD[operator]}"
    return None


def _plain(value: Fraction) -> Fraction | int:
    """A whole number as an int: the same results, much faster to work out (see _OPERATIONS)."""
    return value.numerator if value.denominator == 1 else value
