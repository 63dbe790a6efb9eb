"""Folded text: the form in which ``literals.py`` compares a pattern's words with a text's.

Lower case, without accents, every decimal digit written ``0``, punctuation as spaces; ``@`` and
``:`` stay, as words of their own. Folding keeps the length of a text, so a position in the folded
text is the same position in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Non-word characters that are words of their own in folded text.
SYMBOLS = "@:"
#: Letters that ``re.IGNORECASE`` matches with letters ``str.lower`` does not give.
_TURKISH = {"İ": "i", "ı": "i", "ſ": "s"}


def _trusted(ch: str) -> bool:
    """ASCII and Latin letters (U+00C0 to U+024F): how they fold is checked by the tests."""
    return ch.isascii() or 0xC0 <= ord(ch) < 0x250


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str | None:
    """How a character of a pattern reads in folded text, or None when that is not certain."""
    if not _trusted(ch):
        return None
    if ch in SYMBOLS:
        return f" {ch} "
    if ch.isdecimal():
        return "0"
    if not (ch.isalnum() or ch == "_"):
        return " "
    if ch in _TURKISH:
        return _TURKISH[ch]
    lower = ch.lower()
    bare = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return bare if len(bare) == 1 and bare.isascii() else lower


@functools.cache
def _ascii_table() -> bytes:
    table = bytearray(range(256))  # ``bytes.translate`` wants all 256; texts are ASCII here
    for code in range(128):
        folded = fold_char(chr(code))
        table[code] = ord(chr(code) if folded is None or len(folded) != 1 else folded)
    return bytes(table)


@functools.cache
def _latin_table() -> dict[int, str]:
    table = {code: chr(byte) for code, byte in enumerate(_ascii_table()[:128])}
    for code in range(0xC0, 0x250):
        folded = fold_char(chr(code).lower()) if len(chr(code).lower()) == 1 else None
        if folded is not None and len(folded) == 1:
            table[ord(chr(code).lower())] = folded
    table.update({ord(k): v for k, v in _TURKISH.items()})
    return table


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold_text(text: str) -> str:
    """``text`` folded as patterns are, to the same length: a character that ``fold_char``
    knows becomes what it makes of it, any other digit ``0``, any other non-word character a
    space (``@`` and ``:`` stay)."""
    if text.isascii():
        return text.encode("ascii").translate(_ascii_table()).decode("ascii")
    folded = text.replace("İ", "i").lower().translate(_latin_table())
    return _NON_ASCII.sub(_fold_other, folded)


def _fold_other(match: re.Match[str]) -> str:
    ch = match.group()
    if ch.isdecimal():
        return "0"
    return ch if ch.isalnum() else " "
