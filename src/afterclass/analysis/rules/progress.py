"""Progress claims: skills shown, areas needing support and the next topics, each from attempts.

Skills demonstrated (each with the turns of the attempts behind it):

- per concept, the problems solved without the answer given;
- a wrong answer corrected on a later try of the same problem;
- a problem solved by working through at least three student turns of guiding questions.

Areas needing support:

- per concept, the attempts that needed the answer given or did not reach it;
- each mistake recognised in an attempt that did not reach the answer (see ``mistakes``), once
  per kind, with all the attempts showing it.

Next topics come from ``Curriculum.next_topics`` for the concepts assessed in the session, never
one the student's state (or this session) shows as mastered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.rules.attempts import FoundAttempt
from afterclass.analysis.rules.concepts import MAX_CITED, Tally
from afterclass.analysis.rules.mistakes import Mistake, diagnose
from afterclass.models import Claim, ConceptAssessment, StudentState

_GUIDED_STUDENT_TURNS = 3
_MAX_TOPICS = 3


@dataclass(frozen=True)
class FoundMistake:
    mistake: Mistake
    turns: tuple[int, ...]
    count: int


def skills(
    attempts: Sequence[FoundAttempt], tallies: Sequence[Tally], name_of: Callable[[str], str]
) -> list[Claim]:
    claims: list[Claim] = []
    for counts in tallies:
        if counts.correct:
            turns = _turns(
                a for a in attempts if a.concept == counts.concept and a.outcome == "correct"
            )
            claims.append(
                Claim(text=f"{name_of(counts.concept)}: {_solved(counts.correct)}.", turns=turns)
            )
    loose = [a for a in attempts if a.concept is None and a.outcome == "correct"]
    if loose:
        claims.append(Claim(text=f"{_solved(len(loose)).capitalize()}.", turns=_turns(loose)))
    corrected = _self_corrected(attempts)
    if corrected:
        text = "Corrected a wrong answer after feedback and solved the problem on a later try"
        if len(corrected) > 1:
            text = f"Corrected wrong answers after feedback on {len(corrected)} problems"
        claims.append(Claim(text=text + ".", turns=_turns(a for group in corrected for a in group)))
    guided = [
        a for a in attempts if a.outcome == "correct" and a.student_turns >= _GUIDED_STUDENT_TURNS
    ]
    if guided:
        text = "Reasoned step by step through the tutor's guiding questions to reach the answer"
        claims.append(Claim(text=text + ".", turns=_turns(guided)))
    return claims


def support_areas(
    tallies: Sequence[Tally],
    attempts: Sequence[FoundAttempt],
    mistakes: Sequence[FoundMistake],
    name_of: Callable[[str], str],
) -> list[Claim]:
    claims: list[Claim] = []
    for counts in tallies:
        if not counts.helped and not counts.incorrect:
            continue
        pieces = []
        if counts.incorrect:
            pieces.append(f"{_count(counts.incorrect, 'attempt')} did not reach the answer")
        if counts.helped:
            pieces.append(f"{_count(counts.helped, 'attempt')} needed the answer given")
        weak = [a for a in attempts if a.concept == counts.concept and a.outcome != "correct"]
        text = f"{name_of(counts.concept)}: {' and '.join(pieces)}."
        claims.append(Claim(text=text, turns=_turns(weak)))
    for found in mistakes:
        mistake = found.mistake
        text = f"The student {mistake.action} ({mistake.example})."
        if found.count > 1:
            text = f"The student {mistake.action} {found.count} times (e.g. {mistake.example})."
        claims.append(Claim(text=text, turns=list(found.turns[:MAX_CITED])))
    return claims


def find_mistakes(attempts: Sequence[FoundAttempt]) -> list[FoundMistake]:
    """Recognised mistakes, one entry per kind, in the order first seen."""
    grouped: dict[str, list[tuple[Mistake, FoundAttempt]]] = {}
    for attempt in attempts:
        if attempt.outcome != "incorrect":
            continue
        mistake = diagnose(attempt.expression, attempt.answers)
        if mistake is not None:
            grouped.setdefault(mistake.kind, []).append((mistake, attempt))
    return [
        FoundMistake(group[0][0], tuple(_turns(a for _, a in group)), len(group))
        for group in grouped.values()
    ]


def next_topics(
    curriculum: Curriculum,
    assessed: Sequence[ConceptAssessment],
    talked_about: Sequence[str],
    state: StudentState,
) -> list[str]:
    mastered = {cid for cid, progress in state.mastery.items() if progress.level == "mastered"}
    mastered |= {a.concept for a in assessed if a.level == "mastered"}
    worked = [a.concept for a in assessed] or list(talked_about)
    topics = curriculum.next_topics(worked, mastered=sorted(mastered), limit=_MAX_TOPICS)
    return [topic for topic in topics if topic not in mastered]


def _self_corrected(attempts: Sequence[FoundAttempt]) -> list[list[FoundAttempt]]:
    problems: dict[int, list[FoundAttempt]] = {}
    for attempt in attempts:
        problems.setdefault(attempt.problem_number, []).append(attempt)
    return [
        tries
        for tries in problems.values()
        if len(tries) > 1
        and tries[-1].outcome == "correct"
        and any(t.outcome == "incorrect" for t in tries[:-1])
    ]


def _turns(attempts: Iterable[FoundAttempt]) -> list[int]:
    found: set[int] = set()
    for attempt in attempts:
        found.update(attempt.turns)
    return sorted(found)[:MAX_CITED]


def _solved(count: int) -> str:
    return f"solved {_count(count, 'problem')} without being given the answer"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
