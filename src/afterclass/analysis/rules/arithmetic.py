"""Arithmetic in a sentence: find ``3/4 + 1/6``, "seven minus two" or ``2x + 3 = 11``, work it out.

An expression is a run of numbers, operators and at most one variable with at least one
operator between two operands. It is evaluated exactly (``fractions.Fraction``) with the usual
precedence (``^`` before ``* /`` before ``+ -``, left to right), unary minus and implicit
multiplication (``2x``, ``3(4 + 1)``). An equation in one variable is solved when it is linear
(``2x + 3 = 11`` -> 4). Anything else (two variables, ``x * x``, division by zero) has no value:
the analyzer then learns the expected answer from the tutor instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from afterclass.analysis.rules.numbers import Token, format_value, read_tokens

_BINARY = {"+", "-", "*", "/", "^", "="}
_MAX_EXPONENT = 12
_NUMBER_VARIABLE = re.compile(r"(\d) ([a-z])\b")


@dataclass(frozen=True)
class Expression:
    text: str
    """The expression as afterclass writes it, e.g. ``1/4 + 1/3``."""
    value: Fraction | None
    """Its value, the solution of an equation, or None when it cannot be worked out."""
    terms: tuple[Token, ...]
    """The numbers in it, as written."""
    operators: tuple[str, ...]
    """Its binary operators in order (``=`` included)."""


class _Linear(NamedTuple):
    """``slope * x + constant``."""

    slope: Fraction
    constant: Fraction


class _NoValue(Exception):
    """The run is not an expression afterclass can work out."""


def find_expression(text: str) -> Expression | None:
    """The longest expression in ``text`` (the first of equal length), or None."""
    return expression_in(read_tokens(text))


def expression_in(tokens: list[Token]) -> Expression | None:
    """The longest expression among already read ``tokens``, or None."""
    if not any(token.kind == "op" for token in tokens):
        return None
    best: Expression | None = None
    for run in _runs(tokens):
        expression = _expression(run)
        if expression is not None and (best is None or len(expression.terms) > len(best.terms)):
            best = expression
    return best


def _runs(tokens: list[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind in {"num", "op", "var"}:
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return [_trimmed(run) for run in runs]


def _trimmed(run: list[Token]) -> list[Token]:
    start, end = 0, len(run)
    while (
        start < end
        and run[start].kind == "op"
        and run[start].text in {"+", "*", "/", "=", ")", "^"}
    ):
        start += 1
    while end > start and run[end - 1].kind == "op" and run[end - 1].text != ")":
        end -= 1
    return run[start:end]


def _expression(run: list[Token]) -> Expression | None:
    terms = tuple(token for token in run if token.kind == "num")
    operators = tuple(
        token.text
        for index, token in enumerate(run)
        if token.kind == "op"
        and token.text in _BINARY
        and index > 0
        and _ends_operand(run[index - 1])
    )
    variables = {token.text for token in run if token.kind == "var"}
    if not operators or len(terms) + len(variables) < 2 or len(variables) > 1:
        return None
    try:
        value = _evaluate(run, has_variable=bool(variables))
    except _NoValue:
        value = None
    return Expression(_render(run), value, terms, operators)


def _ends_operand(token: Token) -> bool:
    return token.kind in {"num", "var"} or token.text == ")"


def _render(run: list[Token]) -> str:
    parts: list[str] = []
    for token in run:
        if token.kind == "num" and token.value is not None:
            parts.append(token.text if token.text[0].isdigit() else format_value(token.value))
        elif token.text == "neg":
            parts.append("-")
        else:
            parts.append(token.text)
    text = " ".join(parts).replace("( ", "(").replace(" )", ")")
    return _NUMBER_VARIABLE.sub(r"\1\2", text)


def _evaluate(run: list[Token], *, has_variable: bool) -> Fraction | None:
    sides = _split(run, "=")
    values = [_Parser(side).parse() for side in sides]
    if not has_variable:
        first = values[0]
        return first.constant
    if len(values) != 2:
        raise _NoValue
    left, right = values
    slope = left.slope - right.slope
    if slope == 0:
        raise _NoValue
    return (right.constant - left.constant) / slope


def _split(run: list[Token], separator: str) -> list[list[Token]]:
    sides: list[list[Token]] = [[]]
    for token in run:
        if token.kind == "op" and token.text == separator:
            sides.append([])
        else:
            sides[-1].append(token)
    if any(not side for side in sides):
        raise _NoValue
    return sides


class _Parser:
    """Recursive descent over one side of an expression, giving a linear form."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._position = 0

    def parse(self) -> _Linear:
        result = self._sum()
        if self._position != len(self._tokens):
            raise _NoValue
        return result

    def _peek(self) -> Token | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _take(self) -> Token:
        token = self._peek()
        if token is None:
            raise _NoValue
        self._position += 1
        return token

    def _sum(self) -> _Linear:
        result = self._product()
        while (token := self._peek()) is not None and token.text in {"+", "-"}:
            self._take()
            right = self._product()
            sign = 1 if token.text == "+" else -1
            result = _Linear(
                result.slope + sign * right.slope, result.constant + sign * right.constant
            )
        return result

    def _product(self) -> _Linear:
        result = self._unary()
        while (token := self._peek()) is not None:
            if token.text in {"*", "/"}:
                self._take()
                result = _combine(result, self._unary(), token.text)
            elif token.kind == "var" or token.text == "(" or token.kind == "num":
                result = _combine(result, self._unary(), "*")
            else:
                break
        return result

    def _unary(self) -> _Linear:
        token = self._peek()
        if token is not None and token.text in {"-", "neg"}:
            self._take()
            inner = self._unary()
            return _Linear(-inner.slope, -inner.constant)
        return self._power()

    def _power(self) -> _Linear:
        base = self._atom()
        token = self._peek()
        if token is None or token.text != "^":
            return base
        self._take()
        exponent = self._unary()
        if base.slope or exponent.slope or exponent.constant.denominator != 1:
            raise _NoValue
        if abs(exponent.constant) > _MAX_EXPONENT or (base.constant == 0 and exponent.constant < 0):
            raise _NoValue
        return _Linear(Fraction(0), base.constant ** int(exponent.constant))

    def _atom(self) -> _Linear:
        token = self._take()
        if token.kind == "num" and token.value is not None:
            return _Linear(Fraction(0), token.value)
        if token.kind == "var":
            return _Linear(Fraction(1), Fraction(0))
        if token.text == "(":
            inner = self._sum()
            if self._take().text != ")":
                raise _NoValue
            return inner
        raise _NoValue


def _combine(left: _Linear, right: _Linear, operator: str) -> _Linear:
    if operator == "*":
        if left.slope and right.slope:
            raise _NoValue
        return _Linear(
            left.slope * right.constant + right.slope * left.constant,
            left.constant * right.constant,
        )
    if right.slope or right.constant == 0:
        raise _NoValue
    return _Linear(left.slope / right.constant, left.constant / right.constant)
