"""Pydantic validation errors rewritten as lines a person can act on.

``readable_validation_error`` turns each error of a ``ValidationError`` into one line,
``path: what is wrong (got value)``, e.g.
``conversation.turns[3].speaker: must be one of student, tutor, system (got 'teacher')``.
The web layer reuses it for webhook bodies; ``input_error`` wraps the result in an ``InputError``.

A check across fields (a model validator) has no field of its own; when its message opens with
a snake_case field name (``ended_at (...) is before started_at (...)``), it is reported there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pydantic

from afterclass.errors import InputError

#: At most this many problems are listed; the rest are counted.
MAX_LISTED_PROBLEMS = 20
_MAX_SHOWN_VALUE = 60
#: The field a cross-field check's message opens with: ``ended_at (2025-...) is before ...``.
_OPENING_FIELD = re.compile(r"^(?:Value error, )?(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+) \(")

_FIXED_TEXT = {
    "missing": "is required; add it",
    "extra_forbidden": "is not a known field; remove it or check its spelling "
    "(`afterclass schema session` lists the fields)",
    "timezone_aware": "must include a timezone, e.g. 2025-03-01T16:00:00Z or +02:00",
    "string_type": "must be a text string",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "bool_type": "must be true or false",
    "datetime_type": "must be an ISO 8601 date and time with a timezone",
    "datetime_parsing": "must be an ISO 8601 date and time with a timezone, "
    "e.g. 2025-03-01T16:00:00Z",
    "datetime_from_date_parsing": "must be an ISO 8601 date and time with a timezone, "
    "e.g. 2025-03-01T16:00:00Z",
}


def field_path(loc: tuple[int | str, ...], *, prefix: str = "") -> str:
    """``("conversation", "turns", 3, "speaker")`` -> ``conversation.turns[3].speaker``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path and not path.endswith(".") else str(part)
    return path.rstrip(".") or "(the document)"


def error_loc(error: Mapping[str, Any]) -> tuple[int | str, ...]:
    """Where a pydantic error is; a cross-field check's error is put at the field it names."""
    loc = tuple(error.get("loc", ()))
    match = _OPENING_FIELD.match(str(error.get("msg", "")))
    if error.get("type") == "value_error" and match and (not loc or loc[-1] != match["name"]):
        return (*loc, match["name"])
    return loc


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_SHOWN_VALUE:
        text = text[: _MAX_SHOWN_VALUE - 3] + "..."
    return text


def _constraint_text(kind: str, ctx: Mapping[str, Any]) -> str | None:
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"must be one of {expected}"
    limits = {
        "string_too_short": "must have at least {min_length} character(s)",
        "string_too_long": "must have at most {max_length} characters",
        "too_short": "must have at least {min_length} item(s)",
        "too_long": "must have at most {max_length} items",
        "greater_than_equal": "must be at least {ge}",
        "greater_than": "must be more than {gt}",
        "less_than_equal": "must be at most {le}",
        "less_than": "must be less than {lt}",
        "string_pattern_mismatch": "has a form or characters not allowed (pattern {pattern})",
    }
    template = limits.get(kind)
    if template is None:
        return None
    shown = {key: f"{value:g}" if isinstance(value, float) else value for key, value in ctx.items()}
    return template.format(**shown)


def describe_error(error: Mapping[str, Any]) -> str:
    """The 'what is wrong' part of one pydantic error (without the path)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    text = _FIXED_TEXT.get(kind) or _constraint_text(kind, ctx)
    if text is None:
        message = str(error.get("msg", "is not valid"))
        text = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    value = error.get("input")
    if kind in {"missing", "value_error"} or isinstance(value, dict | list):
        return text
    return f"{text} (got {_shown(value)})"


def readable_validation_error(error: pydantic.ValidationError, *, prefix: str = "") -> str:
    """One line per problem, ``path: what is wrong (got value)``; ``prefix`` precedes each path."""
    problems = error.errors(include_url=False)
    lines = [
        f"{field_path(error_loc(p), prefix=prefix)}: {describe_error(p)}"
        for p in problems[:MAX_LISTED_PROBLEMS]
    ]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"... and {len(problems) - MAX_LISTED_PROBLEMS} more problem(s)")
    return "\n".join(lines)


def input_error(
    error: pydantic.ValidationError, *, source: str | None, prefix: str = "", what: str = "input"
) -> InputError:
    """An ``InputError`` whose message lists every problem and whose ``field`` is the first path."""
    problems = error.errors(include_url=False)
    first = field_path(error_loc(problems[0]), prefix=prefix) if problems else None
    lines = readable_validation_error(error, prefix=prefix)
    if len(problems) <= 1:
        message = lines
    else:
        indented = "\n".join(f"  {line}" for line in lines.splitlines())
        message = f"the {what} has {len(problems)} problems; fix them:\n{indented}"
    result = InputError(message, source=source)
    result.field = first
    return result
