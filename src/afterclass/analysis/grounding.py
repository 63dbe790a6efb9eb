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

from afterclass.analysis.curriculum import Curriculum
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

#: Turns that address the analyzer instead of the lesson (English, Spanish, French, German).
_ADDRESSES_ANALYZER = re.compile(
    "|".join(
        [
            r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}"
            r"\b(instructions?|prompts?|guidelines|system message)\b",
            r"\b(ignora|olvida|omite)\b.{0,40}\b(instrucciones|indicaciones|reglas)\b",
            r"\b(ignore[sz]?|oublie[sz]?)\b.{0,40}\b(instructions|consignes)\b",
            r"\b(ignoriere|vergiss)\b.{0,40}\b(anweisungen|regeln)\b",
            r"\bmark\s+(me|him|her|them|the student|everything|all)\b.{0,60}"
            r"\b(master\w*|proficient|correct)\b",
            r"\b(m[aá]rca(me|lo|la|los)|califica(me)?|pon(me)?)\b.{0,60}\b(dominad\w*|domino|competente|correct\w*)\b",
            r"(^|\n)\s*[\[<(]*\s*(system|developer|assistant|sistema)\s*[\])>]*\s*(message|prompt|mensaje)?\s*:",
            r"<\|?\s*(im_start|system|endofprompt)",
            r"[\"'](concept_mastery|mastery|level|role|instructions)[\"']\s*:",
        ]
    ),
    re.IGNORECASE,
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


def addresses_analyzer(text: str) -> bool:
    """True when a turn tries to instruct whoever analyzes the transcript."""
    return _ADDRESSES_ANALYZER.search(text) is not None


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
    attempts = checker.keep(
        "attempts", checker.detach_unsupported_concepts(progress.attempts), checker.attempt_problem
    )
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
    def __init__(self, turns: Sequence[Turn], curriculum: Curriculum | None):
        self.turns = turns
        self.curriculum = curriculum
        self.texts = [_normal(turn.text) for turn in turns]
        self.padded = [f" {text} " for text in self.texts]
        self._posed: dict[str, list[int]] = {}
        self._to_analyzer: dict[int, bool] = {}
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
        if not item.turns:
            return "cites no turn"
        missing = sorted({n for n in item.turns if not 1 <= n <= len(self.turns)})
        if missing:
            return f"cites turn {missing[0]}, but the session has {len(self.turns)} turns"
        if all(self.to_analyzer(n) for n in item.turns):
            return "cites only turns that address the analyzer, not the lesson"
        cited = " \n ".join(self.texts[n - 1] for n in sorted(set(item.turns)))
        for text in _claim_texts(item):
            quote = _absent_quote(text, cited)
            if quote is not None:
                return f'quotes "{quote}", which the cited turns do not contain'
        return None

    def attempt_problem(self, item: _Item) -> str | None:
        if not isinstance(item, Attempt):
            return None
        student = [n for n in item.turns if self.turns[n - 1].speaker == "student"]
        if not student:
            return "none of its turns is the student's"
        if all(self.to_analyzer(n) for n in student):
            return "its only student turns address the analyzer, not the problem"
        return None

    def detach_unsupported_concepts(self, attempts: Sequence[Attempt]) -> list[Attempt]:
        """An attempt whose turns never signal its concept keeps its outcome but loses the
        concept (a dropped claim), so it cannot move that concept's mastery."""
        result = []
        for index, attempt in enumerate(attempts):
            cited = [n for n in attempt.turns if 1 <= n <= len(self.turns)]
            absent = cited and self._concept_absent(attempt.concept, cited)
            if absent:  # a retry's turns need not repeat the problem: look where it was posed
                absent = self._concept_absent(attempt.concept, [*cited, *self._posed_in(attempt)])
            if absent:
                self.total += 1
                self.dropped += 1
                self.reasons.append(f"attempts[{index}]: {absent}; concept removed")
                attempt = attempt.model_copy(update={"concept": None})
            result.append(attempt)
        return result

    def to_analyzer(self, number: int) -> bool:
        """Whether turn ``number`` addresses the analyzer (computed once, when first asked)."""
        if number not in self._to_analyzer:
            self._to_analyzer[number] = addresses_analyzer(self.turns[number - 1].text)
        return self._to_analyzer[number]

    def _posed_in(self, attempt: Attempt) -> list[int]:
        """Turns up to the attempt's last one that state its problem: a retry's turns need not
        repeat the problem (or its concept's words) to be about it."""
        problem = f" {_normal(attempt.problem)} "
        if not problem.strip():
            return []
        if problem not in self._posed:
            self._posed[problem] = [n for n, text in enumerate(self.padded, 1) if problem in text]
        last = max(attempt.turns)
        return [n for n in self._posed[problem] if n <= last]

    def concept_problem(self, item: _Item) -> str | None:
        if not isinstance(item, ConceptAssessment):
            return None
        return self._concept_absent(item.concept, item.turns)

    def _concept_absent(self, concept_id: str | None, cited: Sequence[int]) -> str | None:
        if concept_id is None or self.curriculum is None:
            return None
        concept = self.curriculum.get(concept_id)
        if concept is None:
            return None
        raw = " \n ".join(self.turns[n - 1].text.lower().replace("’", "'") for n in set(cited))
        if _phrases_of(concept.name, concept.keywords).search(
            " ".join(raw.replace("-", " ").split())
        ) or any(pattern.search(raw) for pattern in concept.patterns):
            return None
        return f"the cited turns never mention {concept_id}"


def _claim_texts(item: _Item) -> list[str]:
    if isinstance(item, Attempt):
        return [item.problem]
    if isinstance(item, ConceptAssessment):
        return [item.evidence]
    return [item.text]


def _absent_quote(text: str, cited: str) -> str | None:
    for match in _QUOTED.finditer(text):
        quote = next(group for group in match.groups() if group)
        for part in _ELLIPSIS.split(quote):
            normal = _normal(part)
            if normal and f" {normal} " not in f" {cited} ":
                return quote.strip()
    return None


@functools.lru_cache(maxsize=1024)
def _phrases_of(name: str, keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation of a concept's name and keywords, hyphens read as spaces."""
    alternatives = []
    for phrase in (name.lower(), *keywords):
        words = phrase.replace("-", " ").split()
        if words:
            alternatives.append(r"[\s\-]+".join(map(re.escape, words)))
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def _normal(text: str) -> str:
    """Lowercase words, digits and [PLACEHOLDERS], single-spaced; punctuation dropped."""
    return " ".join(re.findall(r"\[[a-z0-9_]+\]|\w+", text.lower().replace("’", "'")))


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
