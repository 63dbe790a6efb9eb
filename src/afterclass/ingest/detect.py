"""Which input form a payload is: generic session JSON, a Vapi report, or a plain transcript.

- Text that does not start with ``{`` or ``[`` is a plain transcript, and so is text that starts
  with ``[`` but is not JSON while its first line opens with a timestamp (``[00:05] Tutor: ...``).
- A JSON object with a ``message`` object that has a ``type`` (Vapi's request body), or an object
  with ``type`` and ``call`` or ``artifact`` (the inner message alone), is a Vapi report.
- Any other JSON is a generic session (which then says which fields are wrong or missing).

For an array or JSON Lines, each object is recognised on its own; ``detect_format`` answers for
the first one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, get_args

from afterclass.errors import InputError
from afterclass.ingest.document import decode, looks_like_json, parse_documents

Format = Literal["session", "vapi", "transcript"]
FORMATS: tuple[Format, ...] = get_args(Format)

_TIMESTAMPED_LINE = re.compile(r"^\s*[\[(]\d{1,3}:\d{2}")


def check_format(name: str | None) -> Format | None:
    """The format name, or ``InputError`` naming the accepted ones."""
    if name is None:
        return None
    for known in FORMATS:
        if name == known:
            return known
    raise InputError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}", field="format")


def starts_like_transcript(text: str) -> bool:
    """True when the first non-blank line opens with a ``[mm:ss]`` or ``(mm:ss)`` timestamp."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return bool(_TIMESTAMPED_LINE.match(first))


def format_of(value: Mapping[str, Any]) -> Format:
    """The format of one parsed JSON object."""
    message = value.get("message")
    if isinstance(message, Mapping) and "type" in message:
        return "vapi"
    if isinstance(value.get("type"), str) and ("call" in value or "artifact" in value):
        return "vapi"
    return "session"


def detect_format(data: bytes | str) -> Format:
    """Recognise the input form (rules in the module docstring)."""
    text = decode(data, source="<input>")
    if not looks_like_json(text):
        return "transcript"
    try:
        documents = parse_documents(text, source="<input>")
    except InputError:
        return "transcript" if starts_like_transcript(text) else "session"
    return format_of(documents[0].value)
