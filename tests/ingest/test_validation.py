"""readable_validation_error: pydantic errors as lines a person can act on."""

from __future__ import annotations

import pydantic
import pytest

from afterclass.ingest import readable_validation_error
from afterclass.models import Session, Turn


def _error(model: type[pydantic.BaseModel], value: object) -> pydantic.ValidationError:
    with pytest.raises(pydantic.ValidationError) as caught:
        model.model_validate(value)
    return caught.value


def test_literal_error_lists_the_choices_and_the_value() -> None:
    error = _error(Turn, {"speaker": "teacher", "text": "hi"})

    assert readable_validation_error(error) == (
        "speaker: must be one of student, tutor, system (got 'teacher')"
    )


def test_prefix_and_list_indexes_in_the_path() -> None:
    value = {"turns": [{"speaker": "tutor", "text": "a"}, {"speaker": "x", "text": "b"}]}
    error = _error(Session, {"conversation": value})

    lines = readable_validation_error(error, prefix="body.").splitlines()

    assert (
        "body.conversation.turns[1].speaker: must be one of student, tutor, system (got 'x')"
        in (lines)
    )
    assert "body.session_id: is required; add it" in lines


def test_own_validator_message_is_kept_and_put_at_the_field_it_names() -> None:
    error = _error(Turn, {"speaker": "tutor", "text": "a", "start_s": 5, "end_s": 2})

    assert readable_validation_error(error) == (
        "end_s: end_s (2.0) is before start_s (5.0); give end_s >= start_s"
    )


def test_long_values_are_shortened_and_many_problems_counted() -> None:
    turns = [{"speaker": "x" * 500, "text": "a"} for _ in range(30)]
    error = _error(Session, {"conversation": {"turns": turns}})

    lines = readable_validation_error(error).splitlines()

    assert len(lines) == 21  # 4 missing fields + 30 bad speakers = 34: 20 shown, then a count
    assert lines[-1] == "... and 14 more problem(s)"
    assert lines[4].startswith("conversation.turns[0].speaker: must be one of student, tutor")
    assert lines[4].endswith("xxx...)")
    assert all(len(line) < 150 for line in lines)
