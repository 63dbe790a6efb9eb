"""Redaction in one import: what the pipeline, the LLM layer and the CLI call.

``redact_session`` removes every name and identifier from a session before it leaves
afterclass; ``scan_and_redact`` catches originals an analyzer echoed back; ``reidentify`` puts
the originals back for readers allowed to see them. docs/privacy.md tells what is found and how.
"""

from afterclass.privacy.outputs import reidentify, scan_and_redact
from afterclass.privacy.pseudonyms import Pseudonyms
from afterclass.privacy.redactor import Redactor
from afterclass.privacy.session import RedactedSession, redact_session
from afterclass.privacy.spans import Redaction, Span

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
