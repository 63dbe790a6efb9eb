"""detect_format: which of the three forms an input is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from afterclass.ingest import detect_format

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vapi_multiplication_report.json", "vapi"),
        ("sessions.jsonl", "session"),
        ("fractions_session.txt", "transcript"),
    ],
)
def test_fixtures(name: str, expected: str) -> None:
    assert detect_format((FIXTURES / name).read_bytes()) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Tutor: hi", "transcript"),
        ("  \n\nStudent: hello", "transcript"),
        ("[00:03] Tutor: hi", "transcript"),
        ("(00:03) Tutor: hi", "transcript"),
        ('{"session_id": "a"}', "session"),
        ('[{"session_id": "a"}]', "session"),
        ('{"message": {"type": "status-update"}}', "vapi"),
        ('{"type": "end-of-call-report", "call": {}}', "vapi"),
        ('[{"message": {"type": "end-of-call-report"}}]', "vapi"),
        ('{"session_id": ', "session"),  # broken JSON: the session reader reports where
    ],
)
def test_inline_inputs(data: str, expected: str) -> None:
    assert detect_format(data) == expected


def test_bytes_and_text_agree() -> None:
    data = json.dumps({"message": {"type": "end-of-call-report"}})

    assert detect_format(data) == detect_format(data.encode()) == "vapi"
