"""The text the recognizers read: one or many texts (a session's turns) scanned as one.

The texts are joined by ``SEPARATOR``. A pattern is run over each text on its own (``pos`` and
``endpos`` of the joined text), so it finds there what it finds in that text alone; and the
separator keeps the recognizers' look around a find (the words before a number, the capitalized
words after a name) inside the text: anything that goes past a line break stops at its NUL, and
a window that ends with ``$`` cannot reach over its two final line breaks. So each text is
redacted exactly as it would be alone, with one call per pattern and text that can hold a match
instead of one per pattern and turn.

``Scan.finditer`` runs a pattern only over the texts that hold the words the pattern needs
(``literals.requirement``), which skips most patterns over most turns of a lesson.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence

from afterclass.privacy.folding import SYMBOLS, fold_text
from afterclass.privacy.literals import Requirement, Word, requirement

SEPARATOR = "\n\x00\n\n"
#: Texts shorter than this are read whole by every pattern (checking their words costs more).
SHORT = 1000
_WORD = re.compile(r"\w+|[@:]")
#: Escapes that could spell a capital letter, and flags that could switch case back on.
_CASED_SYNTAX = re.compile(r"\\[xuUN0-7]|\(\?[a-zA-Z]*-")
_ESCAPE = re.compile(r"\\.")


@functools.lru_cache(maxsize=256)
def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (compiled with ``re.IGNORECASE``) without the flag, for lower-cased text.

    Over ``lower_case(text)`` it matches where ``pattern`` matches over ``text``, several times
    faster. None when the pattern holds a capital letter (or could spell one) or lacks the flag.
    """
    flags = pattern.flags
    if not flags & re.IGNORECASE or flags & (re.ASCII | re.LOCALE):
        return None
    source = pattern.pattern
    if _CASED_SYNTAX.search(source) or any(ch.isupper() for ch in _ESCAPE.sub("", source)):
        return None
    return re.compile(source, flags & ~re.IGNORECASE)


def lower_case(text: str) -> str | None:
    """``text`` in the lower case that ``lower_case_twin`` patterns read; None if that would
    change its length."""
    lowered = text.lower() if text.isascii() else _lower_any(text)
    return lowered if len(lowered) == len(text) else None


def _lower_any(text: str) -> str:
    # ``re.IGNORECASE`` also matches dotted and dotless i and the long s with i and s
    return text.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")


class Scan:
    """``texts`` joined by ``SEPARATOR``, with the words each holds, ready to be searched."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.text = SEPARATOR.join(texts)
        self.starts: list[int] = []
        self.ends: list[int] = []
        position = 0
        for text in texts:
            self.starts.append(position)
            self.ends.append(position + len(text))
            position += len(text) + len(SEPARATOR)
        self._located: dict[str, frozenset[int]] = {}

    @functools.cached_property
    def _index(self) -> _Index | None:
        """The folded text and its words (made when a long text is first searched)."""
        folded = fold_text(self.text)
        return _Index(folded) if len(folded) == len(self.text) else None

    @classmethod
    def of(cls, text: str | Scan) -> Scan:
        """``text`` itself if it is a scan already, else a scan of that one text."""
        return text if isinstance(text, Scan) else cls([text])

    def segment_of(self, position: int) -> int:
        """The index of the text that ``position`` (of the joined text) falls in."""
        return bisect.bisect_right(self.starts, position) - 1

    def finditer(
        self,
        pattern: re.Pattern[str],
        *,
        caseless: bool = False,
        shape: re.Pattern[str] | None = None,
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the joined text, skipping texts that cannot hold a match.

        ``caseless`` (for a pattern compiled with ``re.IGNORECASE``, when the caller reads only
        positions, or groups in any case) lets the matches come from the lower-cased text: the
        same positions, every group in lower case. ``shape`` is a quick pattern that finds
        something in the lower-cased text inside every match that counts (for patterns whose
        words say little, such as numbers): texts where it finds nothing are skipped.

        A pattern must not use ``^`` without ``re.MULTILINE``, nor ``\\A``: a text of the scan
        does not start the joined string.
        """
        lowered = self._lowered if caseless or shape is not None else None
        segments: list[int] | None = None
        if len(self.text) < SHORT:
            segments = self._all()  # a short text is read faster than its words are checked
        elif shape is not None:
            segments = self._shaped(shape, lowered)
        if segments is None:
            needs = requirement(pattern)
            index = self._index if needs is not None else None
            segments = self._segments(needs, index) if needs and index else self._all()
        if not segments:
            return
        text = self.text
        twin = lower_case_twin(pattern) if caseless else None
        if twin is not None and lowered is not None:
            pattern, text = twin, lowered
        starts, ends = self.starts, self.ends
        for segment in segments:
            yield from pattern.finditer(text, starts[segment], ends[segment])

    def distinct(self, pattern: re.Pattern[str]) -> set[str]:
        """Every different string ``pattern`` finds, for a pattern that never spans whitespace."""
        chunks = "\n".join(set(self.text.split()))
        return set(pattern.findall(chunks))

    @functools.cached_property
    def _lowered(self) -> str | None:
        return lower_case(self.text)

    def _all(self) -> list[int]:
        return list(range(len(self.starts)))

    def _shaped(self, shape: re.Pattern[str], lowered: str | None) -> list[int] | None:
        """The texts where ``shape`` finds something, in order; None when it cannot be run."""
        if lowered is None:
            return None
        return sorted({self.segment_of(match.start()) for match in shape.finditer(lowered)})

    def _segments(self, needs: Requirement, index: _Index) -> list[int]:
        """The texts where every need can be fulfilled, in order."""
        held: list[list[str]] = []
        for need in needs:  # each group's rarest word is found where the group is
            needles = [f" {word} " for word in need.words & index.words]
            needles += [group[0].needle for group in need.groups if all(map(index.holds, group))]
            if not needles:
                return []
            held.append(needles)
        if len(self.starts) == 1:
            return [0]
        found: frozenset[int] | None = None
        for needles in held:
            located = frozenset().union(*(self._locate(needle, index) for needle in needles))
            found = located if found is None else found & located
        return sorted(found or ())

    def _locate(self, needle: str, index: _Index) -> frozenset[int]:
        """The texts whose folded form holds ``needle`` (a word, framed by spaces where it must
        start or end a word of the text; a symbol stands alone)."""
        located = self._located.get(needle)
        if located is None:
            located = self._located[needle] = frozenset(self._find(needle, index))
        return located

    def _find(self, needle: str, index: _Index) -> Iterator[int]:
        symbol = needle.strip()
        if symbol in SYMBOLS:  # in the padded text symbols are spaces, to end words
            needle, padded = symbol, f" {index.folded}"
        else:
            padded = index.padded
        # positions in the padded text are one off; a framing space is one more
        position = padded.find(needle)
        while position >= 0:
            segment = self.segment_of(position + (needle[0] == " ") - 1)
            yield segment
            position = padded.find(needle, max(self.ends[segment] + 1, position + 1))


class _Index:
    """A text folded (``literals.fold_text``) and the words it holds."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        words_only = folded
        for symbol in SYMBOLS:  # a symbol ends the word before it
            words_only = words_only.replace(symbol, " ")
        self.padded = f" {words_only} "
        words: set[str] = set()
        for token in set(folded.split()):
            if token.isalnum():
                words.add(token)
            else:
                words.update(_WORD.findall(token))
        self.words = frozenset(words)
        self._line = f" {' '.join(words)} "
        self._held: dict[str, bool] = {}

    def holds(self, word: Word) -> bool:
        """True when the text has ``word`` (where it must start or end a word, it does)."""
        if word.starts and word.ends:
            return word.text in self.words
        needle = word.needle
        held = self._held.get(needle)
        if held is None:
            held = self._held[needle] = needle in self._line
        return held
