"""Stable pseudonyms: within one session the same person or value always gets the same tag.

Tags look like ``[STUDENT]``, ``[TUTOR]``, ``[PERSON_1]``, ``[EMAIL_2]``. The student and the
first tutor have their own tags; everyone else is ``[PERSON_n]`` in order of appearance. Names
are compared without case, accents or possessive, and a lone first or last name is linked to the
full name it belongs to ("Sarah" and "Sarah Kim's" share a tag).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from afterclass.errors import InputError
from afterclass.privacy.names import fold
from afterclass.privacy.vocabulary import NAME_PARTICLES

#: Person tags with a fixed name; any other person is ``[PERSON_n]``.
ROLE_TAGS = ("STUDENT", "TUTOR")
TAG_PATTERN = re.compile(r"\[([A-Z]+)(?:_(\d+))?\]")
_SPACES = re.compile(r"\s+")


def _family(type_: str) -> str:
    return "PERSON" if type_ in ROLE_TAGS else type_


def normalize(type_: str, value: str) -> str:
    """The key two spellings of the same value share (``"Maya's"`` and ``"MAYA"``)."""
    family = _family(type_)
    if family == "PHONE":
        return "".join(ch for ch in value if ch.isdigit())[-10:]
    if family == "ID":
        return "".join(ch for ch in value if ch.isalnum()).upper()
    if family == "URL":
        text = value.casefold().strip().rstrip("/")
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    if family in {"EMAIL", "IP"}:
        return value.casefold().strip()
    if family == "HANDLE":
        return value.casefold().strip().lstrip("@")
    return " ".join(fold(token) for token in _SPACES.split(value.strip()) if token)


def name_tokens(key: str) -> list[str]:
    """The parts of a normalized name that can stand alone ("maya", "lopez"; not "de")."""
    return [t for t in key.replace("-", " ").split() if len(t) > 1 and t not in NAME_PARTICLES]


class Pseudonyms:
    """The tags of one session, and the original each stands for."""

    def __init__(self) -> None:
        self._tags: dict[tuple[str, str], str] = {}
        self._originals: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        #: tag_for's answers: a value once tagged keeps its tag (a session names a few people
        #: hundreds of times).
        self._given: dict[tuple[str, str], str] = {}

    def tag_for(self, type: str, value: str, *, link: bool = True) -> str:
        """The tag for ``value``; a new one the first time a value is seen.

        With ``link`` (the default) a person whose first or last name already has a tag gets that
        tag; known participants are registered with ``link=False`` so siblings stay apart.
        """
        given = self._given.get((type, value))
        if given is not None:
            return given
        family = _family(type)
        key = normalize(type, value)
        tag = self._tags.get((family, key))
        if tag is None and family == "PERSON" and link:
            tag = self._linked_person(key)
        if tag is None:
            tag = self._new_tag(type, family)
            self._originals[tag] = value.strip()
        self._register(family, key, tag)
        self._given[type, value] = tag
        return tag

    def alias(self, tag: str, type: str, value: str) -> None:
        """Let another spelling (a nickname, a form of the name) stand for an existing ``tag``."""
        if tag not in self._originals:
            raise InputError(f"{tag} is not a tag of this session; create it with tag_for() first")
        self._register(_family(type), normalize(type, value), tag)

    def mapping(self) -> dict[str, str]:
        """Tag -> original value (the form first seen)."""
        return dict(self._originals)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> Pseudonyms:
        """Continue a session's pseudonyms from a stored map: new values get fresh numbers."""
        pseudonyms = cls()
        for tag, original in mapping.items():
            match = TAG_PATTERN.fullmatch(tag)
            if match is None:
                raise InputError(
                    f"{tag!r} is not a pseudonym tag; a pseudonym map holds tags like "
                    "[STUDENT] or [PERSON_1] mapped to the original value"
                )
            type_, number = match.group(1), match.group(2)
            family = _family(type_)
            if number is not None:
                counter = max(pseudonyms._counters.get(family, 0), int(number))
                pseudonyms._counters[family] = counter
            pseudonyms._originals[tag] = original
            pseudonyms._register(family, normalize(type_, original), tag)
        return pseudonyms

    def _new_tag(self, type_: str, family: str) -> str:
        if type_ in ROLE_TAGS and f"[{type_}]" not in self._originals:
            return f"[{type_}]"
        number = self._counters.get(family, 0) + 1
        self._counters[family] = number
        return f"[{family}_{number}]"

    def _linked_person(self, key: str) -> str | None:
        for token in name_tokens(key):
            tag = self._tags.get(("PERSON", token))
            if tag is not None:
                return tag
        return None

    def _register(self, family: str, key: str, tag: str) -> None:
        if not key:
            return
        self._tags.setdefault((family, key), tag)
        if family == "PERSON":
            for token in name_tokens(key):
                self._tags.setdefault((family, token), tag)
