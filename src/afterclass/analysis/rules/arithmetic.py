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
from fractions import Fraction
from operator import attrgetter
from typing import NamedTuple

from afterclass.analysis.rules.numbers import format_value, read_tokens
from afterclass.analysis.rules.tokens import Token

_BINARY = {"+", "-", "*", "/", "^", "="}
_FLAT_OPERATORS = {"+", "-", "*", "/", "="}
_MAX_EXPONENT = 12
#: The space in "2 x": rendered as ``2x``.
_NUMBER_VARIABLE = re.compile(r"(?<=\d) (?=[a-z]\b)")
_KIND = attrgetter("kind")


class Expression(NamedTuple):
    """An expression found in a sentence (a tuple, for speed)."""

    text: str
    """The expression as afterclass writes it, e.g. ``1/4 + 1/3``."""
    value: Fraction | None
    """Its value, the solution of an equation, or None when it cannot be worked out."""
    terms: tuple[Token, ...]
    """The numbers in it, as written."""
    operators: tuple[str, ...]
    """Its binary operators in order (``=`` included)."""


Rational = Fraction | int
"""Whole numbers stay ``int`` while working out (much faster than Fraction, and as exact);
division goes through ``_divide`` so that it never gives a float."""


class _Linear(NamedTuple):
    """``slope * x + constant``."""

    slope: Rational
    constant: Rational


_VARIABLE = _Linear(1, 0)


class _NoValue(Exception):
    """The run is not an expression afterclass can work out."""


def find_expression(text: str) -> Expression | None:
    """The longest expression in ``text`` (the first of equal length), or None."""
    return expression_in(read_tokens(text))


def expression_in(tokens: list[Token]) -> Expression | None:
    """The longest expression among already read ``tokens``, or None."""
    kinds = list(map(_KIND, tokens))
    if "op" not in kinds:
        return None
    best: tuple[list[Token], _Shape] | None = None
    for run in _runs(tokens) if "break" in kinds else [_trimmed(tokens)]:
        shape = _shape(run)
        if shape is not None and (best is None or len(shape.terms) > len(best[1].terms)):
            best = run, shape
    if best is None:
        return None
    run, shape = best
    try:
        if shape.flat and not shape.has_variable:
            value: Fraction | None = _flat_constant(run)
        elif shape.flat:
            value = _flat_value(run, has_variable=True)
        else:
            value = _evaluate(run, has_variable=shape.has_variable)
    except _NoValue:
        value = None
    return Expression(_render(run), value, shape.terms, shape.operators)


def _runs(tokens: list[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind != "break":  # a number, an operator or the variable
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


class _Shape(NamedTuple):
    """What makes a run an expression, read before working anything out."""

    terms: tuple[Token, ...]
    operators: tuple[str, ...]
    has_variable: bool
    flat: bool
    """Operands (numbers, the variable) and ``+ - * / =`` only, never two operators in a row and
    none first (``1/4 + 1/3``, ``2x + 3 = 11``): no parentheses, powers or signs to parse."""


def _shape(run: list[Token]) -> _Shape | None:
    """The run's terms and operators when it is an expression (see the module docstring)."""
    terms: list[Token] = []
    operators: list[str] = []
    variables: set[str] = set()
    after_operand = False
    flat = True
    for token in run:
        kind = token.kind
        if kind == "num":
            terms.append(token)
            after_operand = True
        elif kind == "var":
            variables.add(token.text)
            after_operand = True
        else:
            text = token.text
            if after_operand and text in _BINARY:
                operators.append(text)
            flat = flat and after_operand and text in _FLAT_OPERATORS
            after_operand = text == ")"  # an operand ends with ")" too
    if not operators or len(terms) + len(variables) < 2 or len(variables) > 1:
        return None
    # A run ends with an operand or ")" (see _trimmed): a flat run ends with an operand.
    return _Shape(tuple(terms), tuple(operators), bool(variables), flat)


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
    if text.lower() == text.upper():  # no letter at all, so nothing to join
        return text
    return _NUMBER_VARIABLE.sub("", text)


def _flat_constant(run: list[Token]) -> Fraction:
    """``_flat_value`` of a run without the variable, in plain numbers (the same arithmetic):
    the value of its first side, every side worked out (any of them may have no value)."""
    sides: list[Rational] = []
    total: Rational | None = None
    product: Rational | None = None
    negative, operator = False, "*"
    for token in run:
        if token.kind != "op":
            factor = _number(token)
            if product is None:
                product = factor
            elif operator == "*":
                product = product * factor
            elif factor == 0:
                raise _NoValue
            else:
                product = _divide(product, factor)
            operator = "*"
        elif token.text in {"*", "/"}:
            operator = token.text
        else:
            total = _summed(total, product, negative=negative)
            product, negative = None, token.text == "-"
            if token.text == "=":
                sides.append(total)
                total, negative = None, False
    sides.append(_summed(total, product, negative=negative))
    first = sides[0]
    return first if isinstance(first, Fraction) else Fraction(first)


def _summed(total: Rational | None, term: Rational | None, *, negative: bool) -> Rational:
    """``_add`` for plain numbers."""
    if term is None:
        raise _NoValue
    if total is None:
        return -term if negative else term
    return total - term if negative else total + term


def _flat_value(run: list[Token], *, has_variable: bool) -> Fraction | None:
    """What ``_evaluate`` gives for a flat run (see ``_Shape``), without the parser: each side a
    sum of products, worked out left to right. A term is ``slope * x + constant``, kept in two
    plain numbers (the same arithmetic as ``_combine`` and ``_add``, without their calls)."""
    sides: list[_Linear] = []
    total: _Linear | None = None
    slope: Rational = 0
    constant: Rational = 0
    started, negative, operator = False, False, "*"
    for token in run:
        kind = token.kind
        if kind != "op":
            factor_slope, factor = (1, 0) if kind == "var" else (0, _number(token))
            if not started:
                slope, constant, started = factor_slope, factor, True
            elif operator == "*":
                if slope and factor_slope:
                    raise _NoValue
                slope = slope * factor + factor_slope * constant if factor_slope or slope else 0
                constant = constant * factor
            else:
                if factor_slope or factor == 0:
                    raise _NoValue
                slope = _divide(slope, factor) if slope else 0
                constant = _divide(constant, factor)
            operator = "*"
        elif token.text in {"*", "/"}:
            operator = token.text
        else:
            total = _add(total, _Linear(slope, constant) if started else None, negative=negative)
            started, negative = False, token.text == "-"
            if token.text == "=":
                sides.append(total)
                total, negative = None, False
    sides.append(_add(total, _Linear(slope, constant) if started else None, negative=negative))
    return _solve(sides, has_variable=has_variable)


def _add(total: _Linear | None, term: _Linear | None, *, negative: bool) -> _Linear:
    if term is None:  # a flat run has an operand before every operator
        raise _NoValue
    if total is None:
        return _Linear(-term.slope, -term.constant) if negative else term
    if negative:
        return _Linear(total.slope - term.slope, total.constant - term.constant)
    return _Linear(total.slope + term.slope, total.constant + term.constant)


def _number(token: Token) -> Rational:
    value = token.value
    if value is None:
        raise _NoValue
    return value.numerator if value.denominator == 1 else value


def _evaluate(run: list[Token], *, has_variable: bool) -> Fraction | None:
    return _solve([_Parser(side).parse() for side in _split(run, "=")], has_variable=has_variable)


def _solve(values: list[_Linear], *, has_variable: bool) -> Fraction | None:
    """The value of the only side, or the variable's value that makes the two sides equal."""
    if not has_variable:
        constant = values[0].constant
        return constant if isinstance(constant, Fraction) else Fraction(constant)
    if len(values) != 2:
        raise _NoValue
    left, right = values
    slope = left.slope - right.slope
    if slope == 0:
        raise _NoValue
    return _divide(right.constant - left.constant, slope)


def _divide(top: Rational, bottom: Rational) -> Fraction:
    """``top / bottom``, never a float."""
    if isinstance(top, int):
        return Fraction(top, bottom) if isinstance(bottom, int) else Fraction(top) / bottom
    return top / bottom


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
        self._texts = [token.text for token in tokens] + [""]
        """Each token's text, and "" past the end: the parser looks at texts most."""
        self._position = 0

    def parse(self) -> _Linear:
        result = self._sum()
        if self._position != len(self._tokens):
            raise _NoValue
        return result

    def _take(self) -> Token:
        if self._position >= len(self._tokens):
            raise _NoValue
        self._position += 1
        return self._tokens[self._position - 1]

    def _sum(self) -> _Linear:
        result = self._product()
        while (text := self._texts[self._position]) in {"+", "-"}:
            self._position += 1
            right = self._product()
            if text == "+":
                result = _Linear(result.slope + right.slope, result.constant + right.constant)
            else:
                result = _Linear(result.slope - right.slope, result.constant - right.constant)
        return result

    def _product(self) -> _Linear:
        result = self._unary()
        while self._position < len(self._tokens):
            token = self._tokens[self._position]
            if token.text in {"*", "/"}:
                self._position += 1
                result = _combine(result, self._unary(), token.text)
            elif token.kind == "var" or token.text == "(" or token.kind == "num":
                result = _combine(result, self._unary(), "*")
            else:
                break
        return result

    def _unary(self) -> _Linear:
        if self._texts[self._position] in {"-", "neg"}:
            self._position += 1
            inner = self._unary()
            return _Linear(-inner.slope, -inner.constant)
        return self._power()

    def _power(self) -> _Linear:
        base = self._atom()
        if self._texts[self._position] != "^":
            return base
        self._position += 1
        exponent = self._unary()
        if base.slope or exponent.slope or exponent.constant.denominator != 1:
            raise _NoValue
        power = int(exponent.constant)
        if abs(power) > _MAX_EXPONENT or (base.constant == 0 and power < 0):
            raise _NoValue
        if power < 0:
            return _Linear(0, Fraction(base.constant) ** power)
        return _Linear(0, base.constant**power)

    def _atom(self) -> _Linear:
        token = self._take()
        if token.kind == "num" and token.value is not None:
            return _Linear(0, _number(token))
        if token.kind == "var":
            return _VARIABLE
        if token.text == "(":
            inner = self._sum()
            if self._take().text != ")":
                raise _NoValue
            return inner
        raise _NoValue


def _combine(left: _Linear, right: _Linear, operator: str) -> _Linear:
    if operator == "*":
        if not left.slope and not right.slope:
            return _Linear(0, left.constant * right.constant)
        if left.slope and right.slope:
            raise _NoValue
        return _Linear(
            left.slope * right.constant + right.slope * left.constant,
            left.constant * right.constant,
        )
    if right.slope or right.constant == 0:
        raise _NoValue
    constant = _divide(left.constant, right.constant)
    return _Linear(_divide(left.slope, right.constant) if left.slope else 0, constant)
