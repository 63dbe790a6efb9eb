"""The name lists shipped in ``afterclass/data/names``: US Census 1990 and SSA names, public domain.

See ``afterclass/data/names/README.md`` for where they come from and how they are rebuilt. They are
read on first use (about 40 ms) and cached; nothing is read at import time.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources

from afterclass.errors import ConfigError
from afterclass.privacy.vocabulary import (
    CALENDAR_WORDS,
    MATH_WORDS,
    PLACE_NAMES,
    STOPWORDS,
    TITLE_WORDS,
)

_FILES = (
    "first.txt",
    "first_words.txt",
    "first_es_words.txt",
    "surnames.txt",
    "surnames_words.txt",
)


def fold(word: str) -> str:
    """Lower case without accents or possessive: ``"José's"`` -> ``"jose"``."""
    word = word.casefold()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class NameLists:
    """Folded names, sorted by how far a lone occurrence can be trusted.

    ``first``: given names that are not ordinary words: a name wherever they stand.
    ``first_words``: given names that are also English words ("Will", "Grace"): a name when
    capitalized inside a sentence, or in context.
    ``first_es``: given names that are also Spanish word forms ("Rosa", "Diego"): a name when
    capitalized; in lower case only in a session that is not in Spanish.
    ``surnames`` / ``surnames_words``: family names, the same split.
    ``context_only``: words that are never a name by the list alone (months, places,
    mathematicians, common words); ``context_given``: the given names among them ("May",
    "Austin"), a name only after "my friend", "Mr.", "me llamo" and the like.
    """

    first: frozenset[str]
    first_words: frozenset[str]
    first_es: frozenset[str]
    surnames: frozenset[str]
    surnames_words: frozenset[str]
    context_only: frozenset[str]
    context_given: frozenset[str]

    @functools.cached_property
    def first_any(self) -> frozenset[str]:
        """``first`` and ``first_es`` together (made once: the lists are shared)."""
        return self.first | self.first_es

    def is_given_name(self, folded: str, *, in_context: bool = False) -> bool:
        listed = folded in self.first or folded in self.first_words or folded in self.first_es
        return listed or (in_context and folded in self.context_given)

    def is_surname(self, folded: str) -> bool:
        return folded in self.surnames or folded in self.surnames_words

    def is_name(self, folded: str) -> bool:
        return self.is_given_name(folded) or self.is_surname(folded)


def _read(name: str) -> frozenset[str]:
    try:
        text = resources.files("afterclass").joinpath("data", "names", name).read_text("utf-8")
    except (FileNotFoundError, OSError) as error:
        raise ConfigError(
            f"the bundled name list {name!r} cannot be read ({error}); reinstall afterclass"
        ) from None
    return frozenset(fold(line) for line in text.splitlines() if line and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def load_name_lists() -> NameLists:
    """The bundled lists, read once per process."""
    first, first_words, first_es, surnames, surnames_words = (_read(name) for name in _FILES)
    context_only = CALENDAR_WORDS | MATH_WORDS | PLACE_NAMES | STOPWORDS | TITLE_WORDS
    return NameLists(
        first=first - context_only,
        first_words=first_words - context_only,
        first_es=first_es - context_only,
        surnames=surnames - context_only,
        surnames_words=surnames_words - context_only,
        context_only=context_only,
        context_given=(first | first_words | first_es) & (context_only - STOPWORDS),
    )
