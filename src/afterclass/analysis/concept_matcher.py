"""Finding a curriculum's concepts in text: every keyword in one regex, patterns grouped.

``Curriculum.match_turns`` and ``match_text`` call ``ConceptMatcher`` with lowercased text. The
keywords of all concepts are one regular expression (a trie, longest phrase first); the
concepts' own patterns are grouped by how they start (their *leads*), so patterns that start
alike are found in one scan, and a pattern is tried only where one of its leads occurs.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afterclass.analysis.curriculum import Concept

#: Between two texts scanned as one: a line break on each side of a NUL, which no pattern or
#: keyword matches across.
SEPARATOR = "\n\x00\n"
#: Between the words of a keyword phrase: spaces, commas or hyphens.
_SPACE = r"[\s,\-]+"


def lower_text(text: str) -> str:
    """Text as matching reads it: lowercase, straight apostrophes and minus signs, no NUL."""
    return text.lower().replace("’", "'").replace("−", "-").replace("\x00", " ")


def normal_keyword(text: str) -> str:
    """A keyword as it is looked up: lowercase words, hyphens and commas read as spaces."""
    return " ".join(lower_text(text).replace("-", " ").replace(",", " ").split())


class ConceptMatcher:
    """One regex for every keyword (built as a trie, longest phrase first) plus the patterns."""

    def __init__(self, concepts: Sequence[Concept]):
        self._owners: dict[str, list[int]] = defaultdict(list)
        for index, concept in enumerate(concepts):
            for keyword in concept.keywords:
                self._owners[keyword].append(index)
        trie = _trie_regex(self._owners)
        # A keyword starts after a non-word character (a space is put before the text): led by
        # that character, the scan stops only where a word starts instead of at every one. In
        # ASCII text the non-word characters are a plain set, much faster to test than ``\W``.
        # Every keyword starts with one of ``firsts``: one test of that spares trying each of
        # the trie's first characters in turn where no word follows (as after a full stop).
        firsts = "".join(sorted({re.escape(keyword[0]) for keyword in self._owners}))
        head = rf"(?=[{firsts}])((?:{trie}))(?!\w)"
        self._keywords = re.compile(rf"\W{head}") if trie else None
        self._ascii_keywords = re.compile(rf"[^0-9A-Za-z_]{head}") if trie else None
        self._groups = _PatternGroup.of(
            [(p, i) for i, c in enumerate(concepts) for p in c.patterns]
        )

    def keyword_hits(self, text: str) -> Iterator[tuple[int, int, bool]]:
        """(position, concept index, specific?) for every keyword in lowercased ``text``."""
        keywords = self._ascii_keywords if text.isascii() else self._keywords
        if keywords is not None:
            for match in keywords.finditer(" " + text):
                keyword = normal_keyword(match.group(1))
                for index in self._owners.get(keyword, ()):
                    yield match.start(), index, " " in keyword

    def pattern_hits(self, text: str) -> Iterator[tuple[int, int, bool]]:
        """The same for every pattern; the text is scanned behind a line break."""
        padded, shift = SEPARATOR + text, len(SEPARATOR)
        leads = _LeadIndex(padded)
        for group in self._groups:
            for position, index in group.hits(leads):
                yield max(0, position - shift), index, True


@dataclass(frozen=True)
class _PatternGroup:
    """Patterns that start alike (the same leads, see ``_leads``, written the same way), found
    in one scan of the text instead of one scan each.

    A scan is the members from ``j`` on as one alternation (for each ``j``), each member
    followed by an empty group of its own: ``lastindex`` names the first member that matches at
    a place, and the scan from the next member looks for another one there. The alternation
    starts as each member does, so it is scanned as fast. Members that open with a class of
    characters ("[x×*]") are scanned once per character, the class written as that character:
    a plain character is found much faster. Each member keeps its own ``finditer`` matches (a
    member's match never starts inside its previous one). A pattern with groups of its own
    (which its backreferences number) or one that cannot be combined forms a group alone.
    """

    leads: tuple[str, ...] | None
    members: tuple[tuple[re.Pattern[str], int], ...]
    """Each pattern and the index of its concept."""
    scans: tuple[tuple[tuple[str, ...] | None, tuple[re.Pattern[str], ...]], ...]
    """The scans by the leads they look for (None: the group's own)."""

    @classmethod
    def of(cls, patterns: Sequence[tuple[re.Pattern[str], int]]) -> list[_PatternGroup]:
        alike: dict[tuple[tuple[str, ...], int, str], list[tuple[re.Pattern[str], int]]] = {}
        groups: list[_PatternGroup] = []
        for pattern, concept in patterns:
            leads, source = _leads(pattern), pattern.pattern
            head = source[: source.find("]") + 1] if source.startswith("[") else ""
            if leads is None or pattern.groups or source.startswith("("):
                groups.append(cls(leads, ((pattern, concept),), ((None, (pattern,)),)))
            else:
                alike.setdefault((leads, pattern.flags, head), []).append((pattern, concept))
        for (leads, flags, head), members in alike.items():
            try:
                groups.append(cls(leads, tuple(members), _scans(members, leads, flags, head)))
            except re.error:  # e.g. a global flag inside: keep the patterns apart
                groups.extend(cls(leads, (m,), ((None, (m[0],)),)) for m in members)
        return groups

    def hits(self, index: _LeadIndex) -> Iterator[tuple[int, int]]:
        """(position, concept index) of each member's matches (none across a NUL)."""
        if len(self.members) == 1 and len(self.scans) == 1:
            pattern, concept = self.members[0]
            for match in index.finditer(pattern, self.leads):
                if "\x00" not in match.group():
                    yield match.start(), concept
            return
        found = [
            (match.start(), match, scans)
            for leads, scans in self.scans
            for match in index.every_match(scans[0], leads or self.leads)
        ]
        found.sort(key=_first)  # no two start at the same place: each opens with its own lead
        ends = [0] * len(self.members)
        for at, match, scans in found:
            first = 0
            while True:
                member = first + (match.lastindex or 1) - 1
                if at >= ends[member]:
                    ends[member] = match.end()
                    if "\x00" not in match.group():
                        yield at, self.members[member][1]
                first = member + 1
                following = scans[first].match(index.text, at) if first < len(scans) else None
                if following is None:
                    break
                match = following


def _scans(
    members: Sequence[tuple[re.Pattern[str], int]], leads: tuple[str, ...], flags: int, head: str
) -> tuple[tuple[tuple[str, ...] | None, tuple[re.Pattern[str], ...]], ...]:
    """The scans of a ``_PatternGroup`` (see there); ``head`` is the members' opening class."""
    sources = [pattern.pattern for pattern, _ in members]
    by_lead: list[tuple[tuple[str, ...] | None, list[str]]] = [(None, sources)]
    repeated = any(source[len(head) : len(head) + 1] in "+*?{" for source in sources)
    if head and len(leads) > 1 and not repeated:  # "" (the class alone) counts as repeated
        rests = [source[len(head) :] for source in sources]
        by_lead = [((lead,), [re.escape(lead[0]) + rest for rest in rests]) for lead in leads]
    return tuple((lead, _alternations(variant, flags)) for lead, variant in by_lead)


def _alternations(sources: Sequence[str], flags: int) -> tuple[re.Pattern[str], ...]:
    """For each ``j``: ``sources[j:]`` as one alternation, each followed by an empty group."""
    return tuple(
        re.compile("|".join(f"{source}()" for source in sources[j:]), flags)
        for j in range(len(sources))
    )


def _first(found: tuple[int, re.Match[str], tuple[re.Pattern[str], ...]]) -> int:
    return found[0]


class _LeadIndex:
    """``pattern.finditer(text)``, faster for a pattern whose every match starts with one of
    a few known strings (its *leads*, see ``_leads``): no match can start before the first
    place a lead occurs, so the scan starts there, or is skipped when no lead occurs. A
    pattern led by a class of characters is slow to scan, so when its leads are rare it is
    only tried where they are, each try starting after the last match as ``finditer`` does.
    Lookbehinds still see the text before the place a try starts.
    """

    #: Trying a pattern at one place costs about as much as scanning this many characters.
    _TRY_COST = 128

    def __init__(self, text: str) -> None:
        self.text = text
        self._first: dict[str, int] = {}
        self._places: dict[tuple[str, ...], list[int] | None] = {}

    def finditer(
        self, pattern: re.Pattern[str], leads: tuple[str, ...] | None
    ) -> Iterable[re.Match[str]]:
        if leads is None:
            return pattern.finditer(self.text)
        first = self._first_of(leads)
        if first < 0:
            return ()
        places = self._tried_places(leads)
        if places is not None:
            return self._tried(pattern, places)
        return pattern.finditer(self.text, first)

    def every_match(
        self, pattern: re.Pattern[str], leads: tuple[str, ...] | None
    ) -> Iterator[re.Match[str]]:
        """A match of ``pattern`` at every place it matches, overlapping ones too."""
        first = 0 if leads is None else self._first_of(leads)
        if first < 0:
            return
        places = None if leads is None else self._tried_places(leads)
        if places is not None:
            for at in places:
                match = pattern.match(self.text, at)
                if match is not None:
                    yield match
            return
        search = pattern.search
        match = search(self.text, first)
        while match is not None:
            yield match
            match = search(self.text, match.start() + 1)

    def _first_of(self, leads: tuple[str, ...]) -> int:
        firsts = [at for at in map(self._found_first, leads) if at >= 0]
        return min(firsts) if firsts else -1

    def _tried_places(self, leads: tuple[str, ...]) -> list[int] | None:
        """The places the leads occur, in order, when they are rare enough to try a pattern
        at each instead of scanning; else None. (Counting stops once they are too many.)"""
        if len(leads) == 1:
            return None
        if leads not in self._places:
            most = len(self.text) // self._TRY_COST
            found: set[int] = set()
            for lead in leads:
                at = self._found_first(lead)  # found already: no second scan of an absent lead
                while at >= 0 and len(found) <= most:
                    found.add(at)
                    at = self.text.find(lead, at + 1)
            self._places[leads] = sorted(found) if len(found) <= most else None
        return self._places[leads]

    def _found_first(self, lead: str) -> int:
        first = self._first.get(lead)
        if first is None:
            first = self._first[lead] = self.text.find(lead)
        return first

    def _tried(self, pattern: re.Pattern[str], places: list[int]) -> Iterator[re.Match[str]]:
        end = 0
        for at in places:
            if at >= end:
                match = pattern.match(self.text, at)
                if match is not None:
                    yield match
                    end = match.end()


_SPECIAL = frozenset(".^$*+?{}[]()|\\")
_OPTIONAL = frozenset("?*{")


def _leads(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` starts with, or None when unsure.

    Read from the pattern's text, conservatively: a plain literal prefix ("times", "\\$"), a
    leading class of plain characters and the literal after it ("[cm]m" gives "cm" and "mm"),
    or a leading group of alternatives that each have one ("(?:π|pi)"). Else None.
    """
    source = pattern.pattern
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or len(_alternatives(source)) > 1:
        return None
    if source.startswith("["):
        end = source.find("]", 1)
        chars = _class_chars(source[1:end]) if end > 1 else None
        if chars is None or source[end + 1 : end + 2] in _OPTIONAL:
            return None
        after = _literal_prefix(source[end + 1 :])
        return tuple(char + after for char in chars)
    if source.startswith("(?:"):
        end = _group_end(source)
        if end < 0 or source[end + 1 : end + 2] in _OPTIONAL:
            return None
        prefixes = [_literal_prefix(branch) for branch in _alternatives(source[3:end])]
        return tuple(dict.fromkeys(prefixes)) if all(prefixes) else None
    prefix = _literal_prefix(source)
    return (prefix,) if prefix else None


def _literal_prefix(source: str) -> str:
    """The plain characters ``source`` starts with that every match of it starts with."""
    prefix: list[str] = []
    at = 0
    while at < len(source):
        char, step = source[at], 1
        if char == "\\":
            char, step = source[at + 1 : at + 2], 2
            if not char or char.isalnum():
                break
        elif char in _SPECIAL:
            break
        prefix.append(char)
        at += step
    if source[at : at + 1] in _OPTIONAL and prefix:
        prefix.pop()
    return "".join(prefix)


def _class_chars(body: str) -> tuple[str, ...] | None:
    """The characters of a class body of plain characters and escaped signs, else None."""
    chars: list[str] = []
    at = 0
    while at < len(body):
        char = body[at]
        if char == "\\":
            char = body[at + 1 : at + 2]
            if not char or char.isalnum():
                return None
            at += 1
        elif char in "-^[":
            return None
        chars.append(char)
        at += 1
    return tuple(dict.fromkeys(chars)) or None


def _structure(source: str) -> Iterator[tuple[int, int]]:
    """(position, group depth after it) of each character of ``source`` outside classes and
    escapes (a "[" opening a class is not given either)."""
    depth, in_class, at = 0, False, 0
    while at < len(source):
        char = source[at]
        if char == "\\":
            at += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            at += source[at + 1 : at + 2] == "]"
        else:
            depth += 1 if char == "(" else -1 if char == ")" else 0
            yield at, depth
        at += 1


def _alternatives(source: str) -> list[str]:
    """``source`` cut at each "|" outside every group and class."""
    bars = [at for at, depth in _structure(source) if depth == 0 and source[at] == "|"]
    edges = [-1, *bars, len(source)]
    return [source[start + 1 : end] for start, end in itertools.pairwise(edges)]


def _group_end(source: str) -> int:
    """The position of the ")" closing the group ``source`` starts with, or -1."""
    return next((at for at, depth in _structure(source) if depth == 0), -1)


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict[str, Any]) -> str:
    branches = [
        (_SPACE if char == " " else re.escape(char)) + _node_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if "" in node:
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


# --- validation helpers -------------------------------------------------------------------
