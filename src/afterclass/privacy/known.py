"""Known people: the names of the session's participants, found in every form.

For each person the full name, every alias, and every part of them that can stand alone ("Maya",
"Lopez", not "de") are searched in any case and with or without accents, joined by spaces,
line breaks or hyphens, spelled out letter by letter ("M-A-Y-A"), with a possessive or a bare
plural "s" after them. Parts of one or two letters ("Al", "Jo") only match capitalized or in
capitals, so the Spanish "al" stays. Recall here must be total; over-redaction is the price.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    alternatives = sorted(long_forms | spelled, key=len, reverse=True)
    body = f"(?i:{'|'.join(alternatives)})" if alternatives else ""
    if short_forms:
        body = "|".join(filter(None, [body, *sorted(short_forms, key=len, reverse=True)]))
    return re.compile(rf"(?<![^\W_])(?:{body})(?:s(?![^\W_]))?(?![^\W_])")


def form_key(text: str) -> str:
    """The lookup key of a matched name: folded, without separators."""
    return _SEPARATORS.sub("", fold(text))


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
        forms: list[str] = []
        for person in people:
            for form in person.forms:
                for variant in (form, *name_parts(form)):
                    self._owner.setdefault(form_key(variant), person)
                    forms.append(variant)
        self._pattern = compile_names(forms)

    def find(self, text: str | Scan) -> list[Candidate]:
        if self._pattern is None:
            return []
        found: list[Candidate] = []
        for match in Scan.of(text).finditer(self._pattern):
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
        key = form_key(matched)
        person = self._owner.get(key)
        if person is None and key.endswith("s"):
            person = self._owner.get(key[:-1])
        return person
