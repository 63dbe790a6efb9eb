"""Privacy: redaction and pseudonyms, encryption of stored fields, keyed hashing of ids."""

from afterclass.privacy.redaction import (
    Pseudonyms,
    RedactedSession,
    Redaction,
    Redactor,
    Span,
    redact_session,
    reidentify,
    scan_and_redact,
)

__all__ = [
    "Pseudonyms",
    "RedactedSession",
    "Redaction",
    "Redactor",
    "Span",
    "redact_session",
    "reidentify",
    "scan_and_redact",
]
