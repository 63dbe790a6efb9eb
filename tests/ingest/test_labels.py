"""Speaker labels: which prefixes read like a speaker's name."""

from __future__ import annotations

import pytest

from afterclass.ingest.labels import label_shaped, normalize_label


@pytest.mark.parametrize(
    "label", ["Leo", "LEO", "Ms. Rivera", "Leo da Silva", "O'Brien", "Jean-Luc", "**Leo**", "Zoë"]
)
def test_names_are_label_shaped(label: str) -> None:
    assert label_shaped(label)


@pytest.mark.parametrize(
    "label",
    [
        "Hint",
        "Step 1",
        "Note",
        "Answer",
        "Example",
        "Final Answer",
        "The rule",
        "Great job",
        "leo",
        "Q",
        "Anna Maria Lopez Garcia",
        "R2D2",
    ],
)
def test_teaching_words_and_sentences_are_not_label_shaped(label: str) -> None:
    assert not label_shaped(label)


def test_normalize_label_removes_markdown_emphasis() -> None:
    assert normalize_label("**Tutor.**") == "tutor"
    assert normalize_label("__AI   Tutor__") == "ai tutor"
