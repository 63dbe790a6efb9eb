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

import re
from collections.abc import Set as AbstractSet

from afterclass.privacy.contexts import (
    AFTER_NAME,
    CAPITALIZED,
    HONORIFIC,
    LABEL,
    LISTED,
    STRONG,
    contexts,
)
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
    STOPWORDS,
    STRUCTURE_WORDS,
)

TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INITIAL = re.compile(r"[A-Z]\.")
_GAP = re.compile(r"[ \t]+")
_SENTENCE_END = ".!?:;\n…"
_OPENING_PUNCTUATION = " \t\"'“‘(¡¿*-_"
_MAX_NAME_TOKENS = 4


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
        #: what ``_opens_name`` and ``_listed_verdict`` said of a word: a lesson repeats its
        #: words, names most of all
        self._opens: dict[tuple[str, str], bool] = {}
        self._verdicts: dict[str, bool | None] = {}

    def find(
        self, text: str | Scan, *, known: AbstractSet[tuple[int, int]] = frozenset()
    ) -> list[Candidate]:
        """Every name found; none of the (start, end) spans in ``known``: a known
        participant's name is found there already, and would win over it."""
        scan = Scan.of(text)
        found: list[Candidate] = []
        openings = self._openings(scan)
        for context in contexts():
            within = openings if context.lower_case == LISTED else None
            matches = scan.finditer(
                context.pattern,
                caseless=True,
                within=within,
                check_words=within is None or not context.everywhere,
            )
            for match in matches:
                found.extend(self._name_at(scan.text, match.end(), context.lower_case, known))
        found.extend(self._after_name(scan))
        found.extend(self._titled(scan))
        found.extend(self._labels(scan))
        found.extend(self._listed(scan, known))
        return found

    # -- a name starting at a position --------------------------------------------------------
    def _name_at(
        self,
        text: str,
        pos: int,
        lower_case: str,
        known: AbstractSet[tuple[int, int]] = frozenset(),
    ) -> list[Candidate]:
        token = TOKEN.match(text, pos)
        if token is None or not self._opens_name(token.group(), lower_case):
            return []
        end = self._extend(text, _strip_possessive(text, token.start(), token.end()))
        if (token.start(), end) in known:
            return []
        return [candidate(text, token.start(), end, "PERSON", confirmed=True)]

    def _openings(self, scan: Scan) -> AbstractSet[int] | None:
        """The texts where a word stands that starts a name after a context such as "hi" or
        "I'm" (``LISTED``), for those contexts to skip the others: capitalized words, and
        listed names in lower case. None when that cannot be told at once (short texts, letters
        that fold unlike ``fold``): then every text is read."""
        runs = scan.letter_runs()
        if runs is None:
            return None
        words = [w for w in scan.distinct(TOKEN) if not w[0].islower()]
        names = (runs & self._lower_names) - STOPWORDS  # lower case: only listed names start one
        # A word of ASCII letters stands, folded, where it stands: the texts that hold "Maya"
        # are among those whose folded form holds "maya", so a listed name is looked for once.
        return scan.texts_holding(
            w
            for w in words
            if not (w.isascii() and w.isalpha() and w.lower() in names)
            and self._opens_name(w, LISTED)
        ) | scan.texts_holding(names, folded=True)

    def _opens_name(self, word: str, lower_case: str) -> bool:
        """True when ``word`` after a context of the kind ``lower_case`` starts a name."""
        opens = self._opens.get((word, lower_case))
        if opens is None:
            opens = self._opens[word, lower_case] = self._starts_name(word, lower_case)
        return opens

    def _starts_name(self, word: str, lower_case: str) -> bool:
        folded = fold(word)
        if len(folded) < 2 or folded in HONORIFIC_ABBREVIATIONS or folded in HONORIFIC_WORDS:
            return False
        if folded in STOPWORDS and not (word[0].isupper() and folded in NAMES_ALSO_STOPWORDS):
            return False
        if word[0].islower() and not self._lower_ok(folded, lower_case):
            return False
        # "see you Monday", "I'm Pascal's fan": only given names pass
        return lower_case == STRONG or not self._never_alone(folded)

    def _never_alone(self, folded: str) -> bool:
        names = self._names
        if folded in names.context_given or folded in NAMES_ALSO_STOPWORDS:
            return False
        return folded in names.context_only

    def _lower_ok(self, folded: str, lower_case: str) -> bool:
        if lower_case == STRONG:
            return True
        return lower_case == LISTED and folded in self._lower_names

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
        for match in scan.finditer(AFTER_NAME, caseless=True):
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
        for match in scan.finditer(HONORIFIC, caseless=True):
            title = fold(match.group("title"))
            if title in HONORIFIC_ABBREVIATIONS and (match.group("dot") or title != "sr"):
                found.extend(self._name_at(text, match.end(), STRONG))
            elif title in HONORIFIC_WORDS or title in HONORIFIC_ABBREVIATIONS:
                found.extend(self._name_at(text, match.end(), CAPITALIZED))
        return found

    def _labels(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for match in scan.finditer(LABEL):
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

    def _listed(self, scan: Scan, known: AbstractSet[tuple[int, int]]) -> list[Candidate]:
        text = scan.text
        found: list[Candidate] = []
        for start, word in self._listed_tokens(scan):
            verdict = self._listed_verdict(word)
            if verdict is None:
                verdict = self._capitalized_name(text, start, word, fold(word))
            if not verdict:
                continue
            end = self._extend(text, _strip_possessive(text, start, start + len(word)))
            if (start, end) not in known:
                found.append(candidate(text, start, end, "PERSON"))
        return found

    def _listed_verdict(self, word: str) -> bool | None:
        """Whether the listed ``word`` is a name wherever it stands; None when that depends on
        where (``_capitalized_name`` tells)."""
        if word not in self._verdicts:
            self._verdicts[word] = self._verdict(word)
        return self._verdicts[word]

    def _verdict(self, word: str) -> bool | None:
        folded = fold(word)
        if word[0].islower():
            return len(folded) >= 3 and folded in self._lower_names and folded not in STOPWORDS
        names = self._names
        if folded in names.context_only or len(folded) < 2:
            return False
        if folded in HONORIFIC_WORDS:
            return None
        if word.isupper() and len(word) > 1:
            return len(folded) >= 3 and folded in names.first
        if folded in names.first or (folded in names.first_es and not self._spanish):
            return True
        return None

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
