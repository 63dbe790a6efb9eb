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
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet

from afterclass.privacy.folding import SYMBOLS, fold_text
from afterclass.privacy.literals import Need, Requirement, Word, requirement

SEPARATOR = "\n\x00\n\n"
#: Texts shorter than this are read whole by every pattern (checking their words costs more).
SHORT = 1000
_WORD = re.compile(r"\w+|[@:]")
#: Escapes that could spell a capital letter, and flags that could switch case back on.
_CASED_SYNTAX = re.compile(r"\\[xuUN0-7]|\(\?[a-zA-Z]*-")
_ESCAPE = re.compile(r"\\.")
#: Characters that ``names.fold`` may read unlike ``folding.fold_text`` (when they are letters).
_UNFOLDED = re.compile("[ªºß\u0100-\U0010ffff]")
_ASCII_LETTERS = re.compile(r"[a-z]+")


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (compiled with ``re.IGNORECASE``) without the flag, for lower-cased text.

    Over ``lower_case(text)`` it matches where ``pattern`` matches over ``text``, several times
    faster. None when the pattern holds a capital letter (or could spell one) or lacks the flag.
    """
    return _twin(pattern.pattern, pattern.flags)


@functools.lru_cache(maxsize=256)
def _twin(source: str, flags: int) -> re.Pattern[str] | None:
    # keyed by the source (whose hash a string keeps), not the pattern (hashed anew each time)
    if not flags & re.IGNORECASE or flags & (re.ASCII | re.LOCALE):
        return None
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
        lengths = [len(text) for text in texts]
        steps = [n + len(SEPARATOR) for n in lengths[:-1]]
        #: where each text starts and ends in the joined text
        self.starts: list[int] = list(itertools.accumulate(steps, initial=0)) if texts else []
        self.ends: list[int] = [start + n for start, n in zip(self.starts, lengths, strict=True)]
        self._located: dict[str, frozenset[int]] = {}
        self._distinct: dict[re.Pattern[str], frozenset[str]] = {}

    @functools.cached_property
    def _index(self) -> _Index | None:
        """The folded text and its words (made when a long text is first searched)."""
        folded = fold_text(self.text)
        if len(folded) != len(self.text):
            return None
        return _Index(folded, fold_text(self._chunks).split())

    @functools.cached_property
    def _chunks(self) -> str:
        """Every different run of non-space characters, one a line: a lesson says the same
        words again and again, so they are fewer than its words by far."""
        return "\n".join(set(self.text.split()))

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
        folded_shape: re.Pattern[str] | None = None,
        within: AbstractSet[int] | None = None,
        check_words: bool = True,
        needs: Requirement | None = None,
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the joined text, skipping texts that cannot hold a match.

        ``caseless`` (for a pattern compiled with ``re.IGNORECASE``, when the caller reads only
        positions, or groups in any case) lets the matches come from the lower-cased text: the
        same positions, every group in lower case. ``shape`` is a quick pattern that finds
        something in the lower-cased text inside every match that counts (for patterns whose
        words say little, such as numbers): texts where it finds nothing are skipped.
        ``folded_shape`` is the same over the folded text (``folding.py``), where every digit
        reads ``0``: a shape of digits is read there several times faster. ``within``: the only
        texts to read (the caller knows that no match it needs stands in the others), all of
        them without ``check_words``. ``needs``: what every match needs, when the caller tells
        it faster than ``literals.requirement`` reads it from the pattern.

        A pattern must not use ``^`` without ``re.MULTILINE``, nor ``\\A``: a text of the scan
        does not start the joined string.
        """
        if within is not None and not within:
            return
        segments: list[int] | None = None
        if within is not None and not check_words:
            segments = sorted(within)
        elif len(self.text) < SHORT:
            segments = self._all()  # a short text is read faster than its words are checked
        elif shape is not None:
            segments = self._shaped(shape, self._lowered)
        elif folded_shape is not None:
            segments = self._shaped(folded_shape, self._folded)
        if segments is None:
            needs = needs or requirement(pattern)
            index = self._index if needs is not None else None
            segments = self._segments(needs, index) if needs and index else self._all()
        if within is not None:
            segments = [segment for segment in segments if segment in within]
        if not segments:
            return
        text = self.text
        twin = lower_case_twin(pattern) if caseless else None
        lowered = self._lowered if twin is not None else None
        if twin is not None and lowered is not None:
            pattern, text = twin, lowered
        starts, ends = self.starts, self.ends
        for segment in segments:
            yield from pattern.finditer(text, starts[segment], ends[segment])

    def distinct(self, pattern: re.Pattern[str]) -> frozenset[str]:
        """Every different string ``pattern`` finds, for a pattern that never spans whitespace."""
        found = self._distinct.get(pattern)
        if found is None:
            found = self._distinct[pattern] = frozenset(pattern.findall(self._chunks))
        return found

    def texts_holding(self, words: Iterable[str], *, folded: bool = False) -> set[int]:
        """The texts where one of ``words`` stands (even inside a longer word): in the text
        itself, or (``folded``) in its folded form (``folding.py``)."""
        index = self._index if folded else None
        text = index.folded if index is not None else None if folded else self.text
        if text is None:
            return set(self._all())
        starts, ends = self.starts, self.ends
        found: set[int] = set()
        if index is not None:
            # a word of letters is where ``_locate`` finds it (the padded text has letters in
            # place), and is often located already: a listed name is the student's name
            words = list(words)
            found.update(*(self._locate(word, index) for word in words if word.isalpha()))
            words = [word for word in words if not word.isalpha()]
        for word in words:
            position = text.find(word)
            while position >= 0:  # one find is enough for a text: go on after it
                segment = bisect.bisect_right(starts, position) - 1
                found.add(segment)
                position = text.find(word, max(ends[segment], position) + 1)
        return found

    def letter_runs(self) -> frozenset[str] | None:
        """Every run of ASCII letters of the folded text, each once; None when the text is
        short (it has no index) or holds a letter that ``names.fold`` reads unlike folding
        does (``ß``, ``ª``, any beyond Latin-1): then a word's ``fold`` need not be a run here.
        """
        index = self._index if len(self.text) >= SHORT else None
        odd = set() if self.text.isascii() else set(_UNFOLDED.findall(self.text))
        if index is None or any(ch.isalnum() for ch in odd):
            return None
        return index.letter_runs

    @functools.cached_property
    def _lowered(self) -> str | None:
        return lower_case(self.text)

    @property
    def _folded(self) -> str | None:
        index = self._index
        return index.folded if index is not None else None

    def _all(self) -> list[int]:
        return list(range(len(self.starts)))

    def _shaped(self, shape: re.Pattern[str], text: str | None) -> list[int] | None:
        """The texts where ``shape`` finds something in ``text`` (the joined text lowered or
        folded), in order; None when it cannot be run.

        One find is enough for a text, so the search goes on after the end of the text; and a
        find that runs on into the next text (folding makes the separator spaces) cannot hide
        that text's own.
        """
        if text is None:
            return None
        found: list[int] = []
        match = shape.search(text)
        while match is not None:
            segment = self.segment_of(match.start())
            if not found or found[-1] != segment:
                found.append(segment)
            match = shape.search(text, max(self.ends[segment], match.start()) + 1)
        return found

    def _segments(self, needs: Requirement, index: _Index) -> list[int]:
        """The texts where every need can be fulfilled, in order."""
        held: list[list[str]] = []
        for need in needs:
            needles = index.needles(need)
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

    def _find(self, needle: str, index: _Index) -> list[int]:
        symbol = needle.strip()
        if symbol in SYMBOLS:  # in the padded text symbols are spaces, to end words
            needle, padded = symbol, f" {index.folded}"
        else:
            padded = index.padded
        # positions in the padded text are one off; a framing space is one more
        shift = (needle[0] == " ") - 1
        starts, ends, find = self.starts, self.ends, padded.find
        found: list[int] = []
        position = find(needle)
        while position >= 0:  # one find is enough for a text: go on after it
            segment = bisect.bisect_right(starts, position + shift) - 1
            found.append(segment)
            position = find(needle, max(ends[segment] + 1, position + 1))
        return found


class _Index:
    """A text folded (``literals.fold_text``) and the words it holds (``tokens``: its folded
    runs of non-space characters, or at least one of each different run)."""

    def __init__(self, folded: str, tokens: list[str]) -> None:
        self.folded = folded
        words_only = folded
        for symbol in SYMBOLS:  # a symbol ends the word before it
            words_only = words_only.replace(symbol, " ")
        self.padded = f" {words_only} "
        words: set[str] = set()
        for token in set(tokens):
            if token.isalnum():
                words.add(token)
            else:
                words.update(_WORD.findall(token))
        self.words = frozenset(words)
        self._line = f" {' '.join(words)} "
        self._held: dict[str, bool] = {}

    @functools.cached_property
    def letter_runs(self) -> frozenset[str]:
        """Every run of ASCII letters of the text: a word, or a part of one between digits."""
        runs = {word for word in self.words if word.isascii() and word.isalpha()}
        for word in self.words - runs:
            runs.update(_ASCII_LETTERS.findall(word))
        return frozenset(runs)

    def needles(self, need: Need) -> list[str]:
        """What to look for to find the texts that may fulfil ``need``: for each group the
        whole text holds, its rarest word (a text that holds the group holds that word)."""
        words = self.words
        needles = [f" {word} " for word in need.words & words]
        for text in need.by_whole.keys() & words:
            needles.extend(
                group[0].needle for group in need.by_whole[text] if all(map(self.holds, group))
            )
        for needle, groups in need.by_part.items():
            if self._in_line(needle) and any(all(map(self.holds, group)) for group in groups):
                needles.append(needle)
        return needles

    def holds(self, word: Word) -> bool:
        """True when the text has ``word`` (where it must start or end a word, it does)."""
        if word.starts and word.ends:
            return word.text in self.words
        return self._in_line(word.needle)

    def _in_line(self, needle: str) -> bool:
        held = self._held.get(needle)
        if held is None:
            held = self._held[needle] = needle in self._line
        return held
