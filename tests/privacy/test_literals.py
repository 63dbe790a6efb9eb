"""The words a pattern needs: read right from the pattern, and never more than it needs."""

from __future__ import annotations

import random
import re

import pytest

from afterclass.privacy.literals import requirement
from afterclass.privacy.scan import SHORT, Scan


def _needles(pattern: str, flags: int = 0) -> list[set[str]]:
    needs = requirement(re.compile(pattern, flags))
    assert needs is not None
    return [
        {f" {word} " for word in need.words}
        | {"+".join(w.needle for w in group) for group in need.groups}
        for need in needs
    ]


def test_the_words_of_a_context_are_needed_whole_rarest_first() -> None:
    assert _needles(r"\bmy\s+phone\s+is\b", re.I) == [{" phone + is + my "}]


def test_alternatives_are_each_needed_and_accents_fold() -> None:
    needs = _needles(r"\b(?:tel[eé]fono|celular|m[oó]vil)\b", re.I)
    assert needs == [{" telefono ", " celular ", " movil "}]


def test_digits_are_needed_as_runs_of_zeros() -> None:
    assert _needles(r"(?<!\d)\d{9}(?!\d)")[0] == {"000000000"}
    assert _needles(r"\b\d{3}-\d{4}\b")[0] == {" 0000 + 000 "}


def test_symbols_are_words_of_their_own() -> None:
    assert _needles(r"[\w.]+@[\w.]+") == [{" @ "}]


def test_a_pattern_that_could_match_anything_needs_nothing() -> None:
    assert requirement(re.compile(r"[^\n]{4,80}")) is None
    assert requirement(re.compile(r"(?:cat|dog)?\d*")) is None
    assert requirement(re.compile(r"\bcat\b", re.ASCII)) is None


_PIECES = [
    r"cat", r"dog", r"caf[eé]", r"\d", r"\d{2,3}", r"\s+", r"\s*", r"[ \-]?", r"\b", r"[.!?,]",
    r"(?:my|our)", r"(?:is|was)?", r"[A-Z]", r"[a-z]+", r"\w+", r"@", r":", r"(?<!\w)",
    r"(?![\w-])", r"(?:x|y|z){1,2}", r"[^\W\d_]+", r"(?:e-?mail|correo)", r"(?:\.com|\.org)",
    r"(?i:Señora)", r"n[º°]", r"(?:.)", r"\n?", r"(cat|dog)\1?", r"\bhola\b", r"[¡¿]",
]  # fmt: skip
_ANCHORS = [r"^"]  # only as a line anchor: a scan's texts do not start the joined string
_TEXT_WORDS = [
    "cat", "Dog", "CAFÉ", "café", "my", "OUR", "is", "was", "x", "yz", "email", "e-mail", "Correo",
    "@", ":", ".com", ".", ",", "!", "12", "345", "٣", "señora", "nº", "İs", "ıs", "ſ", "-", "\n",
    " ", "  ", "\t", "catdog", "Kat", "K", "¡", "¿", "…", "’s", "—", "hola", "_",
]  # fmt: skip


def _random_pattern(rng: random.Random, multiline: bool) -> str:
    choices = _PIECES + _ANCHORS if multiline else [*_PIECES, r"$"]
    pieces = [rng.choice(choices) for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.3:
        return "(?:" + "".join(pieces[:2]) + "|" + "".join(pieces[2:]) + ")"
    return "".join(pieces)


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_TEXT_WORDS) for _ in range(rng.randint(1, 12)))


def test_a_scan_never_skips_a_match_of_any_pattern() -> None:
    """Random patterns over random texts: whatever the needs say, every match is still found."""
    rng = random.Random(11)
    for _ in range(2000):
        flags = rng.choice([0, re.IGNORECASE, re.IGNORECASE | re.MULTILINE])
        try:
            pattern = re.compile(_random_pattern(rng, bool(flags & re.M)), flags)
        except re.error:
            continue
        texts = [_random_text(rng) for _ in range(rng.randint(1, 4))]
        texts.append("filler " * (SHORT // 6))  # long enough for the words to be checked
        scan = Scan(texts)
        expected = [(i, *m.span()) for i, text in enumerate(texts) for m in pattern.finditer(text)]
        for caseless in (False, True):
            found = []
            for match in scan.finditer(pattern, caseless=caseless):
                segment = scan.segment_of(match.start())
                offset = scan.starts[segment]
                found.append((segment, match.start() - offset, match.end() - offset))
            assert found == expected, (pattern.pattern, texts)


@pytest.mark.parametrize("before", ["¡", "¿", "—", "’", "\u00a0", "@", ":", "_", "٣", "x"])
def test_a_word_is_found_whatever_character_stands_before_it(before: str) -> None:
    texts = ["hello", f"{before}hola amigo", "filler " * (SHORT // 6)]
    pattern = re.compile(r"\bhola\b", re.IGNORECASE)
    expected = [m.start() for m in pattern.finditer(texts[1])]
    scan = Scan(texts)
    found = [m.start() - scan.starts[1] for m in scan.finditer(pattern, caseless=True)]
    assert found == expected
