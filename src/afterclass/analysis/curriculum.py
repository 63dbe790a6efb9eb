r"""The curriculum: which concepts exist, what signals them in talk, and what comes next.

The bundled file is ``afterclass/data/curriculum/k8_math.yaml`` (K-8 mathematics); the setting
``curriculum_path`` names a user file of the same format, which replaces it.

File format (YAML)::

    version: "2025.1"                 # any text; recorded with each analysis
    concepts:                         # a list; within a domain, file order = teaching order
      - id: fractions.addition_unlike_denominators   # dotted, lowercase [a-z0-9_] parts
        name: Adding and subtracting fractions with unlike denominators   # plain English
        grade: 5                      # 0 = kindergarten .. 8 (0..12 accepted)
        domain: fractions             # lowercase; a domain's concepts form a sequence
        common_core: 5.NF.A.1         # optional: a real Common Core code
        keywords: [common denominator, unlike denominators]   # words and phrases, any case
        patterns: ['/(\d+)\s*\+\s*\d+/(?!\1\b)\d+']          # optional regular expressions
        prerequisites: [fractions.equivalent]                # ids of concepts that come first

Unknown fields, duplicate ids, unknown or circular prerequisites, keywords that do not start and
end with a letter or digit, invalid regular expressions and patterns that match empty text are
refused with a CurriculumError naming the concept and the field. ``Concept.order`` is the
0-based position in the file, so it compares teaching order within a domain.

Matching: text is lowercased, curly apostrophes made straight and the minus sign "−" written
"-". Keywords match as whole words; a space in a keyword matches any run of spaces, hyphens and
commas ("two-step" = "two step", "keep, change, flip" = "keep change flip"). There is no
stemming: list "fraction" and "fractions" when both should count, so "area" never matches
"areas of concern". Where phrases overlap the longest wins, and the words inside it do not count
again ("area of a triangle" is one hit, not also "area"). Patterns are for notation: they run on
the same text, but only in turns that hold a digit or one of ``= + / × ÷ ^ % $ ¢ ° < > ≤ ≥ ² ³
√ ∛ π | ( )``. A pattern that begins with one plain character such as ``/`` is found fastest.

A keyword of two or more words, and any pattern hit, is *specific*; a one-word keyword is
*generic*. A concept is signalled when it has at least one specific hit, or at least two generic
hits in total (the same word twice counts). ``match_text`` applies the rule to one text,
``match_turns`` to the whole session. Results are sorted by hits (most first), then by specific
hits, then by file order. The scanning itself is in ``concept_matcher.py``.

Next topics: ``next_topics(worked, mastered=...)`` looks at what follows each worked concept
(its dependents, and the later concepts of its domain), then at what follows mastered ones. A
prerequisite is in hand when it is mastered, being worked on, itself a prerequisite (directly
or not) of a worked concept, or of a lower grade than the concept it is reached from. Followers
with every prerequisite in hand come first; then, for blocked followers, their missing
prerequisites that are themselves ready (the gap to fill first). Each group is in file order,
worked-on sources before mastered ones. Worked, mastered and assumed concepts are never
proposed; unknown ids are ignored; with nothing worked or mastered the answer is empty.
"""

from __future__ import annotations

import bisect
import graphlib
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from afterclass.analysis.concept_matcher import (
    SEPARATOR,
    ConceptMatcher,
    lower_text,
    normal_keyword,
)
from afterclass.errors import CurriculumError

BUNDLED_FILE = "k8_math.yaml"
#: Patterns are tried only on turns holding a digit or one of these signs.
_NOTATION = re.compile(r"[\d=+/×÷^%$¢°<>≤≥²³√∛π|()]")
#: The same for ASCII text, where a plain set is much faster to test than ``\d``.
_ASCII_NOTATION = re.compile(r"[0-9=+/^%$<>|()]")
_COMMON_CORE = r"^(?:K|[1-9]|1[0-2]|HS[A-Z]?)\.[A-Z\-]{1,5}\.[A-Z]\.\d{1,2}[a-e]?$"


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    grade: int
    domain: str
    common_core: str | None
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    prerequisites: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class ConceptMatch:
    concept: Concept
    turns: tuple[int, ...]
    """1-based turn numbers with at least one hit."""
    hits: int
    """How many keyword and pattern hits in total."""


# --- the file, validated ---------------------------------------------------------------


class _ConceptSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
    name: str = Field(min_length=1, max_length=200)
    grade: int = Field(ge=0, le=12)
    domain: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    common_core: str | None = Field(default=None, pattern=_COMMON_CORE)
    keywords: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    prerequisites: list[str] = Field(default_factory=list)

    @field_validator("keywords")
    @classmethod
    def _normal_keywords(cls, keywords: list[str]) -> list[str]:
        normal = [normal_keyword(keyword) for keyword in keywords]
        for keyword, original in zip(normal, keywords, strict=True):
            if not re.fullmatch(r"\w(?:.*\w)?", keyword):
                raise ValueError(
                    f"keyword {original!r} must start and end with a letter or digit; "
                    "put notation such as '%' or '+' in 'patterns'"
                )
        return list(dict.fromkeys(normal))

    @field_validator("patterns")
    @classmethod
    def _compilable(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                compiled = _compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"{pattern!r} is not a valid regular expression: {error}"
                ) from None
            if compiled.search("") is not None:
                raise ValueError(
                    f"{pattern!r} matches empty text; make it require at least one character"
                )
        return patterns


class _CurriculumSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    version: str = Field(min_length=1, max_length=40)
    concepts: list[_ConceptSpec] = Field(min_length=1)


def _compile(pattern: str) -> re.Pattern[str]:
    """Patterns run on lowercased text; IGNORECASE (which disables the fast prefix search) is
    only needed when the pattern itself spells an uppercase letter."""
    literal = re.sub(r"\\.", "", pattern)
    return re.compile(pattern, re.IGNORECASE if literal != literal.lower() else 0)


def _lower_all(texts: Sequence[str]) -> list[str]:
    """``_lower`` of each text, all lowered in one go when no text holds a NUL (the separator's):
    lowering goes character by character, and the line break between two texts ends the
    context of a final sigma as the end of a text does."""
    joined = SEPARATOR.join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [lower_text(text) for text in texts]
    return joined.lower().replace("’", "'").replace("−", "-").split(SEPARATOR)


def _starts(pieces: Sequence[str]) -> list[int]:
    """Where each of ``pieces`` starts in ``SEPARATOR.join(pieces)`` (``[0]`` for none)."""
    ends = itertools.accumulate(map(len, pieces[:-1]), initial=0)
    step = len(SEPARATOR)
    return list(map(operator.add, ends, range(0, max(1, len(pieces)) * step, step)))


# --- the curriculum ----------------------------------------------------------------------


class Curriculum:
    """An ordered set of concepts with a matcher over their keywords and patterns."""

    def __init__(self, version: str, concepts: Sequence[Concept]):
        self.version = version
        self._concepts = tuple(concepts)
        self._by_id = {concept.id: concept for concept in self._concepts}
        self._matcher = ConceptMatcher(self._concepts)
        self._dependents: dict[str, list[Concept]] = defaultdict(list)
        self._domains: dict[str, list[Concept]] = defaultdict(list)
        for concept in self._concepts:
            self._domains[concept.domain].append(concept)
            for prerequisite in concept.prerequisites:
                self._dependents[prerequisite].append(concept)

    @classmethod
    def load(cls, path: Path | None = None) -> Curriculum:
        """The curriculum in ``path``, or the bundled K-8 mathematics one when None."""
        if path is None:
            resource = files("afterclass") / "data" / "curriculum" / BUNDLED_FILE
            return cls.from_yaml(
                resource.read_text(encoding="utf-8"), source=f"bundled {BUNDLED_FILE}"
            )
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CurriculumError(
                f"cannot read the curriculum file {path}: {error}; "
                "check the path given as curriculum_path (AFTERCLASS_CURRICULUM_PATH)"
            ) from None
        return cls.from_yaml(text, source=str(path))

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "curriculum") -> Curriculum:
        """Parse and validate a curriculum document (the format in this module's docstring)."""
        try:
            raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        except yaml.YAMLError as error:
            raise CurriculumError(f"{source} is not valid YAML: {error}; fix the file") from None
        try:
            spec = _CurriculumSpec.model_validate(raw)
        except ValidationError as error:
            raise CurriculumError(_explain(error, raw, source)) from None
        _check_references(spec.concepts, source)
        concepts = [_concept(item, order) for order, item in enumerate(spec.concepts)]
        return cls(spec.version, concepts)

    def get(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def __contains__(self, concept_id: str) -> bool:
        return concept_id in self._by_id

    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts)

    def match_text(self, text: str) -> list[tuple[Concept, int]]:
        """The concepts signalled in ``text``, with their hit counts, most hits first."""
        return [(match.concept, match.hits) for match in self.match_turns([text])]

    def match_turns(self, texts: Sequence[str]) -> list[ConceptMatch]:
        """Concepts signalled over a session; ``texts[i]`` is turn ``i + 1``. Most hits first."""
        pieces = _lower_all(texts)
        notation = [
            i
            for i, piece in enumerate(pieces)
            if (_ASCII_NOTATION if piece.isascii() else _NOTATION).search(piece)
        ]
        tallies: dict[int, list[int]] = {}
        turns: dict[int, set[int]] = defaultdict(set)
        scans = (
            (range(len(pieces)), self._matcher.keyword_hits),
            (notation, self._matcher.pattern_hits),
        )
        for numbers, scan in scans:
            chosen = [pieces[i] for i in numbers]
            starts = _starts(chosen)
            for position, index, specific in scan(SEPARATOR.join(chosen)):
                tally = tallies.setdefault(index, [0, 0])
                tally[0 if specific else 1] += 1
                turns[index].add(numbers[bisect.bisect_right(starts, position) - 1] + 1)
        return [
            ConceptMatch(self._concepts[index], tuple(sorted(turns[index])), sum(tallies[index]))
            for index in self._rank(tallies)
        ]

    def next_topics(
        self, concept_ids: Iterable[str], *, mastered: Iterable[str] = (), limit: int = 3
    ) -> list[str]:
        """The next concepts in teaching order whose prerequisites are met or being worked on."""
        worked = [cid for cid in dict.fromkeys(concept_ids) if cid in self._by_id]
        done = sorted({cid for cid in mastered if cid in self._by_id}, key=self._order)
        if limit <= 0:
            return []
        assumed = self._prerequisite_closure(worked) | set(worked) | set(done)
        ranked: dict[str, tuple[int, int, int]] = {}
        for priority, group in enumerate((worked, done)):
            for source_id in group:
                grade = self._by_id[source_id].grade
                for follower in self._followers(source_id):
                    if follower.id in assumed:
                        continue
                    missing = [
                        p for p in follower.prerequisites if not self._in_hand(p, assumed, grade)
                    ]
                    candidates = [(follower, 0)] if not missing else []
                    for gap in map(self._by_id.__getitem__, missing):
                        if all(self._in_hand(p, assumed, grade) for p in gap.prerequisites):
                            candidates.append((gap, 1))
                    for concept, tier in candidates:
                        rank = (tier, priority, concept.order)
                        ranked[concept.id] = min(rank, ranked.get(concept.id, rank))
        return sorted(ranked, key=ranked.__getitem__)[:limit]

    def _in_hand(self, concept_id: str, assumed: set[str], grade: int) -> bool:
        return concept_id in assumed or self._by_id[concept_id].grade < grade

    def _order(self, concept_id: str) -> int:
        return self._by_id[concept_id].order

    def _followers(self, concept_id: str) -> list[Concept]:
        concept = self._by_id[concept_id]
        later = [c for c in self._domains[concept.domain] if c.order > concept.order]
        return [*self._dependents[concept_id], *later]

    def _prerequisite_closure(self, concept_ids: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        stack = [p for cid in concept_ids for p in self._by_id[cid].prerequisites]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self._by_id[current].prerequisites)
        return seen

    def _rank(self, tallies: dict[int, list[int]]) -> list[int]:
        signalled = [
            i for i, (specific, generic) in tallies.items() if specific >= 1 or generic >= 2
        ]
        return sorted(signalled, key=lambda i: (-sum(tallies[i]), -tallies[i][0], i))


def _concept(spec: _ConceptSpec, order: int) -> Concept:
    patterns = tuple(_compile(p) for p in spec.patterns)
    fields = spec.model_dump(exclude={"patterns", "keywords", "prerequisites"})
    keywords, prerequisites = tuple(spec.keywords), tuple(spec.prerequisites)
    return Concept(
        **fields, keywords=keywords, patterns=patterns, prerequisites=prerequisites, order=order
    )


def _fail(source: str, concept_id: str, field: str, problem: str) -> CurriculumError:
    return CurriculumError(f"{source}: concept {concept_id!r}, field {field!r}: {problem}")


def _check_references(concepts: Sequence[_ConceptSpec], source: str) -> None:
    ids: set[str] = set()
    for spec in concepts:
        if spec.id in ids:
            raise _fail(source, spec.id, "id", "the id is used twice; give each concept its own id")
        ids.add(spec.id)
        if not spec.keywords and not spec.patterns:
            problem = "no keywords and no patterns, so it can never be found; add keywords"
            raise _fail(source, spec.id, "keywords", problem)
    for spec in concepts:
        for prerequisite in spec.prerequisites:
            if prerequisite == spec.id or prerequisite not in ids:
                what = "is the concept itself" if prerequisite == spec.id else "is not in this file"
                raise _fail(
                    source, spec.id, "prerequisites", f"{prerequisite!r} {what}; fix or remove it"
                )
    try:
        graphlib.TopologicalSorter({s.id: s.prerequisites for s in concepts}).prepare()
    except graphlib.CycleError as error:
        cycle = [str(node) for node in error.args[1]]
        problem = f"the prerequisites go round in a circle ({' -> '.join(cycle)}); remove one link"
        raise _fail(source, cycle[0], "prerequisites", problem) from None


def _explain(error: ValidationError, raw: object, source: str) -> str:
    problems = []
    for item in error.errors():
        loc = item["loc"]
        if len(loc) >= 2 and loc[0] == "concepts" and isinstance(loc[1], int):
            field = ".".join(str(part) for part in loc[2:]) or "(the entry itself)"
            where = f"concept {_raw_id(raw, loc[1])} (entry {loc[1] + 1}), field {field!r}"
        else:
            where = f"field {'.'.join(str(part) for part in loc) or '(top level)'!r}"
        problems.append(f"{where}: {item['msg']}")
    advice = "fix the curriculum file (its format: afterclass.analysis.curriculum)"
    return f"{source}: {'; '.join(problems)}; {advice}"


def _raw_id(raw: object, index: int) -> str:
    concepts = raw.get("concepts") if isinstance(raw, dict) else None
    if isinstance(concepts, list) and index < len(concepts) and isinstance(concepts[index], dict):
        return repr(concepts[index].get("id", "(no id)"))
    return "(no id)"
