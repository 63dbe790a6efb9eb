"""Reading numbers and working out expressions the way students and tutors write and say them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from afterclass.analysis.rules.arithmetic import find_expression
from afterclass.analysis.rules.mistakes import diagnose
from afterclass.analysis.rules.numbers import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I think it's 7/12", [Fraction(7, 12)]),
        ("seven twelfths", [Fraction(7, 12)]),
        ("7 over 12", [Fraction(7, 12)]),
        ("-3", [-3]),
        ("x = -4", [-4]),
        ("negative four", [-4]),
        ("1 1/2", [Fraction(3, 2)]),
        ("three and a half", [Fraction(7, 2)]),
        ("it's 3.5.", [Fraction(7, 2)]),
        ("$1,250", [1250]),
        ("twenty-one", [21]),
        ("one hundred twenty", [120]),
        ("a half", [Fraction(1, 2)]),
        ("one", [1]),
        ("tres cuartos", [Fraction(3, 4)]),
        ("siete doceavos", [Fraction(7, 12)]),
        ("treinta y dos", [32]),
        ("dos y medio", [Fraction(5, 2)]),
        ("3, 1/2", [3, Fraction(1, 2)]),
        ("it's 2.5/5", [Fraction(1, 2)]),
        ("0.5/2", [Fraction(1, 4)]),
    ],
)
def test_numbers_in_replies(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    ["this one is hard for me, okay", "a lot", "[PERSON_1] and [STUDENT] are here", "1/0"],
)
def test_no_number_where_none_is_meant(text):
    assert values(text) == []


@pytest.mark.parametrize(
    ("text", "rendered", "value"),
    [
        ("What is 1/4 + 1/3?", "1/4 + 1/3", Fraction(7, 12)),
        ("Solve 2x + 3 = 11.", "2x + 3 = 11", 4),
        ("x + 5 = 12", "x + 5 = 12", 7),
        ("What's seven minus two?", "7 - 2", 5),
        ("What's 12 divided by 4?", "12 / 4", 3),
        ("Now try 3 x 4", "3 * 4", 12),
        ("What is 1/2 of 8?", "1/2 * 8", 4),
        ("What's 2^3 + 1?", "2 ^ 3 + 1", 9),
        ("3(4 + 1) = ?", "3 (4 + 1)", 15),
        ("What is 8 - 6 / 2?", "8 - 6 / 2", 5),
        ("¿Cuánto es 1/2 más 1/4?", "1/2 + 1/4", Fraction(3, 4)),
        ("¿Cuánto es 3 por 4?", "3 * 4", 12),
    ],
)
def test_expressions_are_found_and_worked_out(text, rendered, value):
    expression = find_expression(text)
    assert expression is not None
    assert (expression.text, expression.value) == (rendered, value)


@pytest.mark.parametrize("text", ["Simplify 2x + 3x.", "What is x times x = 4?", "5 / 0 + 1"])
def test_expressions_without_a_single_value(text):
    expression = find_expression(text)
    assert expression is not None
    assert expression.value is None


def test_no_expression_in_a_plain_statement():
    assert find_expression("Maya has 3 bags with 4 apples in each bag.") is None


@pytest.mark.parametrize(
    ("problem", "answer", "kind", "action"),
    [
        ("2/3 + 1/6", "3/9", "added_across", "added the numerators and the denominators"),
        (
            "3/4 + 1/8",
            "4/8",
            "kept_one_denominator",
            "added the numerators but kept one denominator",
        ),
        (
            "3/4 - 1/8",
            "2/4",
            "kept_one_denominator",
            "subtracted the numerators but kept one denominator",
        ),
        ("3 * 4", "7", "wrong_operation", "added instead of multiplying"),
    ],
)
def test_common_mistakes_are_named_with_the_example(problem, answer, kind, action):
    expression = find_expression(problem)
    mistake = diagnose(expression, [(values(answer)[0], answer)])
    assert mistake is not None
    assert (mistake.kind, mistake.action) == (kind, action)
    assert mistake.example == f"{expression.text} gave {answer}"


def test_an_unrecognised_wrong_answer_is_not_diagnosed():
    expression = find_expression("2/3 + 1/6")
    assert diagnose(expression, [(Fraction(2, 3), "2/3")]) is None


@pytest.mark.parametrize(
    "text", ["Now try 3 x 4", "Solve 2x + 3 = 11.", "seven twelfths", "it's 3.5.", "3 of 4"]
)
def test_a_sentence_with_accents_or_curly_quotes_reads_the_same(text):
    for other in (f"¿{text}?", f"{text} – ¡sí!", f"{text} it’s"):
        assert values(other) == values(text)
        expression, again = find_expression(text), find_expression(other)
        assert (expression and (expression.text, expression.value)) == (
            again and (again.text, again.value)
        )
