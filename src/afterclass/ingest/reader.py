"""Read any accepted input into Sessions: the entry point of ``afterclass.ingest``.

``parse_payload`` takes bytes or text (a webhook body, a file's content); ``load_file`` reads a
file first, refusing one over ``MAX_INPUT_BYTES`` before reading it, and gives a plain
transcript the file's modification time as its end (the file is saved after the session; the
start is that time minus the estimated length) unless the caller gave a start or an end.
"""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from afterclass.errors import InputError
from afterclass.ingest.detect import Format, check_format, format_of, starts_like_transcript
from afterclass.ingest.document import (
    Document,
    check_size,
    decode,
    looks_like_json,
    parse_documents,
)
from afterclass.ingest.generic import parse_session
from afterclass.ingest.plain import NO_DEFAULTS, TranscriptDefaults, session_from_transcript
from afterclass.ingest.vapi import parse_vapi
from afterclass.models import Session


def _from_document(document: Document, forced: Format | None, *, source: str) -> Session:
    where = f"{source} {document.where}" if document.where else source
    kind = forced or format_of(document.value)
    if kind == "vapi":
        return parse_vapi(document.value, source=where)
    return parse_session(document.value, source=where)


def parse_payload(
    data: bytes | str,
    *,
    format: Format | None = None,
    defaults: TranscriptDefaults = NO_DEFAULTS,
    source: str = "<input>",
) -> list[Session]:
    """Every session in ``data``: a generic session (object, array or JSON Lines), a Vapi
    end-of-call-report (or several), or a plain transcript. ``format`` skips detection.

    Raises ``InputError`` with one message naming the problem, its place (index, line, field
    path) and the fix.
    """
    forced = check_format(format)
    text = decode(data, source=source)
    if forced == "transcript" or (forced is None and not looks_like_json(text)):
        return [session_from_transcript(text, defaults, source=source)]
    try:
        documents = parse_documents(text, source=source)
    except InputError:
        if forced is None and starts_like_transcript(text):
            return [session_from_transcript(text, defaults, source=source)]
        raise
    return [_from_document(document, forced, source=source) for document in documents]


def _read(path: Path) -> tuple[bytes, datetime]:
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file; give a session file", source=source)
        check_size(info.st_size, source=source)
        return path.read_bytes(), datetime.fromtimestamp(info.st_mtime, tz=UTC)
    except FileNotFoundError as error:
        raise InputError("no such file; check the path", source=source) from error
    except OSError as error:
        raise InputError(
            f"cannot read the file ({error.strerror or error}); check its permissions",
            source=source,
        ) from error


def load_file(
    path: Path,
    *,
    format: Format | None = None,
    defaults: TranscriptDefaults = NO_DEFAULTS,
) -> list[Session]:
    """Every session in the file at ``path`` (see ``parse_payload``)."""
    data, modified = _read(Path(path))
    if defaults.started_at is None and defaults.ended_at is None:
        defaults = replace(defaults, ended_at=modified)
    return parse_payload(data, format=format, defaults=defaults, source=str(path))
