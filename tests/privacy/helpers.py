"""Small helpers the privacy tests share."""

from __future__ import annotations

from afterclass.models import Person
from afterclass.privacy import Redactor


def redact(text: str, *known: Person, language: str = "en", region: str = "US") -> str:
    return Redactor(known_people=known, language=language, region=region).redact(text).text


def found(text: str, *known: Person, language: str = "en") -> list[tuple[str, str]]:
    """(covered text, type) of every span in ``text``."""
    redaction = Redactor(known_people=known, language=language).redact(text)
    return [(text[s.start : s.end], s.type) for s in redaction.spans]
