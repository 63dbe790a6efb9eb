"""The words a regular expression cannot match without: what lets a scan skip a pattern.

``requirement(pattern)`` reads the pattern's syntax tree (as ``re`` itself parses it) and returns
needs that every match fulfils: each need is a choice of word groups, and a match contains all
the words of at least one group of every need. A text that fulfils no group of some need cannot
hold a match, so the pattern need not run over it: most recognizers look for rare words ("my
phone is", "born", "Calle"), and most turns of a lesson have none of them.

Words are compared in the folded form of a text (``folding.py``): lower case, without accents,
every decimal digit written ``0``; a word is a run of ``\\w`` characters, and ``@`` and ``:``
count as words of their own. A word of a group may have to start or end a word of the text (the
pattern has ``\\b``, ``^``, ``$`` or a non-word character there). The reading is cautious: a
construct it does not know counts as "could be anything", and a pattern it can say nothing
about gets ``None``: it is run everywhere.
"""

from __future__ import annotations

import functools
import importlib
import math
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from afterclass.privacy.folding import SYMBOLS, fold_char

_parser: Any = importlib.import_module("re._parser")  # the parser ``re.compile`` uses

#: More spellings than this in a set of exact spellings and the set is cut short.
_LIMIT = 256
#: The needs of a pattern that are kept (the most selective ones).
_KEPT = 3
#: Stands for ``\b`` inside a spelling until its neighbours tell what it means.
_BOUNDARY = "\x01"
_NON_WORD_CATEGORIES = ("CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a requirement; ``starts``/``ends``: it must begin/end a word of the text."""

    text: str
    starts: bool
    ends: bool

    @property
    def needle(self) -> str:
        """The word as found in a line of a text's words, each framed by single spaces."""
        return f"{' ' if self.starts else ''}{self.text}{' ' if self.ends else ''}"


@dataclass(frozen=True, slots=True)
class Need:
    """Groups of words, one of which (all its words) every match contains; a group of one whole
    word of the text is kept in ``words``, the others (rarest word first) in ``groups``.

    ``by_whole`` and ``by_part`` hold ``groups`` again: those with a whole word keyed by the
    rarest of them, the others by the needle of their first word. A text's words then pick out
    the few groups worth checking, instead of a check of every group (a need can have hundreds).
    """

    words: frozenset[str]
    groups: tuple[tuple[Word, ...], ...]
    by_whole: Mapping[str, tuple[tuple[Word, ...], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    by_part: Mapping[str, tuple[tuple[Word, ...], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )


#: Every need of a requirement is fulfilled by every match.
Requirement = tuple[Need, ...]

_Spellings = frozenset[str]


_NOTHING: _Spellings = frozenset({""})


@dataclass(frozen=True, slots=True)
class _Info:
    """What a piece of a pattern matches: its exact spellings (when few), what it needs, and
    how it starts and ends (``{""}``: not known)."""

    exact: _Spellings | None
    needs: tuple[_Spellings, ...] = ()
    head: _Spellings = _NOTHING
    tail: _Spellings = _NOTHING


def _exactly(spellings: _Spellings) -> _Info:
    return _Info(spellings, (), spellings, spellings)


_ANYTHING = _Info(None)
_EMPTY = _exactly(_NOTHING)


def requirement(pattern: re.Pattern[str]) -> Requirement | None:
    """What every match of ``pattern`` needs; None if nothing is certain."""
    return _requirement(pattern.pattern, pattern.flags)


@functools.lru_cache(maxsize=1024)
def _requirement(source: str, flags: int) -> Requirement | None:
    # keyed by the source (whose hash a string keeps), not the pattern (hashed anew each time)
    if flags & (re.ASCII | re.LOCALE):
        return None
    try:
        tree = _parser.parse(source, flags)
    except Exception:  # a syntax this reader does not know: run the pattern everywhere
        return None
    needs = _needs(_sequence(tree.data))
    if not needs:
        return None
    return tuple(_need(_groups(need)) for need in needs)


def requirement_of(groups: Iterable[Iterable[Word]]) -> Requirement:
    """The requirement that every match holds all the words of one of ``groups``."""
    return (_need(tuple(frozenset(group) for group in groups)),)


def _need(groups: tuple[frozenset[Word], ...]) -> Need:
    whole = {
        word for group in groups if len(group) == 1 for word in group if word.starts and word.ends
    }
    rest = [group for group in groups if not (len(group) == 1 and next(iter(group)) in whole)]
    ordered = tuple(tuple(sorted(group, key=lambda w: (_chance(w), w.needle))) for group in rest)
    by_whole: dict[str, list[tuple[Word, ...]]] = {}
    by_part: dict[str, list[tuple[Word, ...]]] = {}
    for group in ordered:
        whole_words = [word.text for word in group if word.starts and word.ends]
        if whole_words:  # the text's words tell at once whether it holds one
            by_whole.setdefault(whole_words[0], []).append(group)
        else:
            by_part.setdefault(group[0].needle, []).append(group)
    return Need(
        frozenset(word.text for word in whole),
        ordered,
        {text: tuple(groups) for text, groups in by_whole.items()},
        {needle: tuple(groups) for needle, groups in by_part.items()},
    )


@functools.lru_cache(maxsize=4096)
def _groups(need: _Spellings) -> tuple[frozenset[Word], ...]:
    """The words of each spelling, leaving out a group that holds all the words of another."""
    groups = sorted({frozenset(_words(spelling)) for spelling in need}, key=len)
    kept: list[frozenset[Word]] = []
    for group in groups:
        if not any(other <= group for other in kept):
            kept.append(group)
    return tuple(sorted(kept, key=lambda g: sorted(w.needle for w in g)))


def _words(spelling: str) -> tuple[Word, ...]:
    parts = spelling.split(" ")
    last = len(parts) - 1
    return tuple(Word(part, index > 0, index < last) for index, part in enumerate(parts) if part)


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    current: _Spellings = _NOTHING
    needs: list[_Spellings] = []
    head: _Spellings | None = None
    for op, av in items:
        info = _node(op, av)
        needs.extend(info.needs)
        joined = _join(current, info.exact) if info.exact is not None else None
        if joined is not None:
            current = joined
            continue
        # the exact spellings stop here: what they are, with how the next piece starts, is needed
        reach = _join(current, info.head) or _join(current, {_common(info.head, -1)}) or current
        needs.extend(_resolve(reach))
        head = reach if head is None else head
        if info.exact is None:
            current = info.tail
        else:  # too many spellings: go on from what all of them end with
            current = _join({_common(current, 1)}, info.exact) or info.exact
    if head is None:
        return _Info(current, tuple(_best(needs)), current, current)
    needs.extend(_resolve(current))
    return _Info(None, _best(needs), head, current)


def _join(left: AbstractSet[str], right: AbstractSet[str]) -> _Spellings | None:
    """Every spelling of ``left`` followed by one of ``right``; None if that makes too many."""
    if len(left) * len(right) > 32 * _LIMIT:
        return None
    joined = frozenset(_squeeze(a + b) for a in left for b in right)
    return joined if len(joined) <= _LIMIT else None


def _common(spellings: AbstractSet[str], side: int) -> str:
    """The longest start (``side`` -1) or end (1) that all ``spellings`` share."""
    oriented = [s if side < 0 else s[::-1] for s in spellings]
    shared = min(oriented, default="")
    for spelling in oriented:
        while not spelling.startswith(shared):
            shared = shared[:-1]
    return shared if side < 0 else shared[::-1]


def _node(op: Any, av: Any) -> _Info:
    name = str(op)
    if name == "LITERAL":
        folded = fold_char(chr(av))
        return _ANYTHING if folded is None else _exactly(frozenset({folded}))
    if name == "IN":
        return _char_class(tuple((str(op), item) for op, item in av))
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return _ANYTHING if add_flags & (re.ASCII | re.LOCALE) else _sequence(sub.data)
    if name == "ATOMIC_GROUP":
        return _sequence(av.data)
    if name == "BRANCH":
        return _branch([_sequence(sub.data) for sub in av[1]])
    if name in _REPEATS:
        return _repeat(av[0], av[1], _sequence(av[2].data))
    if name == "AT":
        return _position(str(av))
    if name in ("ASSERT", "ASSERT_NOT"):
        return _EMPTY
    return _ANYTHING


@functools.lru_cache(maxsize=1024)
def _char_class(items: tuple[tuple[str, Any], ...]) -> _Info:
    folded: set[str | None] = set()
    for name, av in items:
        if name == "LITERAL":
            folded.add(fold_char(chr(av)))
        elif name == "RANGE" and av[1] - av[0] < 16:
            folded.update(fold_char(chr(code)) for code in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) in _NON_WORD_CATEGORIES:
            folded.add(" ")
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            folded.add("0")
        else:
            return _ANYTHING
    if None in folded:
        return _ANYTHING
    return _exactly(frozenset(ch for ch in folded if ch is not None))


def _branch(infos: list[_Info]) -> _Info:
    if all(info.exact is not None for info in infos):
        union = frozenset().union(*(info.exact for info in infos if info.exact is not None))
        if len(union) <= _LIMIT:
            return _exactly(union)
    head = _union(info.head for info in infos)
    tail = _union(info.tail for info in infos)
    choices: set[str] = set()
    for info in infos:
        best = _best(_needs(info))
        if not best:
            return _Info(None, (), head, tail)
        choices |= best[0]
    return _Info(None, (frozenset(choices),), head, tail)


def _union(sets: Iterable[_Spellings]) -> _Spellings:
    union = frozenset().union(*sets)
    return union if len(union) <= _LIMIT else _NOTHING


def _repeat(low: int, high: int, inner: _Info) -> _Info:
    exact = inner.exact
    if exact is not None and not "".join(exact).strip(" " + SYMBOLS):
        # a run of non-word characters reads as one space (a symbol in it is not needed)
        return _exactly(frozenset({" "} if low and "" not in exact else {"", " "}))
    if low == 0:
        if high == 1:
            return _Info(
                exact | _NOTHING if exact is not None else None,
                (),
                inner.head | _NOTHING,
                inner.tail | _NOTHING,
            )
        return _ANYTHING
    if exact is not None and high <= 4:
        powers = [_power(exact, count) for count in range(low, high + 1)]
        union = frozenset().union(*(p for p in powers if p is not None))
        if None not in powers and len(union) <= _LIMIT:
            return _exactly(union)
    needs = list(_needs(inner))
    if exact is not None:  # ``low`` copies in a row, or as many as stay few
        count = low
        while count > 1 and _power(exact, count) is None:
            count -= 1
        needs.extend(_resolve(_power(exact, count)))
    return _Info(None, _best(needs), inner.head, inner.tail)


def _power(exact: _Spellings, count: int) -> _Spellings | None:
    spellings: _Spellings | None = _NOTHING
    for _ in range(count):
        spellings = _join(spellings, exact) if spellings is not None else None
    return spellings


def _position(code: str) -> _Info:
    if code == "AT_BOUNDARY":
        return _exactly(frozenset({_BOUNDARY}))
    if code.startswith(("AT_BEGINNING", "AT_END")):
        return _exactly(frozenset({" "}))  # next to a line break or an end: no word goes on
    return _EMPTY


def _squeeze(spelling: str) -> str:
    while "  " in spelling:
        spelling = spelling.replace("  ", " ")
    return spelling


def _needs(info: _Info) -> tuple[_Spellings, ...]:
    return _best([*info.needs, *_resolve(info.exact)])


def _resolve(exact: _Spellings | None) -> tuple[_Spellings, ...]:
    """Exact spellings as a need (boundaries settled, impossible ones dropped); () if none."""
    if exact is None:
        return ()
    resolved: set[str] = set()
    for spelling in exact:
        settled = _settle(spelling)
        if settled is None:
            continue
        if not settled.strip():
            return ()  # a spelling without a word: nothing is needed
        resolved.add(settled)
    return (frozenset(resolved),) if resolved else ()


def _settle(spelling: str) -> str | None:
    """``\\b`` markers replaced by what they imply; None when one cannot hold where it is."""
    out: list[str] = []
    for index, ch in enumerate(spelling):
        if ch != _BOUNDARY:
            out.append(ch)
            continue
        after = spelling[index + 1 : index + 2]
        if after == _BOUNDARY:
            continue
        before = out[-1] if out else ""
        word_before = before not in ("", " ")
        word_after = after not in ("", " ")
        if before and after and word_before == word_after:
            return None  # between two word or two non-word characters: never a boundary
        if (word_before and not after) or (word_after and not before):
            out.append(" ")
    return _squeeze("".join(out))


def _best(needs: Iterable[_Spellings]) -> tuple[_Spellings, ...]:
    """The most selective needs, without repeats (one that nearly every text fulfils is no use)."""
    kept: dict[frozenset[str], _Spellings] = {}
    for need in sorted(set(needs), key=_score):  # of two needs alike but for boundaries, the
        kept.setdefault(frozenset(s.strip() for s in need), need)  # stricter one is enough
    ranked = list(kept.values())[:_KEPT]
    return tuple(need for need in ranked if need is ranked[0] or _score(need)[0] < 4)


@functools.lru_cache(maxsize=4096)
def _score(need: _Spellings) -> tuple[float, int]:
    """How likely a text is to fulfil ``need`` (lower is more selective), roughly: by the
    rarest word of each spelling, each such word counted once."""
    groups = _groups(need)
    return sum(math.prod(map(_chance, group)) for group in groups) + 0.001 * len(groups), len(
        groups
    )


#: How often a text holds a word of so many characters, roughly (short words are everywhere).
_CHANCE_BY_LENGTH = (1.0, 1.0, 0.6, 0.3, 0.1, 0.05, 0.02, 0.01)
_SYMBOL_CHANCE = {"@": 0.02, ":": 0.1}


def _chance(word: Word) -> float:
    chance = _SYMBOL_CHANCE.get(word.text) or _CHANCE_BY_LENGTH[min(len(word.text), 7)]
    return chance * (0.6 if word.starts else 1.0) * (0.6 if word.ends else 1.0)
