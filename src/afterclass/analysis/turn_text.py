"""A session's turn texts in the forms the grounding checks read, each made once per session.

Checking an analysis reads the same turns many times: lowercased (does a concept's keyword occur
in the cited turns?), as normal words (does a quote occur?), squeezed together (where was a
retried problem first posed?), and scanned for turns that speak to the analyzer instead of the
lesson. ``TurnTexts`` makes each form once, for the whole session at a time where it can (one
call over the turns joined by NUL instead of one call per turn), and answers those questions.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class _Form:
    """One way a turn may address the analyzer (matched ignoring case)."""

    pattern: str
    clues: tuple[str, ...]
    """Lowercase pieces of text, one of which every match holds: only turns holding a clue are
    tried with the (slower) pattern. A new form must list its own."""


#: Turns that address the analyzer instead of the lesson (English, Spanish, French, German).
FORMS = (
    _Form(
        r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}"
        r"\b(instructions?|prompts?|guidelines|system message)\b",
        ("gnor", "gard", "forg", "verr", "bypa"),
    ),
    _Form(
        r"\b(ignora|olvida|omite)\b.{0,40}\b(instrucciones|indicaciones|reglas)\b",
        ("gnor", "vida", "mite"),
    ),
    _Form(r"\b(ignore[sz]?|oublie[sz]?)\b.{0,40}\b(instructions|consignes)\b", ("gnor", "blie")),
    _Form(r"\b(ignoriere|vergiss)\b.{0,40}\b(anweisungen|regeln)\b", ("gnor", "verg")),
    _Form(
        r"\bmark\s+(me|him|her|them|the student|everything|all)\b.{0,60}"
        r"\b(master\w*|proficient|correct)\b",
        ("mark",),
    ),
    _Form(
        r"\b(m[aá]rca(me|lo|la|los)|califica(me)?|pon(me)?)\b.{0,60}"
        r"\b(dominad\w*|domino|competente|correct\w*)\b",
        ("marc", "árc", "fica", "pon"),
    ),
    _Form(
        r"(^|\n)\s*[\[<(]*\s*(system|developer|assistant|sistema)\s*[\])>]*"
        r"\s*(message|prompt|mensaje)?\s*:",
        (":",),
    ),
    _Form(r"<\|?\s*(im_start|system|endofprompt)", ("<",)),
    _Form(r"[\"'](concept_mastery|mastery|level|role|instructions)[\"']\s*:", (":",)),
)
_ADDRESSES_ANALYZER = re.compile("|".join(form.pattern for form in FORMS), re.IGNORECASE)
_ANALYZER_CLUES = re.compile(
    "|".join(sorted({re.escape(clue) for form in FORMS for clue in form.clues}))
)
#: The letters that IGNORECASE matches to an ASCII letter but str.lower() leaves alone (or, for
#: "İ", makes two characters): folded first, a lowercase clue is found wherever the pattern is.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_ASCII_SIGNS = [chr(code) for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")]
_SPACES_BUT_BRACKETS = str.maketrans(dict.fromkeys(set(_ASCII_SIGNS) - set("[]"), " "))
#: A [placeholder] standing alone: a space or an end on either side.
_LONE_PLACEHOLDER = re.compile(r"\[(?<![^ ]\[)[a-z0-9_]+\](?![^ ])")
_SQUEEZE = str.maketrans(dict.fromkeys(sign for sign in _ASCII_SIGNS if sign != "\x00"))
_SQUEEZE_NUL_TOO = str.maketrans(dict.fromkeys(_ASCII_SIGNS))
#: A character a word (or [placeholder]) can run on through, just before / just after a text.
_RUNS_ON_BEFORE = re.compile(r"[\w\[]")
_RUNS_ON_AFTER = re.compile(r"[\w\]]")
_TOKEN = re.compile(r"\[[a-z0-9_]+\]|\w+")


def addresses_analyzer(text: str) -> bool:
    """True when a turn tries to instruct whoever analyzes the transcript."""
    return _ADDRESSES_ANALYZER.search(text) is not None


class TurnTexts:
    """The forms of a session's texts the checks read, each made once per session: the turns
    lowercased, the turns that address the analyzer, and (when a retry needs it) the turns'
    words squeezed together, where a problem is found before any turn is normalized.

    Turns are joined by NUL so that lowercasing, finding clues of what addresses the analyzer
    and squeezing take one call each instead of one per turn; a session that is not ASCII, or
    has a turn holding a NUL, is lowercased and squeezed turn by turn.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        joined = "\x00".join(texts)
        self._one_piece = joined.isascii() and joined.count("\x00") == len(texts) - 1
        self._folded = lower_as_ignorecase(joined)
        lowered = (
            self._folded.split("\x00")
            if self._one_piece
            else [text.lower().replace("’", "'") for text in texts]
        )
        self.lowered = ["", *lowered]
        """Turn n's text lowercased, curly apostrophes made straight, at [n] (from 1)."""
        self.to_analyzer = self._addressing()
        """The numbers of the turns that address the analyzer."""
        self._normals: dict[int, str] = {}
        self._squeezed = ""
        self._ends: list[int] = []

    def _addressing(self) -> frozenset[int]:
        """Only turns holding a clue are matched with the full pattern, which ignoring case is
        tried at every position; the clues are looked for in the folded text in one pass."""
        folded, texts = self._folded, self.texts
        match = _ANALYZER_CLUES.search(folded)
        if match is None:
            return frozenset()
        starts = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
        found = set()
        while match is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            if addresses_analyzer(texts[index]):
                found.add(index + 1)
            match = _ANALYZER_CLUES.search(folded, starts[index + 1])
        return frozenset(found)

    def normal(self, number: int) -> str:
        """Turn ``number``'s text as ``normal_words`` gives it (made when first asked)."""
        normal = self._normals.get(number)
        if normal is None:
            normal = self._normals[number] = normal_words(self.texts[number - 1])
        return normal

    def stating(self, problem: str, after: int, upto: int) -> list[int]:
        """The numbers of the turns after turn ``after``, up to turn ``upto``, whose normal text
        holds the normal text of ``problem`` (as whole words). Only turns whose squeezed text
        holds the squeezed problem can, so only they are compared."""
        lowered = problem.lower().replace("’", "'")
        # an ASCII text squeezed is its normal text squeezed
        needle = (lowered if lowered.isascii() else normal_words(problem)).translate(
            _SQUEEZE_NUL_TOO
        )
        if not needle:
            return []
        if not self._ends:
            self._squeeze()
        ends, found = self._ends, []
        at = self._squeezed.find(needle, ends[after - 1] if after else 0, ends[upto - 1])
        while at >= 0:
            index = bisect.bisect_right(ends, at)
            if self._states(index + 1, problem, lowered):
                found.append(index + 1)
            at = self._squeezed.find(needle, ends[index], ends[upto - 1])
        return found

    def _states(self, number: int, problem: str, lowered: str) -> bool:
        """Whether turn ``number``'s normal text holds ``problem``'s as whole words. It surely
        does where the turn, lowercased, holds the ``lowered`` problem with no word running on
        across either end (so both ends are word ends in both texts); else the normal texts are
        compared."""
        turn = self.lowered[number]
        at = turn.find(lowered)
        while at >= 0:
            end = at + len(lowered)
            if not (at and _RUNS_ON_BEFORE.match(turn, at - 1)) and not (
                end < len(turn) and _RUNS_ON_AFTER.match(turn, end)
            ):
                return True
            at = turn.find(lowered, at + 1)
        return f" {normal_words(problem)} " in f" {self.normal(number)} "

    def _squeeze(self) -> None:
        """The turns' words run together (no spaces, signs or brackets), joined by NUL: a run of
        a turn's normal words, squeezed, is part of the turn's squeezed text."""
        if self._one_piece:
            squeezed = self._folded.translate(_SQUEEZE)
        else:
            squeezed = "\x00".join(map(_squeezed, self.texts))
        self._squeezed = squeezed
        lengths = map(len, squeezed.split("\x00"))  # each turn's, then one for the NUL after it
        self._ends = list(map(operator.add, itertools.accumulate(lengths), itertools.count(1)))


def _squeezed(text: str) -> str:
    """``text``'s normal words run together: for ASCII, simply every sign deleted."""
    lowered = text.lower()
    return (lowered if lowered.isascii() else normal_words(text)).translate(_SQUEEZE_NUL_TOO)


def lower_as_ignorecase(text: str) -> str:
    """``text`` lowercased so that a lowercase pattern finds in it what the same pattern with
    IGNORECASE finds in ``text``: the letters lowercasing leaves apart are folded first."""
    if not text.isascii() and any(letter in text for letter in "İıſ"):
        text = text.translate(_FOLD)
    return text.lower()


def normal_words(text: str) -> str:
    """Lowercase words, digits and [PLACEHOLDERS], single-spaced; punctuation dropped."""
    lowered = text.lower()
    if lowered.isascii():  # every ASCII sign separates words, but a [placeholder] is one
        spaced = lowered.translate(_SPACES_BUT_BRACKETS)
        brackets = spaced.count("[")
        if brackets == spaced.count("]") and (
            not brackets or brackets == len(_LONE_PLACEHOLDER.findall(spaced))
        ):
            return " ".join(spaced.split())
    return " ".join(_TOKEN.findall(lowered.replace("’", "'")))
