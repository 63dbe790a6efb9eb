"""Redacting text of any size in bounded memory: chunks cut at line boundaries.

One ``Redactor`` serves every chunk, so pseudonyms stay stable across the whole stream; spans
are shifted to offsets into the whole text. A name split across two chunks' boundary line
break is the one form this can miss, so chunks are large (256 KiB of characters by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from afterclass.privacy.redactor import Redactor
from afterclass.privacy.spans import Redaction, Span

CHUNK_CHARS = 256 * 1024


@dataclass(frozen=True)
class Chunk:
    """One stretch of the stream, redacted; ``offset`` is where it starts in the whole text."""

    offset: int
    redaction: Redaction

    def spans(self) -> Iterator[Span]:
        """This chunk's spans, in offsets of the whole text."""
        for span in self.redaction.spans:
            yield Span(span.start + self.offset, span.end + self.offset, span.type, span.tag)


def line_chunks(lines: Iterable[str], chunk_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """Whole lines grouped into pieces of about ``chunk_chars`` characters (one long line alone)."""
    pending: list[str] = []
    size = 0
    for line in lines:
        pending.append(line)
        size += len(line)
        if size >= chunk_chars:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def redact_stream(
    lines: Iterable[str], redactor: Redactor, *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Chunk]:
    """Each chunk of ``lines`` redacted, in order."""
    offset = 0
    for text in line_chunks(lines, chunk_chars):
        yield Chunk(offset, redactor.redact(text))
        offset += len(text)
