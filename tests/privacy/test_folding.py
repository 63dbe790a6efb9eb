"""Folding: patterns and texts fold the same way, whatever the script, and keep their length."""

from __future__ import annotations

import re

from afterclass.privacy.folding import fold_char, fold_text

ALL_CHARACTERS = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
TRUSTED = [chr(code) for code in range(0x20, 0x7F)] + [chr(code) for code in range(0xC0, 0x250)]


def test_every_character_a_pattern_letter_matches_folds_to_that_letter() -> None:
    """``re.IGNORECASE`` and the folded text agree on every character of every script."""
    matched = set(re.findall("[" + re.escape("".join(TRUSTED)) + "]", ALL_CHARACTERS, re.I))
    for ch in TRUSTED:
        folded = fold_char(ch)
        if folded is None:
            continue
        for other in matched:
            if re.fullmatch(re.escape(ch), other, re.IGNORECASE):
                assert fold_text(other) in (folded, folded.strip()), (ch, other)


def test_every_decimal_digit_folds_to_zero_and_folding_keeps_the_length() -> None:
    digits = "".join(re.findall(r"\d", ALL_CHARACTERS))
    assert set(fold_text(digits)) == {"0"}
    assert len(fold_text(ALL_CHARACTERS)) == len(ALL_CHARACTERS)


def test_accents_case_and_punctuation_fold_away() -> None:
    assert fold_text("¡Hola, JOSÉ! Ñandú 2013-05-14 maya@x.org 3:45") == (
        " hola  jose  nandu 0000 00 00 maya@x org 0:00"
    )
