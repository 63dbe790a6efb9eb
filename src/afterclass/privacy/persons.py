"""Names of people not known in advance.

Five small rules, each trusting a name by a different sign:

1. **Context**: "my name is ___", "I'm ___", "call me ___", "my brother ___", "my teacher is
   ___", "me llamo ___", "mi amiga ___", "se llama ___", greetings and praise ("Great job,
   ___!"), and after the name: "___ and I", "___ is my friend", "___ said".
2. **Titles**: "Mr. ___", "Ms ___", "Dr. ___", "Coach ___", "Sra. ___", "Don ___".
3. **Speaker labels**: "___:" at the start of a line when it starts with a listed given name or
   ends with a listed surname ("Kenji:", "M. Okafor:"); roles ("Tutor:", "Answer:") stay.
4. **The name list** (US Census and SSA names): a listed given name is a name wherever it stands,
   in any case; one that is also a word ("Will", "Grace") only when capitalized inside a
   sentence; one that is also a month, place or mathematician ("May", "Austin", "Pascal")
   only in context.
5. **Surnames**: a listed surname capitalized inside a sentence ("... asked Nguyen").

A found name grows to the capitalized words right after it ("Maya Johnson", "Faina D.
Yefremova", "José de la Cruz"). Honorifics stay outside the span ("Ms. [PERSON_1]").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from afterclass.privacy.known import form_pattern
from afterclass.privacy.names import NameLists, fold
from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate
from afterclass.privacy.vocabulary import (
    CALENDAR_WORDS,
    HONORIFIC_ABBREVIATIONS,
    HONORIFIC_WORDS,
    LABEL_WORDS,
    MATH_WORDS,
    NAME_PARTICLES,
    NAMES_ALSO_STOPWORDS,
    RELATION_ADJECTIVES,
    RELATIONS_EN,
    RELATIONS_ES,
    STOPWORDS,
    STRUCTURE_WORDS,
    VOCATIVE_OPENERS,
)

TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INITIAL = re.compile(r"[A-Z]\.")
_GAP = re.compile(r"[ \t]+")
_SENTENCE_END = ".!?:;\n…"
_OPENING_PUNCTUATION = " \t\"'“‘(¡¿*-_"
_MAX_NAME_TOKENS = 4

#: lower-case names are accepted: "any" non-stopword, only "list"ed given names, or "no".
_STRONG = "any"
_LISTED = "list"
_CAPITALIZED = "no"


@dataclass(frozen=True)
class _Context:
    pattern: re.Pattern[str]
    lower_case: str


@functools.lru_cache(maxsize=1)
def _contexts() -> tuple[_Context, ...]:
    relation = rf"(?:(?:{RELATION_ADJECTIVES})\s+)*(?:{RELATIONS_EN})"
    verbs = r"(?:\s*,)?(?:\s+(?:is|was|named|called|'s|is named|is called))?"
    strong = (
        r"\b(?:my\s+name\s*(?:is|'s)|name\s*'?s|name\s+is|name\s*:|his\s+name\s+is|her\s+name\s+is|their\s+name\s+is|"
        r"me\s+llamo|mi\s+nombre\s+es|se\s+llama|se\s+llaman|(?:is|was)\s+named|call\s+me|"
        r"ll[aá]mame|me\s+dicen)[\s,:]+"
    )
    return (
        _Context(re.compile(strong, re.IGNORECASE), _STRONG),
        _Context(
            re.compile(rf"\b(?:my|our|his|her|their)\s+{relation}{verbs}[\s,:]+", re.I), _LISTED
        ),
        _Context(
            re.compile(
                rf"\b(?:mi|mis|su|sus|tu)\s+(?:{RELATIONS_ES})(?:\s+(?:es|se llama))?[\s,:]+", re.I
            ),
            _LISTED,
        ),
        _Context(
            re.compile(
                r"\b(?:i'?m|i\s+am|this\s+is|it'?s|soy|aqu[ií]\s+es|me\s+and|yo\s+y)[\s,]+", re.I
            ),
            _LISTED,
        ),
        # after a line break or "Thanks." too: each is a word boundary, and only the end counts
        _Context(re.compile(rf"\b(?:{VOCATIVE_OPENERS})[\s,]+", re.I), _LISTED),
    )


_AFTER_NAME = re.compile(
    rf"(?:[ \t]+(?:and\s+(?:i|me)\b|y\s+yo\b|said\b|says\b|told\s+(?:me|us)\b|dijo\b|asked\b|"
    rf"(?:is|was)\s+my\s+(?:(?:{RELATION_ADJECTIVES})\s+)*(?:{RELATIONS_EN})\b|"
    rf"es\s+mi\s+(?:{RELATIONS_ES})\b)"
    rf"|['’]s\s+(?:mom|dad|mother|father|brother|sister|house|mum|grandma|grandpa|family)\b)",
    re.IGNORECASE,
)
_TITLES = "|".join(
    form_pattern(title)
    for title in sorted(HONORIFIC_ABBREVIATIONS | HONORIFIC_WORDS, key=len, reverse=True)
)
_HONORIFIC = re.compile(
    rf"\b(?P<title>{_TITLES})(?P<dot>\.)?[ \t]+(?=[^\W\d_])",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^[ \t]*(?P<label>[^\W\d_][^\n:]{0,40}?)[ \t]*:(?!\d)", re.MULTILINE)


def sentence_start(text: str, pos: int) -> bool:
    """True when only opening punctuation separates ``pos`` from the start of a sentence or line."""
    index = pos - 1
    while index >= 0 and text[index] in _OPENING_PUNCTUATION:
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


class PersonRecognizer:
    """Finds names of people that no one told afterclass about."""

    def __init__(self, names: NameLists, *, language: str = "en") -> None:
        self._names = names
        spanish = language.lower().startswith("es")
        self._spanish = spanish
        #: given names trusted in lower case: Spanish word forms only outside Spanish sessions
        self._lower_names = names.first if spanish else names.first_any

    def find(self, text: str | Scan) -> list[Candidate]:
        scan = Scan.of(text)
        found: list[Candidate] = []
        for context in _contexts():
            for match in scan.finditer(context.pattern, caseless=True):
                found.extend(self._name_at(scan.text, match.end(), context.lower_case))
        found.extend(self._after_name(scan))
        found.extend(self._titled(scan))
        found.extend(self._labels(scan))
        found.extend(self._listed(scan))
        return found

    # -- a name starting at a position --------------------------------------------------------
    def _name_at(self, text: str, pos: int, lower_case: str) -> list[Candidate]:
        token = TOKEN.match(text, pos)
        if token is None:
            return []
        word = token.group()
        folded = fold(word)
        if len(folded) < 2 or folded in HONORIFIC_ABBREVIATIONS or folded in HONORIFIC_WORDS:
            return []
        if folded in STOPWORDS and not (word[0].isupper() and folded in NAMES_ALSO_STOPWORDS):
            return []
        if word[0].islower() and not self._lower_ok(folded, lower_case):
            return []
        if lower_case != _STRONG and self._never_alone(folded):
            return []  # "see you Monday", "I'm Pascal's fan": only given names pass
        end = self._extend(text, _strip_possessive(text, token.start(), token.end()))
        return [candidate(text, token.start(), end, "PERSON", confirmed=True)]

    def _never_alone(self, folded: str) -> bool:
        names = self._names
        if folded in names.context_given or folded in NAMES_ALSO_STOPWORDS:
            return False
        return folded in names.context_only

    def _lower_ok(self, folded: str, lower_case: str) -> bool:
        if lower_case == _STRONG:
            return True
        return lower_case == _LISTED and folded in self._lower_names

    def _extend(self, text: str, end: int) -> int:
        """Grow a name over the capitalized words that follow it on the same line."""
        for _ in range(_MAX_NAME_TOKENS - 1):
            gap = _GAP.match(text, end)
            if gap is None:
                return end
            nxt = _INITIAL.match(text, gap.end()) or TOKEN.match(text, gap.end())
            if nxt is None:
                return end
            word = nxt.group()
            folded = fold(word)
            if folded in NAME_PARTICLES and self._continues(text, nxt.end()):
                end = self._extend_particle(text, nxt.end(), end)
                continue
            if not word[0].isupper() or folded in STOPWORDS or folded in STRUCTURE_WORDS:
                return end
            if folded in CALENDAR_WORDS or folded in MATH_WORDS:
                return end
            end = _strip_possessive(text, nxt.start(), nxt.end())
            if end < nxt.end():
                return end
        return end

    def _continues(self, text: str, pos: int) -> bool:
        gap = _GAP.match(text, pos)
        nxt = TOKEN.match(text, gap.end()) if gap else None
        return nxt is not None and (nxt.group()[0].isupper() or fold(nxt.group()) in NAME_PARTICLES)

    def _extend_particle(self, text: str, pos: int, end: int) -> int:
        gap = _GAP.match(text, pos)
        nxt = TOKEN.match(text, gap.end()) if gap else None
        if nxt is None:
            return end
        if nxt.group()[0].isupper():
            return _strip_possessive(text, nxt.start(), nxt.end())
        return (
            self._extend_particle(text, nxt.end(), end)
            if fold(nxt.group()) in NAME_PARTICLES
            else end
        )

    # -- the other rules ----------------------------------------------------------------------
    def _after_name(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for match in scan.finditer(_AFTER_NAME, caseless=True):
            start = _last_word_start(text, match.start())
            if start is None:
                continue
            word = text[start : match.start()]
            folded = fold(word)
            if folded in STOPWORDS or folded in MATH_WORDS:
                continue
            if word[0].isupper() or folded in self._lower_names:
                end = _strip_possessive(text, start, match.start())
                found.append(candidate(text, start, end, "PERSON", confirmed=True))
        return found

    def _titled(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for match in scan.finditer(_HONORIFIC, caseless=True):
            title = fold(match.group("title"))
            if title in HONORIFIC_ABBREVIATIONS and (match.group("dot") or title != "sr"):
                found.extend(self._name_at(text, match.end(), _STRONG))
            elif title in HONORIFIC_WORDS or title in HONORIFIC_ABBREVIATIONS:
                found.extend(self._name_at(text, match.end(), _CAPITALIZED))
        return found

    def _labels(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for match in scan.finditer(_LABEL):
            label = match.group("label")
            words = label.split()
            if not 1 <= len(words) <= 3 or not all(
                TOKEN.fullmatch(w) or _INITIAL.fullmatch(w) for w in words
            ):
                continue
            folded = [fold(w.rstrip(".")) for w in words]
            if folded[0] in LABEL_WORDS or folded[0] in STOPWORDS or not words[0][0].isupper():
                continue
            if not self._label_is_name(folded):
                continue
            start = match.start("label")
            found.append(candidate(text, start, start + len(label), "PERSON", confirmed=True))
        return found

    def _label_is_name(self, folded: list[str]) -> bool:
        """A label is a speaker's name when it starts with a given name or ends with a surname."""
        names = self._names
        if names.is_given_name(folded[0], in_context=True):
            return True
        return len(folded) > 1 and names.is_surname(folded[-1])

    def _listed(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for start, word in self._listed_tokens(scan):
            folded = fold(word)
            if word[0].islower():
                if len(folded) < 3 or folded not in self._lower_names or folded in STOPWORDS:
                    continue
            elif not self._capitalized_name(text, start, word, folded):
                continue
            end = self._extend(text, _strip_possessive(text, start, start + len(word)))
            found.append(candidate(text, start, end, "PERSON"))
        return found

    def _listed_tokens(self, scan: Scan) -> list[tuple[int, str]]:
        """Where the tokens that may be listed names stand, in order (the others never are).

        The same tokens, at the same places, as ``TOKEN.finditer`` gives, without going through
        the thousands of words of a session that are in no list.
        """
        text = scan.text
        places: list[tuple[int, str]] = []
        for word in scan.distinct(TOKEN):
            if not self._may_be_listed(word):
                continue
            position = text.find(word)
            while position >= 0:
                if _token_starts(text, position):
                    token = TOKEN.match(text, position)
                    if token is not None and token.group() == word:
                        places.append((position, word))
                position = text.find(word, position + 1)
        return sorted(places)

    def _may_be_listed(self, word: str) -> bool:
        """False when no place in a text can make ``word`` a name by the lists."""
        folded = fold(word)
        if word[0].islower():
            return len(folded) >= 3 and folded in self._lower_names and folded not in STOPWORDS
        names = self._names
        return (
            folded in names.first
            or folded in names.first_es
            or folded in names.first_words
            or folded in names.surnames
        )

    def _capitalized_name(self, text: str, start: int, word: str, folded: str) -> bool:
        names = self._names
        if folded in names.context_only or len(folded) < 2:
            return False
        if folded in HONORIFIC_WORDS and self._followed_by_capital(text, start + len(word)):
            return False  # "Don Pedro", "Coach Taylor": the title rule finds the name
        if word.isupper() and len(word) > 1:
            return len(folded) >= 3 and folded in names.first
        if folded in names.first or (folded in names.first_es and not self._spanish):
            return True
        inside = not sentence_start(text, start)
        if folded in names.first_es:
            return inside or self._followed_by_surname(text, start + len(word))
        if folded in names.first_words:
            return inside or self._followed_by_surname(text, start + len(word))
        return inside and folded in names.surnames

    def _followed_by_capital(self, text: str, pos: int) -> bool:
        gap = _GAP.match(text, pos)
        nxt = TOKEN.match(text, gap.end()) if gap else None
        return nxt is not None and nxt.group()[0].isupper()

    def _followed_by_surname(self, text: str, pos: int) -> bool:
        gap = _GAP.match(text, pos)
        nxt = TOKEN.match(text, gap.end()) if gap else None
        return (
            nxt is not None
            and nxt.group()[0].isupper()
            and self._names.is_surname(fold(nxt.group()))
        )


def _strip_possessive(text: str, start: int, end: int) -> int:
    """The end of a name without its possessive ("Maya's" -> "Maya")."""
    if end - start > 2 and text[end - 2] in "'’" and text[end - 1] in "sS":
        return end - 2
    return end


def _is_letter(ch: str) -> bool:
    return ch.isalnum() and not ch.isdecimal()  # ``[^\W\d_]``


def _token_starts(text: str, position: int) -> bool:
    """True when ``TOKEN.finditer`` can start a token at ``position`` (no token runs into it)."""
    if position == 0:
        return True
    before = text[position - 1]
    if _is_letter(before):
        return False
    return not (before in "'’-" and position >= 2 and _is_letter(text[position - 2]))


def _last_word_start(text: str, end: int) -> int | None:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
        start -= 1
    return start if start < end and text[start].isalpha() else None
