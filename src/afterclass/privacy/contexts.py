"""The words around a name that say it is one: "my name is ___", "hi ___", "Mr. ___", "___ said".

A context also tells how far a lower-case word after it is trusted: ``STRONG`` ("my name is"):
any word that is not a common one; ``LISTED`` ("hi", "I'm", "my friend"): a listed given name;
``CAPITALIZED`` (a title such as "Coach"): none.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from afterclass.privacy.known import form_pattern
from afterclass.privacy.vocabulary import (
    HONORIFIC_ABBREVIATIONS,
    HONORIFIC_WORDS,
    RELATION_ADJECTIVES,
    RELATIONS_EN,
    RELATIONS_ES,
    VOCATIVE_OPENERS,
)

STRONG = "any"
LISTED = "list"
CAPITALIZED = "no"


@dataclass(frozen=True)
class Context:
    """Words after which a name stands. ``everywhere``: its words are in nearly every turn of
    a lesson ("ok", "right", "yes"), so looking for them costs more than reading the turns."""

    pattern: re.Pattern[str]
    lower_case: str
    everywhere: bool = False


def word_choice(choices: str) -> str:
    """``\\b(?:choices)`` written so that ``re`` reads it several times faster, to the same
    matches: a lookahead for the letters the choices start with, and the choices grouped by that
    letter, each group in their order (two choices that start with different letters never match
    at the same place, so only the order within a group counts). Each of the ``|``-separated
    choices starts with a lower-case letter that no quantifier follows, and has no group."""
    groups: dict[str, list[str]] = {}
    for choice in choices.split("|"):
        groups.setdefault(choice[0], []).append(choice[1:])
    body = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return rf"(?=[{''.join(groups)}])\b(?:{body})"


@functools.lru_cache(maxsize=1)
def contexts() -> tuple[Context, ...]:
    """The contexts before a name, each with the words it trusts."""
    relation = rf"(?:(?:{RELATION_ADJECTIVES})\s+)*(?:{RELATIONS_EN})"
    verbs = r"(?:\s*,)?(?:\s+(?:is|was|named|called|'s|is named|is called))?"
    strong = (
        r"\b(?:my\s+name\s*(?:is|'s)|name\s*'?s|name\s+is|name\s*:|his\s+name\s+is|her\s+name\s+is|their\s+name\s+is|"
        r"me\s+llamo|mi\s+nombre\s+es|se\s+llama|se\s+llaman|(?:is|was)\s+named|call\s+me|"
        r"ll[aá]mame|me\s+dicen)[\s,:]+"
    )
    spanish = rf"{word_choice('mi|mis|su|sus|tu')}\s+(?:{RELATIONS_ES})(?:\s+(?:es|se llama))?"
    i_am = word_choice(r"i'?m|i\s+am|this\s+is|it'?s|soy|aqu[ií]\s+es|me\s+and|yo\s+y")
    return (
        Context(re.compile(strong, re.IGNORECASE), STRONG),
        Context(
            re.compile(rf"{word_choice('my|our|his|her|their')}\s+{relation}{verbs}[\s,:]+", re.I),
            LISTED,
        ),
        Context(re.compile(rf"{spanish}[\s,:]+", re.I), LISTED),
        Context(re.compile(rf"{i_am}[\s,]+", re.I), LISTED),
        # after a line break or "Thanks." too: each is a word boundary, and only the end counts
        Context(re.compile(rf"{word_choice(VOCATIVE_OPENERS)}[\s,]+", re.I), LISTED, True),
    )


#: What follows a name and says it is one: "___ and I", "___ said", "___'s mom".
AFTER_NAME = re.compile(
    rf"(?:[ \t]+(?:and\s+(?:i|me)\b|y\s+yo\b|said\b|says\b|told\s+(?:me|us)\b|dijo\b|asked\b|"
    rf"(?:is|was)\s+my\s+(?:(?:{RELATION_ADJECTIVES})\s+)*(?:{RELATIONS_EN})\b|"
    rf"es\s+mi\s+(?:{RELATIONS_ES})\b)"
    rf"|['’]s\s+(?:mom|dad|mother|father|brother|sister|house|mum|grandma|grandpa|family)\b)",
    re.IGNORECASE,
)
_TITLES = "|".join(  # longest first, ties in a fixed order (a set's follows the hash seed)
    form_pattern(title)
    for title in sorted(
        HONORIFIC_ABBREVIATIONS | HONORIFIC_WORDS, key=lambda title: (-len(title), title)
    )
)
#: A title before a name: "Mr. ___", "Coach ___".
HONORIFIC = re.compile(
    rf"\b(?P<title>{_TITLES})(?P<dot>\.)?[ \t]+(?=[^\W\d_])",
    re.IGNORECASE,
)
#: A speaker's label at the start of a line: "___:".
LABEL = re.compile(r"^[ \t]*(?P<label>[^\W\d_][^\n:]{0,40}?)[ \t]*:(?!\d)", re.MULTILINE)
