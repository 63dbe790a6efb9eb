"""Grounding: keep only the claims the transcript supports.

Every claim about the student (attempt, concept assessment, behavioral observation, skill, area
needing support, achievement, challenge) cites turn numbers. A claim is dropped, and counted, when:

- it cites no turn, or a turn the session does not have;
- it quotes words (in double quotes) that the cited turns do not contain;
- it cites only turns that speak to the analyzer rather than about the lesson ("ignore your
  instructions...", a fake system message, JSON that sets mastery), in any of the forms below;
- it is an attempt whose turns hold no student turn, or only student turns of that kind;
- it names a concept the curriculum knows, and none of that concept's keywords, patterns or
  name occurs in the cited turns.

Then mastery moves only through grounded attempts: a concept assessment with no grounded attempt
of the same concept (or dropped itself) becomes an unassessed concept. With the transcript
fenced as data in the prompt, that is the defence against prompt injection: whatever a model was
talked into, a level survives only where the student's own work in the session shows it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from afterclass.analysis.curriculum import Concept, Curriculum
from afterclass.analysis.turn_text import TurnTexts, normal_words
from afterclass.models import (
    AnalysisBody,
    Attempt,
    Claim,
    ConceptAssessment,
    Observation,
    ProgressAssessment,
    Turn,
    UnassessedConcept,
)

_QUOTED = re.compile(r"\"([^\"]{2,})\"|“([^”]{2,})”|«([^»]{2,})»")
_ELLIPSIS = re.compile(r"\.{3}|…")


@dataclass(frozen=True)
class GroundingResult:
    body: AnalysisBody
    dropped: int
    total: int
    """Claims examined (before dropping)."""
    rate: float
    """Share of claims kept: (total - dropped) / total; 1.0 when there were none."""
    reasons: tuple[str, ...]


def ground(
    body: AnalysisBody, turns: Sequence[Turn], curriculum: Curriculum | None
) -> GroundingResult:
    """``body`` without the claims ``turns`` do not support (see the module docstring)."""
    checker = _Checker(turns, curriculum)
    profile, summary = body.profile, body.summary
    new_progress = _ground_progress(body.progress, checker, len(turns))
    new_profile = profile.model_copy(
        update={
            "behavioral_observations": checker.keep(
                "behavioral_observations", profile.behavioral_observations
            )
        }
    )
    new_summary = summary.model_copy(
        update={
            "learning_achievements": checker.keep(
                "learning_achievements", summary.learning_achievements
            ),
            "challenges_addressed": checker.keep(
                "challenges_addressed", summary.challenges_addressed
            ),
        }
    )
    grounded = AnalysisBody(profile=new_profile, progress=new_progress, summary=new_summary)
    rate = 1.0 if checker.total == 0 else (checker.total - checker.dropped) / checker.total
    return GroundingResult(
        body=grounded,
        dropped=checker.dropped,
        total=checker.total,
        rate=round(rate, 4),
        reasons=tuple(checker.reasons),
    )


def _ground_progress(
    progress: ProgressAssessment, checker: _Checker, turn_count: int
) -> ProgressAssessment:
    attempts = checker.keep_attempts(progress.attempts)
    grounded_concepts = {a.concept for a in attempts if a.concept}
    assessed = checker.keep("concept_mastery", progress.concept_mastery, checker.concept_problem)
    backed = [c for c in assessed if c.concept in grounded_concepts]
    for concept in assessed:
        if concept.concept not in grounded_concepts:
            checker.reasons.append(
                f"concept_mastery {concept.concept}: no grounded attempt of it; moved to unassessed"
            )
    demoted = [_unassessed(c) for c in progress.concept_mastery if c not in backed]
    unassessed = [*_valid_turns(progress.unassessed_concepts, turn_count), *demoted]
    return progress.model_copy(
        update={
            "attempts": attempts,
            "concept_mastery": backed,
            "unassessed_concepts": _dedupe(unassessed),
            "skills_demonstrated": checker.keep(
                "skills_demonstrated", progress.skills_demonstrated
            ),
            "areas_needing_support": checker.keep(
                "areas_needing_support", progress.areas_needing_support
            ),
        }
    )


_Item = Attempt | ConceptAssessment | Observation | Claim
_T = TypeVar("_T", Attempt, ConceptAssessment, Observation, Claim)
_Extra = Callable[[_Item], str | None]


class _Checker:
    """The checks of one session's claims, counting what they examine and drop."""

    def __init__(self, turns: Sequence[Turn], curriculum: Curriculum | None):
        self.turns = turns
        self.count = len(turns)
        self.transcript = TurnTexts([turn.text for turn in turns])
        self.to_analyzer = self.transcript.to_analyzer
        self._posed: dict[str, tuple[list[int], int]] = {}
        """Per problem: the turns found stating it, and how many turns were searched."""
        self._signals = _SignalsByConcept(curriculum)
        self.total = 0
        self.dropped = 0
        self.reasons: list[str] = []

    def keep(self, field: str, items: Sequence[_T], extra: _Extra | None = None) -> list[_T]:
        kept: list[_T] = []
        for index, item in enumerate(items):
            self.total += 1
            problem = self.common_problem(item) or (extra(item) if extra else None)
            if problem is None:
                kept.append(item)
            else:
                self.dropped += 1
                self.reasons.append(f"{field}[{index}]: {problem}")
        return kept

    def common_problem(self, item: _Item) -> str | None:
        return self._turns_problem(item.turns) or self._quote_problem(_claim_text(item), item.turns)

    def _turns_problem(self, numbers: Sequence[int]) -> str | None:
        if not numbers:
            return "cites no turn"
        if min(numbers) < 1 or max(numbers) > self.count:
            missing = min(n for n in numbers if not 1 <= n <= self.count)
            return f"cites turn {missing}, but the session has {self.count} turns"
        if self.to_analyzer and self.to_analyzer.issuperset(numbers):
            return "cites only turns that address the analyzer, not the lesson"
        return None

    def _quote_problem(self, text: str, numbers: Sequence[int]) -> str | None:
        if '"' not in text and "“" not in text and "«" not in text:  # no quote: nothing to check
            return None
        cited = " \n ".join(self.transcript.normal(n) for n in sorted(set(numbers)))
        quote = _absent_quote(text, cited)
        if quote is not None:
            return f'quotes "{quote}", which the cited turns do not contain'
        return None

    def keep_attempts(self, attempts: Sequence[Attempt]) -> list[Attempt]:
        """``keep`` for attempts, in the same pass taking off each concept the attempt's turns
        never signal (a dropped claim too): the outcome stays, but cannot move that concept's
        mastery. Concepts taken off are reported first, then attempts dropped."""
        kept: list[Attempt] = []
        detached: list[str] = []
        dropped: list[str] = []
        for index, attempt in enumerate(attempts):
            numbers = attempt.turns
            problem = self._turns_problem(numbers)
            absent = self._concept_unsupported(attempt, numbers, in_range=problem is None)
            if absent:
                detached.append(f"attempts[{index}]: {absent}; concept removed")
                attempt = attempt.model_copy(update={"concept": None})
            problem = (
                problem
                or self._quote_problem(attempt.problem, numbers)
                or self._student_problem(numbers)
            )
            if problem is None:
                kept.append(attempt)
            else:
                dropped.append(f"attempts[{index}]: {problem}")
        self.total += len(attempts) + len(detached)
        self.dropped += len(detached) + len(dropped)
        self.reasons += [*detached, *dropped]
        return kept

    @functools.cached_property
    def _student_turns(self) -> frozenset[int]:
        """The numbers of the student's turns, found once for all attempts."""
        return frozenset(n for n, turn in enumerate(self.turns, 1) if turn.speaker == "student")

    def _student_problem(self, numbers: Sequence[int]) -> str | None:
        student = self._student_turns.intersection(numbers)
        if not student:
            return "none of its turns is the student's"
        if self.to_analyzer and self.to_analyzer.issuperset(student):
            return "its only student turns address the analyzer, not the problem"
        return None

    def _concept_unsupported(
        self, attempt: Attempt, numbers: Sequence[int], *, in_range: bool
    ) -> str | None:
        """Why the attempt's concept is not grounded in its cited turns (those that exist), or
        None; ``in_range`` tells that ``numbers`` is known to cite only existing turns."""
        cited = numbers if in_range else [n for n in numbers if 1 <= n <= self.count]
        if not cited:
            return None
        absent = self._concept_absent(attempt.concept, cited)
        if absent:  # a retry's turns need not repeat the problem: look where it was posed
            absent = self._concept_absent(attempt.concept, [*cited, *self._posed_in(attempt)])
        return absent

    def _posed_in(self, attempt: Attempt) -> list[int]:
        """Turns up to the attempt's last one that state its problem: a retry's turns need not
        repeat the problem (or its concept's words) to be about it. The turns are searched
        once, as far as the latest attempt at the problem needs."""
        last = min(max(attempt.turns), self.count)
        posed, searched = self._posed.get(attempt.problem, ([], 0))
        if searched < last:
            posed = [*posed, *self.transcript.stating(attempt.problem, searched, last)]
            self._posed[attempt.problem] = (posed, last)
        return [n for n in posed if n <= last]

    def concept_problem(self, item: _Item) -> str | None:
        if not isinstance(item, ConceptAssessment):
            return None
        return self._concept_absent(item.concept, item.turns)

    def _concept_absent(self, concept_id: str | None, cited: Sequence[int]) -> str | None:
        signals = None if concept_id is None else self._signals[concept_id]
        if signals is None:
            return None
        lowered = self.transcript.lowered
        if signals.found_in(" \n ".join(map(lowered.__getitem__, sorted(set(cited))))):
            return None
        return f"the cited turns never mention {concept_id}"


def _claim_text(item: _Item) -> str:
    if isinstance(item, Attempt):
        return item.problem
    if isinstance(item, ConceptAssessment):
        return item.evidence
    return item.text


def _absent_quote(text: str, cited: str) -> str | None:
    for match in _QUOTED.finditer(text):
        quote = next(group for group in match.groups() if group)
        for part in _ELLIPSIS.split(quote):
            normal = normal_words(part)
            if normal and f" {normal} " not in f" {cited} ":
                return quote.strip()
    return None


class _Signals:
    """What signals a concept in the cited turns' text: a pattern, or a phrase (its name or a
    keyword, hyphens read as spaces)."""

    def __init__(self, concept: Concept):
        self.patterns = list(concept.patterns)
        """Tried in turn; the one that last matched goes first (attempts at a concept tend to
        be written alike)."""
        self.phrases, self.needs = _phrases_of(concept.name, concept.keywords)

    def found_in(self, raw: str) -> bool:
        """Whether ``raw``, the cited turns in transcript order, lowercased (curly apostrophes
        straight) and joined by " \\n ", signals the concept: a phrase may run from one turn into
        the next (a voice transcript cuts an utterance at a pause)."""
        for index, pattern in enumerate(self.patterns):
            if pattern.search(raw):
                if index:
                    self.patterns.insert(0, self.patterns.pop(index))
                return True
        if not any(map(raw.__contains__, self.needs)):  # one of them is in any phrase
            return False
        return self.phrases.search(" ".join(raw.replace("-", " ").split())) is not None


class _SignalsByConcept(dict[str, _Signals | None]):
    """Each concept's signals, looked up in the curriculum when first asked: None when there
    is no curriculum or it lacks the id."""

    def __init__(self, curriculum: Curriculum | None):
        super().__init__()
        self.curriculum = curriculum

    def __missing__(self, concept_id: str) -> _Signals | None:
        curriculum = self.curriculum
        concept = None if curriculum is None else curriculum.get(concept_id)
        signals = self[concept_id] = None if concept is None else _Signals(concept)
        return signals


@functools.lru_cache(maxsize=1024)
def _phrases_of(name: str, keywords: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One compiled alternation of a concept's name and keywords, hyphens read as spaces, and
    the longest word of each (a phrase's words hold no space or hyphen, so one is in the text
    wherever the phrase is, hyphens read as spaces or not)."""
    alternatives = []
    needs = []
    for phrase in (name.lower(), *keywords):
        words = phrase.replace("-", " ").split()
        if words:
            alternatives.append(r"[\s\-]+".join(map(re.escape, words)))
            needs.append(max(words, key=len))
    if not alternatives:
        return re.compile(r"(?!)"), ()
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b"), tuple(needs)


def _unassessed(assessment: ConceptAssessment) -> UnassessedConcept:
    return UnassessedConcept(
        concept=assessment.concept,
        reason="no attempt in this session shows it (a level was claimed without evidence)",
        turns=[],
    )


def _valid_turns(items: Sequence[UnassessedConcept], count: int) -> list[UnassessedConcept]:
    return [
        item.model_copy(update={"turns": [n for n in item.turns if 1 <= n <= count]})
        for item in items
    ]


def _dedupe(items: Sequence[UnassessedConcept]) -> list[UnassessedConcept]:
    seen: dict[str, UnassessedConcept] = {}
    for item in items:
        seen.setdefault(item.concept, item)
    return list(seen.values())
