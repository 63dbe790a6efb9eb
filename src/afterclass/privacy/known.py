"""Known people: the names of the session's participants, found in every form.

For each person the full name, every alias, and every part of them that can stand alone ("Maya",
"Lopez", not "de") are searched in any case and with or without accents, joined by spaces,
line breaks or hyphens, spelled out letter by letter ("M-A-Y-A"), with a possessive or a bare
plural "s" after them. Parts of one or two letters ("Al", "Jo") only match capitalized or in
capitals, so the Spanish "al" stays. Recall here must be total; over-redaction is the price.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from afterclass.privacy.folding import SYMBOLS, fold_text
from afterclass.privacy.literals import Requirement, Word, requirement_of
from afterclass.privacy.names import fold
from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate
from afterclass.privacy.vocabulary import NAME_PARTICLES

_VARIANTS = {
    "a": "aáàâäãå",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôöõø",
    "u": "uúùûü",
    "n": "nñ",
    "c": "cç",
    "y": "yýÿ",
}
_JOIN = r"[\s\-]+"
_SPELL_JOIN = r"[\s.\-]+"
_SEPARATORS = re.compile(r"[\s.\-'’]+")


def _char(ch: str) -> str:
    if ch in "'’":
        return "['’]?"
    variants = _VARIANTS.get(ch)
    return f"[{variants}]" if variants else re.escape(ch)


def _token_pattern(token: str) -> str:
    return "".join(_char(ch) for ch in fold(token))


def form_pattern(form: str) -> str:
    """A pattern for a name: accents optional, parts joined by a space, line break or hyphen."""
    tokens = [t for t in re.split(r"[\s\-]+", form.strip()) if t]
    return _JOIN.join(_token_pattern(token) for token in tokens)


def spelled_pattern(token: str) -> str:
    """``maya`` -> a pattern for ``M-A-Y-A``, ``m a y a`` or ``M.A.Y.A``."""
    return _SPELL_JOIN.join(_char(ch) for ch in fold(token) if ch not in "'’")


def name_parts(form: str) -> list[str]:
    """The parts of a name that may appear alone (the first always: "Al Stone" -> "Al", "Stone")."""
    tokens = [t for t in re.split(r"[\s\-]+", form.strip()) if t]
    return tokens[:1] + [t for t in tokens[1:] if fold(t) not in NAME_PARTICLES]


def compile_names(forms: Iterable[str], *, exact: Iterable[str] = ()) -> re.Pattern[str] | None:
    """One pattern for all ``forms``, longest first, bounded by non-letters on both sides.

    Forms of one or two letters, and those in ``exact``, match only capitalized or in capitals.
    """
    return _names_pattern(tuple(forms), tuple(exact))


@functools.lru_cache(maxsize=1024)
def _names_pattern(forms: tuple[str, ...], exact: tuple[str, ...]) -> re.Pattern[str] | None:
    # made once for each list of names (a student has many sessions, and outputs too are
    # scanned for them)
    long_forms: set[str] = set()
    short_forms: set[str] = set()
    spelled: set[str] = set()
    exact_keys = {fold(form) for form in exact}
    for form in forms:
        core = fold(form)
        if len(_SEPARATORS.sub("", core)) <= 2 or core in exact_keys:
            short_forms.update(
                {re.escape(form.strip().capitalize()), re.escape(form.strip().upper())}
            )
            continue
        long_forms.add(form_pattern(form))
        if " " not in form.strip() and "-" not in form.strip():
            spelled.add(spelled_pattern(form))
    if not (long_forms or short_forms):
        return None
    # longest first, ties in a fixed order (a set's order changes with the hash seed)
    alternatives = sorted(long_forms | spelled, key=_longest_first)
    body = f"(?i:{'|'.join(alternatives)})" if alternatives else ""
    if short_forms:
        body = "|".join(filter(None, [body, *sorted(short_forms, key=_longest_first)]))
    start = _first_letters(forms)
    return re.compile(rf"{start}(?<![^\W_])(?:{body})(?:s(?![^\W_]))?(?![^\W_])")


def _longest_first(pattern: str) -> tuple[int, str]:
    return -len(pattern), pattern


def _first_letters(forms: Iterable[str]) -> str:
    """A lookahead for the letters (in any case, with or without accents) a match of ``forms``
    starts with: ``re`` then passes over most places at once (the same matches, found several
    times faster). Empty when a form does not start with a letter."""
    letters: set[str] = set()
    for form in (form.strip() for form in forms):
        first = fold(form)[:1]
        if not first.isalpha():
            return ""
        letters.update(
            _VARIANTS.get(first, first), form[:1], form.capitalize()[:1], form.upper()[:1]
        )
    cases = [_cases(letter) for letter in letters]
    if None in cases:  # a letter beyond Latin-1: re.IGNORECASE finds its cases
        return f"(?=(?i:[{''.join(map(re.escape, sorted(letters)))}]))"
    # every case spelled out: read faster than with re.IGNORECASE
    return f"(?=[{''.join(sorted(set(''.join(filter(None, cases)))))}])"


#: Letters that ``re.IGNORECASE`` matches beyond their upper and lower case.
_ODD_CASES = {"i": "İı", "k": "\u212a", "s": "ſ", "ß": "ẞ", "å": "\u212b"}


def _cases(letter: str) -> str | None:
    """Every character that ``(?i:letter)`` matches, for a letter of ASCII or Latin-1; None
    for any other."""
    lower = letter.lower()
    if len(lower) != 1 or not (lower.isascii() or "ß" <= lower <= "ÿ") or not lower.isalpha():
        return None
    upper = lower.upper() if len(lower.upper()) == 1 else ""
    return "".join({letter, lower, upper, *_ODD_CASES.get(lower, "")})


#: More spellings of a name than this ("o" and "ø" fold apart) and its "o"s are left out.
_MOST_SPELLINGS = 16
_PLAIN = re.compile(r"[a-z'’]+")


@functools.lru_cache(maxsize=1024)
def names_needs(forms: tuple[str, ...]) -> Requirement | None:
    """What every match of ``compile_names(forms)`` needs (``literals.py``), read from the names
    themselves: parsing the pattern of a new student's names costs more than the rest of a
    session's search for them. Every match holds all the words of one of its groups (a word
    whose edges are not certain is looked for anywhere). None when a name holds a character left
    to the parse (folded, anything but the letters a-z and apostrophes).
    """
    groups: list[tuple[Word, ...]] = []
    for form in forms:
        core = fold(form)
        if len(_SEPARATORS.sub("", core)) <= 2:  # matched as written: capitalized or in capitals
            found = _exact_words(form.strip())
        else:
            found = _form_words(form)
        if found is None:
            return None
        groups.extend(found)
    return requirement_of(groups) if groups else None


def _exact_words(form: str) -> list[tuple[Word, ...]] | None:
    groups: list[tuple[Word, ...]] = []
    for text in (form.capitalize(), form.upper()):
        folded = fold_text(text)
        if not folded.split() or len(folded) != len(text) or set(folded) & set(SYMBOLS):
            return None
        groups.append(tuple(Word(word, False, False) for word in folded.split()))
    return groups


def _form_words(form: str) -> list[tuple[Word, ...]] | None:
    """The groups of words of a form's pattern (``form_pattern`` and ``spelled_pattern``)."""
    tokens = [fold(token) for token in re.split(r"[\s\-]+", form.strip()) if token]
    if not all(_PLAIN.fullmatch(token) for token in tokens):
        return None
    words: list[Word] = []
    for index, token in enumerate(tokens):  # tokens are joined by spaces; an apostrophe may go
        pieces = [piece for piece in re.split("['’]", token) if piece]
        for number, piece in enumerate(pieces):
            starts = index > 0 and number == 0 and token[0] not in "'’"
            ends = index < len(tokens) - 1 and number == len(pieces) - 1 and token[-1] not in "'’"
            words.append(Word(piece, starts, ends))
    groups = _spellings(words)
    if " " not in form.strip() and "-" not in form.strip():  # spelled out: one letter a word
        letters = [ch for ch in fold(form) if ch not in "'’"]
        last = len(letters) - 1
        groups.extend(_spellings([Word(ch, i > 0, i < last) for i, ch in enumerate(letters)]))
    return groups if all(groups) else None


def _spellings(words: list[Word]) -> list[tuple[Word, ...]]:
    """``words`` in every spelling of their "o"s (``[oóòôöõø]`` folds to "o" or "ø"); past a
    few, the words without their "o"s."""
    options = [_o_spellings(word) for word in words]
    if math.prod(map(len, options)) <= _MOST_SPELLINGS:
        return [tuple(choice) for choice in itertools.product(*options)]
    return [
        tuple(Word(part, False, False) for word in words for part in word.text.split("o") if part)
    ]


def _o_spellings(word: Word) -> list[Word]:
    count = word.text.count("o")
    if count > 4:
        return [word] * (_MOST_SPELLINGS + 1)  # too many: dropped by ``_spellings``
    spellings = {""}
    for ch in word.text:
        spellings = {s + c for s in spellings for c in ("oø" if ch == "o" else ch)}
    return [Word(text, word.starts, word.ends) for text in sorted(spellings)]


def form_key(text: str) -> str:
    """The lookup key of a matched name: folded, without separators. "ø", which a name's
    pattern accepts for "o" but which has no accent to fold away, is read as "o" too."""
    return _SEPARATORS.sub("", fold(text)).replace("ø", "o")


@dataclass(frozen=True)
class KnownPerson:
    """A participant: the name their tag is keyed on, their tag kind, and all their forms."""

    name: str
    kind: str
    forms: tuple[str, ...]


class KnownPeopleRecognizer:
    """Finds every form of every known participant's name."""

    def __init__(self, people: Sequence[KnownPerson]) -> None:
        self._owner: dict[str, KnownPerson] = {}
        self._matched: dict[str, KnownPerson | None] = {}
        forms: list[str] = []
        for person in people:
            for form in person.forms:
                for variant in (form, *name_parts(form)):
                    self._owner.setdefault(form_key(variant), person)
                    forms.append(variant)
        self._pattern = compile_names(forms)
        self._needs = names_needs(tuple(forms)) if self._pattern is not None else None

    def find(self, text: str | Scan) -> list[Candidate]:
        if self._pattern is None:
            return []
        found: list[Candidate] = []
        for match in Scan.of(text).finditer(self._pattern, needs=self._needs):
            person = self._person_of(match.group())
            if person is not None:
                found.append(
                    Candidate(
                        match.start(),
                        match.end(),
                        "PERSON",
                        person.name,
                        known=True,
                        confirmed=True,
                        tag_kind=person.kind,
                    )
                )
        return found

    def _person_of(self, matched: str) -> KnownPerson | None:
        if matched in self._matched:  # a name is said many times, in few spellings
            return self._matched[matched]
        person = self._matched[matched] = self._owner_of(matched)
        return person

    def _owner_of(self, matched: str) -> KnownPerson | None:
        key = form_key(matched)
        person = self._owner.get(key)
        if person is None and key.endswith("s"):
            person = self._owner.get(key[:-1])
        return person
