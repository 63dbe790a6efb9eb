"""Outside input -> ``Session`` objects with ``conversation.turns`` always filled.

Three forms are accepted: the generic session JSON (``Session``'s own shape; one object, an
array, or JSON Lines), a Vapi ``end-of-call-report`` as Vapi posts it, and a plain transcript
(``Tutor: ...`` / ``Student: ...`` lines). Every malformed input raises
``afterclass.errors.InputError`` with one message that names the place and the fix.
"""

from afterclass.ingest.detect import FORMATS, Format, detect_format
from afterclass.ingest.document import MAX_INPUT_BYTES
from afterclass.ingest.generic import parse_session
from afterclass.ingest.plain import TranscriptDefaults
from afterclass.ingest.reader import load_file, parse_payload
from afterclass.ingest.transcript import parse_transcript
from afterclass.ingest.validation import readable_validation_error
from afterclass.ingest.vapi import parse_vapi

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "Format",
    "TranscriptDefaults",
    "detect_format",
    "load_file",
    "parse_payload",
    "parse_session",
    "parse_transcript",
    "parse_vapi",
    "readable_validation_error",
]
