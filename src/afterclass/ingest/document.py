"""Raw input to text, and JSON text to documents: size limit, UTF-8, JSON, JSON array, JSON Lines.

Everything that can go wrong before a document is read as a session (too big, not UTF-8, not JSON,
not objects) is raised here as an ``InputError`` that says where (line and column) and what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from afterclass.errors import InputError

#: Inputs larger than this are refused before any parsing (about 4,000 hours of talk as text).
MAX_INPUT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One JSON object of the input and where it came from."""

    value: dict[str, Any]
    index: int
    """0-based position among the documents of the input."""
    line: int | None = None
    """1-based line number when the input is JSON Lines."""
    count: int = 1
    """How many documents the input holds."""

    @property
    def where(self) -> str:
        """``[2]`` or ``[2] (line 3)`` for inputs with several documents; empty for one."""
        if self.count == 1:
            return ""
        return f"[{self.index}]" + (f" (line {self.line})" if self.line is not None else "")


def check_size(size: int, *, source: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"the input is {size / 1024 / 1024:.1f} MB, over the "
            f"{MAX_INPUT_BYTES // 1024 // 1024} MB limit; split it into smaller files "
            "(one session per file, or a few per file)",
            source=source,
        )


def decode(data: bytes | str, *, source: str) -> str:
    """The input as text, after checking its size; bytes must be UTF-8 (a BOM is dropped)."""
    if isinstance(data, str):
        if len(data) > MAX_INPUT_BYTES:  # every character is at least one byte
            check_size(len(data), source=source)
        elif len(data) * 4 > MAX_INPUT_BYTES:
            check_size(len(data.encode("utf-8", errors="surrogatepass")), source=source)
        return data.removeprefix("\ufeff")
    check_size(len(data), source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"the input is not UTF-8 text (bad byte at offset {error.start}); "
            "save the file as UTF-8 and try again",
            source=source,
        ) from error


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON; give a number")


def _loads(text: str, *, source: str, line_offset: int = 0) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON at line {error.lineno + line_offset}, column {error.colno}: "
            f"{error.msg}; fix the JSON there (or check that this is the format you meant)",
            source=source,
        ) from error
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}", source=source) from error
    except RecursionError as error:
        raise InputError(
            "the JSON is nested too deeply to be a session; check what produced it", source=source
        ) from error


def _objects(values: list[Any], *, source: str, lines: list[int] | None = None) -> list[Document]:
    if not values:
        raise InputError("the JSON array is empty; give at least one session", source=source)
    documents = []
    for index, value in enumerate(values):
        line = lines[index] if lines is not None else None
        if not isinstance(value, dict):
            where = f"line {line}" if line is not None else f"[{index}]"
            raise InputError(
                f"{where}: each session must be a JSON object {{...}}, got {type(value).__name__}",
                source=source,
            )
        documents.append(Document(value, index, line, len(values)))
    return documents


def _json_lines(text: str, *, source: str) -> list[Document]:
    values: list[Any] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            values.append(_loads(line, source=source, line_offset=number - 1))
            numbers.append(number)
    return _objects(values, source=source, lines=numbers)


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def parse_documents(text: str, *, source: str) -> list[Document]:
    """A single JSON object, a JSON array of objects, or JSON Lines (one object per line)."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and _first_line_is_json(text):
            return _json_lines(text, source=source)
        if error.msg == "Extra data":
            raise InputError(
                f"more than one JSON document (the second starts at line {error.lineno}, "
                f"column {error.colno}); put several sessions in a JSON array or one per line "
                "(JSON Lines)",
                source=source,
            ) from error
        value = _loads(text, source=source)
    except (ValueError, RecursionError):
        value = _loads(text, source=source)
    if isinstance(value, list):
        return _objects(value, source=source)
    if isinstance(value, dict):
        return [Document(value, 0)]
    raise InputError(
        f"the JSON must be an object or an array of objects, got {type(value).__name__}",
        source=source,
    )


def looks_like_json(text: str) -> bool:
    """True when the text starts like a JSON object or array."""
    return text.lstrip()[:1] in {"{", "["}
