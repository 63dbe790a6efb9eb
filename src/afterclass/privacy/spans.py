"""What a redaction found: spans of the original text, each with its type and pseudonym tag."""

from __future__ import annotations

from dataclasses import dataclass

#: Entity types a span can have, and the tag prefix each gets (``[EMAIL_1]``...).
ENTITY_TYPES = (
    "PERSON",
    "SCHOOL",
    "EMAIL",
    "PHONE",
    "ADDRESS",
    "ID",
    "URL",
    "HANDLE",
    "DATE",
    "IP",
    "PLACE",
)


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of the original (end exclusive) was replaced by ``tag``."""

    start: int
    end: int
    type: str
    tag: str


@dataclass(frozen=True)
class Redaction:
    """The redacted text and where, in the original, each replacement was made."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text a recognizer believes is personal data, before overlaps are resolved.

    ``known`` marks a name of a known participant (always redacted, wins every overlap);
    ``confirmed`` marks a find backed by context ("my phone is ..."), which the math guard trusts.
    ``value`` is the text the pseudonym is keyed on (for a known person, their full name).
    """

    start: int
    end: int
    type: str
    value: str
    known: bool = False
    confirmed: bool = False
    tag_kind: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def candidate(text: str, start: int, end: int, type_: str, *, confirmed: bool = False) -> Candidate:
    """A candidate whose value is the covered text itself."""
    return Candidate(start, end, type_, text[start:end], confirmed=confirmed)
