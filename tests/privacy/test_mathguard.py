"""Mathematics is never redacted: a PII-free math dialogue comes out unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterclass.privacy import Redactor
from afterclass.privacy.mathguard import in_arithmetic, protected_ranges

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "language"), [("math_talk_en.txt", "en"), ("math_talk_es.txt", "es")]
)
def test_a_math_dialogue_without_personal_data_gets_zero_spans(name: str, language: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    redaction = Redactor(language=language).redact(text)
    assert [text[s.start : s.end] for s in redaction.spans] == []
    assert redaction.text == text


def test_the_seeds_patterns_would_have_redacted_this_dialogue() -> None:
    """The fixture is not trivially clean: the seed's name pattern fires on it."""
    text = (FIXTURES / "math_talk_en.txt").read_text(encoding="utf-8")
    assert "Pythagorean Theorem" in text and "Khan Academy" in text and "Common Core" in text


@pytest.mark.parametrize(
    "phrase",
    [
        "Pythagorean Theorem",
        "Euler's formula",
        "Pascal's triangle",
        "Taylor series",
        "teorema de Pitágoras",
        "triángulo de Pascal",
        "Khan Academy",
        "Newton's method",
        "Venn diagram",
    ],
)
def test_named_results_are_protected_stretches(phrase: str) -> None:
    text = f"we studied {phrase} today"
    assert [text[a:b] for a, b in protected_ranges(text)] == [phrase]


def test_numbers_next_to_operators_or_math_words_are_operands() -> None:
    text = "what is 415 237 8899 plus 2"
    start = text.index("415")
    assert in_arithmetic(text, start, start + len("415 237 8899"))
    text = "my number is 415 237 8899 ok"
    assert not in_arithmetic(text, text.index("415"), text.index(" ok"))


def test_a_phone_said_with_context_survives_the_guard_even_next_to_math_words() -> None:
    text = "call my mom at 512-555-0199 plus tell her hi"
    assert Redactor().redact(text).text == "call my mom at [PHONE_1] plus tell her hi"
