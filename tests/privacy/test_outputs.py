"""Outputs: originals echoed by an analyzer are caught; tags are turned back for allowed readers."""

from __future__ import annotations

import json

from afterclass.privacy import reidentify, scan_and_redact

MAP = {
    "[STUDENT]": "Maya Lopez",
    "[TUTOR]": "Will Parker",
    "[PERSON_1]": "jake",
    "[EMAIL_1]": "maya@x.com",
    "[PHONE_1]": "(512) 555-0199",
    "[ID_1]": "2048",
}


def test_every_form_of_an_original_is_replaced_and_counted() -> None:
    text = "MAYA's work improved; Lopez should call 512.555.0199 or write to Maya@X.com. Jake too."
    assert scan_and_redact(text, MAP) == (
        "[STUDENT]'s work improved; [STUDENT] should call [PHONE_1] or write to [EMAIL_1]. "
        "[PERSON_1] too.",
        5,
    )


def test_names_that_are_words_are_only_caught_capitalized() -> None:
    assert scan_and_redact("The student will practice; Will agrees.", MAP) == (
        "The student will practice; [TUTOR] agrees.",
        1,
    )


def test_a_clean_text_and_existing_tags_are_left_alone() -> None:
    text = "[STUDENT] added fractions with [TUTOR] and used 2048 tokens."
    assert scan_and_redact(text, MAP) == (text, 0)


def test_scanning_keeps_a_json_document_valid() -> None:
    document = json.dumps({"summary": "Maya Lopez did well", "tokens": 2048, "turns": [1, 2]})
    text, leaks = scan_and_redact(document, MAP)
    assert json.loads(text) == {"summary": "[STUDENT] did well", "tokens": 2048, "turns": [1, 2]}
    assert leaks == 1


def test_reidentify_puts_originals_back_and_leaves_unknown_tags() -> None:
    assert (
        reidentify("[STUDENT] and [PERSON_1] met [PERSON_9].", MAP)
        == "Maya Lopez and jake met [PERSON_9]."
    )
