"""Concepts: which concept each problem practises, and the level the attempts show.

Concepts come from the curriculum's matches over the whole session (``Curriculum.match_turns``,
most hits first). Each problem gets the first of them with a hit in the turn that poses it;
failing that, in any of the problem's turns; failing that, none: a problem whose own turns never
signal a concept is counted as an attempt but moves no concept's level (grounding would detach
a guessed concept anyway). All tries of one problem share the concept.

Mastery level from the attempts on a concept (each try counts once). ``c`` = correct on
their own, ``h`` = correct with the answer given, ``n`` = all attempts, share = (c + h/2) / n.
The first row that holds decides:

==============  ==============================================================
level           rule
==============  ==============================================================
mastered        c >= 3, c / n >= 0.9 and h = 0
proficient      c >= 2 and share >= 0.75
developing      c >= 1 and share >= 0.4
emerging        anything else: tried, but mostly needed the answer or did not reach it
==============  ==============================================================

``not_started`` is never given from a session: a concept with no attempt is reported in
``unassessed_concepts`` instead, with the reason. Confidence grows with the number of attempts,
``n / (n + 2)`` rounded to two places: 0.33 for one attempt, 0.6 for three, 0.75 for six,
capped at 0.95.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from afterclass.analysis.curriculum import ConceptMatch
from afterclass.analysis.rules.attempts import FoundAttempt
from afterclass.models import ConceptAssessment, MasteryLevel, UnassessedConcept

_VALID_ID = re.compile(r"^[a-z0-9_.\-]+$")
_MAX_CONFIDENCE = 0.95
MAX_CITED = 200
"""The most turns one claim may cite (the model's limit); the first ones are kept."""


@dataclass(frozen=True)
class Tally:
    """The outcomes of the attempts on one concept."""

    concept: str
    correct: int
    helped: int
    incorrect: int
    turns: tuple[int, ...]

    @property
    def attempts(self) -> int:
        return self.correct + self.helped + self.incorrect


def assign_concepts(
    attempts: Sequence[FoundAttempt], matches: Sequence[ConceptMatch]
) -> list[FoundAttempt]:
    """``attempts`` with their concept filled in from the session's concept ``matches``."""
    signalled = [
        (match.concept.id, frozenset(match.turns))
        for match in matches
        if _VALID_ID.match(match.concept.id)
    ]
    by_problem: dict[int, str | None] = {}
    for attempt in attempts:
        if attempt.problem_number not in by_problem:
            concept = _signalled_in(signalled, (attempt.problem_turn,))
            concept = concept or _signalled_in(signalled, attempt.turns)
            by_problem[attempt.problem_number] = concept
    return [a.with_concept(by_problem[a.problem_number]) for a in attempts]


def _signalled_in(
    signalled: Sequence[tuple[str, frozenset[int]]], turns: Sequence[int]
) -> str | None:
    """The first of the session's valid concepts (most hits first) with a hit in ``turns``."""
    for concept, hit_turns in signalled:
        if not hit_turns.isdisjoint(turns):
            return concept
    return None


def tally(attempts: Sequence[FoundAttempt]) -> list[Tally]:
    """One tally per concept with attempts, in the order the concepts were first worked on."""
    grouped: dict[str, list[FoundAttempt]] = {}
    for attempt in sorted(attempts, key=lambda a: a.turns[0]):
        if attempt.concept is not None:
            grouped.setdefault(attempt.concept, []).append(attempt)
    return [
        Tally(
            concept=concept,
            correct=sum(1 for a in group if a.outcome == "correct"),
            helped=sum(1 for a in group if a.outcome == "correct_with_help"),
            incorrect=sum(1 for a in group if a.outcome == "incorrect"),
            turns=tuple(sorted({turn for a in group for turn in a.turns})),
        )
        for concept, group in grouped.items()
    ]


def mastery_level(counts: Tally) -> MasteryLevel:
    """The level the table in this module's docstring gives."""
    total = counts.attempts
    if total == 0:
        return "not_started"
    own = counts.correct
    share = (own + counts.helped / 2) / total
    if own >= 3 and own / total >= 0.9 and counts.helped == 0:
        return "mastered"
    if own >= 2 and share >= 0.75:
        return "proficient"
    if own >= 1 and share >= 0.4:
        return "developing"
    return "emerging"


def mastery_confidence(attempts: int) -> float:
    """``n / (n + 2)``, two places, at most 0.95."""
    return min(_MAX_CONFIDENCE, round(attempts / (attempts + 2), 2)) if attempts else 0.0


def evidence(counts: Tally) -> str:
    """Plain words, e.g. "Solved 3 of 5 attempts on their own; 1 needed the answer given; ..."."""
    total = counts.attempts
    noun = "attempt" if total == 1 else "attempts"
    parts = [f"Solved {counts.correct} of {total} {noun} on their own"]
    if counts.helped:
        parts.append(f"{counts.helped} needed the answer given")
    if counts.incorrect:
        parts.append(f"{counts.incorrect} did not reach the answer")
    return "; ".join(parts) + "."


def assess(tallies: Sequence[Tally]) -> list[ConceptAssessment]:
    return [
        ConceptAssessment(
            concept=counts.concept,
            level=mastery_level(counts),
            confidence=mastery_confidence(counts.attempts),
            evidence=evidence(counts),
            turns=list(counts.turns[:MAX_CITED]),
        )
        for counts in tallies
    ]


def unassessed(
    matches: Sequence[ConceptMatch],
    attempted: set[str],
    topic_concepts: Sequence[str] = (),
) -> list[UnassessedConcept]:
    """Concepts the session talks about (or lists as topics) without an attempt on them."""
    found: list[UnassessedConcept] = []
    seen: set[str] = set(attempted)
    for match in matches:
        concept = match.concept.id
        if concept in seen or not _VALID_ID.match(concept):
            continue
        seen.add(concept)
        where = _turn_list(match.turns)
        reason = f"Talked about in {where}, but the student worked no problem on it."
        turns = list(match.turns[:MAX_CITED])
        found.append(UnassessedConcept(concept=concept, reason=reason, turns=turns))
    for concept in topic_concepts:
        if concept in seen or not _VALID_ID.match(concept):
            continue
        seen.add(concept)
        reason = "Listed in the session's topics, but the transcript shows no problem on it."
        found.append(UnassessedConcept(concept=concept, reason=reason))
    return found[:100]


def _turn_list(turns: Sequence[int]) -> str:
    shown = [str(turn) for turn in turns[:6]]
    more = f" and {len(turns) - 6} more" if len(turns) > 6 else ""
    label = "turn" if len(turns) == 1 else "turns"
    return f"{label} {', '.join(shown)}{more}"
