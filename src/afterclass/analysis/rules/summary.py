"""The session summary for a parent or teacher: the seed's six parts, written from the findings.

Every sentence restates something the attempts, concept levels, cues or engagement figures
show; the recommendations say what to do next and claim nothing. The student is "the student"
(the transcript is redacted, so no name is ever known here).

Length: when the session holds enough to say (at least three attempts and one assessed
concept), the executive summary plus every list item come to 200-300 words: optional detail
is added, in a fixed order, while the text is under 200 words, and lower-priority items are
dropped while it is over 300. A thinner session gets a shorter summary and no filler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from afterclass.analysis.rules.attempts import FoundAttempt
from afterclass.analysis.rules.concepts import MAX_CITED
from afterclass.analysis.rules.progress import FoundMistake
from afterclass.models import (
    Claim,
    ConceptAssessment,
    EngagementFigures,
    Observation,
    SessionSummary,
    UnassessedConcept,
)
from afterclass.models.analysis import EngagementLevel

MIN_WORDS = 200
MAX_WORDS = 300
_RICH_ATTEMPTS = 3
_MAX_SUMMARY_CHARS = 4000
_LEVEL_WORDS = {
    "not_started": "not started yet",
    "emerging": "emerging (just getting started)",
    "developing": "developing (getting there, with some slips)",
    "proficient": "proficient (mostly solid)",
    "mastered": "mastered in this session",
}
_CUE_PHRASES = {
    "visual": "asked for pictures or diagrams",
    "auditory": "asked to hear explanations again",
    "kinesthetic": "wanted to try things hands-on",
    "attention_drift": "had moments where attention drifted",
    "frustration": "showed some frustration",
    "confidence": "showed confidence",
    "curiosity": "asked curious why or what-if questions",
}
_MISTAKE_FOLLOW_UPS = {
    "added_across": "Review why fractions need a common denominator before adding or subtracting, "
    "for example with fraction strips or a drawing.",
    "kept_one_denominator": "Practice rewriting both fractions with the same denominator before "
    "combining the numerators.",
    "wrong_operation": "Before solving, have the student say which operation the problem asks for.",
}
_PADDING = (
    "Keep practice sessions short and regular; a few problems on most days help new skills stick.",
    "Start the next session by revisiting one problem from today so the student can build on it.",
    "Let the student explain their thinking out loud; it shows where a step is still unclear.",
)


@dataclass(frozen=True)
class SummaryFacts:
    """Everything the summary is written from."""

    minutes: float | None
    attempts: Sequence[FoundAttempt]
    assessments: Sequence[ConceptAssessment]
    unassessed: Sequence[UnassessedConcept]
    skills: Sequence[Claim]
    support: Sequence[Claim]
    mistakes: Sequence[FoundMistake]
    observations: Sequence[Observation]
    engagement: EngagementFigures
    engagement_level: EngagementLevel
    next_topics: Sequence[str]
    name_of: Callable[[str], str]

    def problems(self) -> list[FoundAttempt]:
        """The last try of each problem: how each problem ended."""
        last: dict[int, FoundAttempt] = {}
        for attempt in self.attempts:
            last[attempt.problem_number] = attempt
        return list(last.values())

    def cue(self, kind: str) -> Observation | None:
        return next((o for o in self.observations if o.cue == kind), None)

    def rich(self) -> bool:
        return len(self.attempts) >= _RICH_ATTEMPTS and bool(self.assessments)


@dataclass
class _Draft:
    summary: list[str]
    achievements: list[Claim]
    challenges: list[Claim]
    follow_ups: list[str]
    actions: list[str]

    def words(self) -> int:
        texts = [
            *self.summary,
            *(c.text for c in self.achievements),
            *(c.text for c in self.challenges),
        ]
        return sum(len(text.split()) for text in [*texts, *self.follow_ups, *self.actions])


def write_summary(facts: SummaryFacts) -> SessionSummary:
    draft = _Draft(
        summary=_executive(facts),
        achievements=list(facts.skills),
        challenges=_challenges(facts),
        follow_ups=_follow_ups(facts),
        actions=_actions(facts),
    )
    if facts.rich():
        _fit(draft, facts)
    return SessionSummary(
        executive_summary=_within(draft.summary, _MAX_SUMMARY_CHARS),
        learning_achievements=draft.achievements[:30],
        engagement_level=facts.engagement_level,
        challenges_addressed=draft.challenges[:30],
        follow_up_recommendations=draft.follow_ups[:20],
        parent_teacher_actions=draft.actions[:20],
    )


def _executive(facts: SummaryFacts) -> list[str]:
    session = (
        f"In this {max(1, round(facts.minutes))}-minute session"
        if facts.minutes
        else "In this session"
    )
    concepts = [_lower(facts.name_of(a.concept)) for a in facts.assessments]
    if not facts.attempts:
        talked = [_lower(facts.name_of(u.concept)) for u in facts.unassessed]
        if talked:
            return [
                f"{session}, the student did not work through a problem, so no skill could be "
                f"assessed yet. The tutor and the student talked about {_topics(talked)}.",
                _engagement_sentence(facts),
            ]
        return [
            f"{session}, the student did not work through a problem the analysis could recognise, "
            "so no skill could be assessed.",
            _engagement_sentence(facts),
        ]
    topic = f" on {_topics(concepts)}" if concepts else ""
    sentences = [f"{session}, the student worked{topic}.", _problems_sentence(facts)]
    sentences.extend(_level_sentence(facts, a) for a in facts.assessments)
    sentences.append(_engagement_sentence(facts))
    cues = [_CUE_PHRASES[o.cue] for o in facts.observations if o.cue in _CUE_PHRASES]
    if cues:
        sentences.append(f"Along the way the student {_join(list(dict.fromkeys(cues)))}.")
    return sentences


def _problems_sentence(facts: SummaryFacts) -> str:
    problems = facts.problems()
    own = sum(1 for p in problems if p.outcome == "correct")
    helped = sum(1 for p in problems if p.outcome == "correct_with_help")
    missed = sum(1 for p in problems if p.outcome == "incorrect")
    retries = len(facts.attempts) - len(problems)
    parts = [f"{own} solved on their own"]
    if helped:
        parts.append(f"{helped} solved after the tutor gave the answer away")
    if missed:
        parts.append(f"{missed} not solved yet")
    tries = f" ({len(facts.attempts)} attempts counting retries)" if retries else ""
    return f"The student tried {_count(len(problems), 'problem')}{tries}: {_join(parts)}."


def _level_sentence(facts: SummaryFacts, assessment: ConceptAssessment) -> str:
    name = facts.name_of(assessment.concept)
    certainty = "a first impression" if assessment.confidence < 0.5 else "a fair picture"
    if assessment.confidence >= 0.75:
        certainty = "a clear picture"
    level = _LEVEL_WORDS[assessment.level]
    return f"For {_lower(name)}, the level looks {level}; this is {certainty}."


def _engagement_sentence(facts: SummaryFacts) -> str:
    figures = facts.engagement
    share = round(figures.student_talk_share_words * 100)
    asked = figures.student_questions
    questions = _count(asked, "question") if asked else "no questions"
    return (
        f"Engagement was {facts.engagement_level}: the student said {share}% of the words and "
        f"asked {questions}."
    )


def _challenges(facts: SummaryFacts) -> list[Claim]:
    claims = list(facts.support)
    frustration = facts.cue("frustration")
    if frustration is not None:
        first = frustration.turns[0]
        later = [a for a in facts.attempts if a.outcome != "incorrect" and a.turns[-1] > first]
        text = "The student found parts of the work hard or confusing"
        if later:
            text += " and kept going, solving a later problem"
        turns = sorted({*frustration.turns, *(later[0].turns if later else ())})
        claims.append(Claim(text=text + ".", turns=turns[:MAX_CITED]))
    return claims


def _follow_ups(facts: SummaryFacts) -> list[str]:
    items: list[str] = []
    for assessment in facts.assessments:
        if assessment.level in {"emerging", "developing"}:
            name = _lower(facts.name_of(assessment.concept))
            items.append(
                f"Practice {name} with a few short problems like the ones from this session."
            )
    items.extend(_MISTAKE_FOLLOW_UPS[m.mistake.kind] for m in facts.mistakes)
    if facts.cue("visual") is not None:
        items.append("Use drawings or diagrams when explaining; the student asked for them.")
    if facts.cue("kinesthetic") is not None:
        items.append(
            "Offer hands-on materials such as blocks or counters, and let the student try first."
        )
    if facts.cue("attention_drift") is not None:
        items.append("Keep practice in short blocks with breaks in between.")
    if facts.next_topics:
        names = [_lower(facts.name_of(topic)) for topic in facts.next_topics]
        items.append(f"When the student is ready, move on to {_topics(names)}.")
    if facts.unassessed:
        names = [_lower(facts.name_of(u.concept)) for u in facts.unassessed[:3]]
        items.append(
            f"Worth a problem or two next time (touched on, not yet shown): {'; '.join(names)}."
        )
    if not facts.attempts:
        items.append("Include a few problems next session so that progress can be assessed.")
    return items


def _actions(facts: SummaryFacts) -> list[str]:
    items: list[str] = []
    solved = [p for p in facts.problems() if p.outcome == "correct"]
    if solved:
        problem = _short(solved[0].problem).rstrip(". ")
        end = "" if problem.endswith(("?", "!")) else "."
        items.append(f'Ask the student to show you how they solved "{problem}"{end}')
    if any(
        len([a for a in facts.attempts if a.problem_number == p.problem_number]) > 1 for p in solved
    ):
        items.append(
            "Praise the student for fixing a mistake after feedback rather than giving up."
        )
    weak = [a for a in facts.assessments if a.level in {"emerging", "developing"}]
    if weak:
        name = _lower(facts.name_of(weak[0].concept))
        items.append(f"Set aside 5-10 minutes a few times this week for {name}.")
    if facts.cue("frustration") is not None:
        items.append(
            "Acknowledge that the work feels hard right now and keep practice low-pressure."
        )
    if facts.cue("confidence") is not None:
        items.append("Build on the student's confidence by letting them lead the next problem.")
    if facts.cue("curiosity") is not None:
        items.append("Welcome the student's why-questions and explore one of them together.")
    return items


def _fit(draft: _Draft, facts: SummaryFacts) -> None:
    """Bring a rich session's summary into MIN_WORDS..MAX_WORDS (the count kept as items come
    and go, not counted again each time)."""
    extras = _extras(facts)
    words = draft.words()
    while words < MIN_WORDS and extras:
        kind, text = extras.pop(0)
        target = draft.follow_ups if kind == "follow_up" else draft.actions
        if kind == "summary":
            target = draft.summary
        added = len(text.split())
        if words + added <= MAX_WORDS:
            target.append(text)
            words += added
    lists: tuple[list[Any], ...] = (
        draft.follow_ups,
        draft.challenges,
        draft.achievements,
        draft.actions,
    )
    while words > MAX_WORDS:
        longest = max(lists, key=len)
        if len(longest) > 1:
            words -= _words(longest.pop())
        elif len(draft.summary) > 2:
            words -= _words(draft.summary.pop())
        else:
            break


def _words(item: str | Claim) -> int:
    return len((item if isinstance(item, str) else item.text).split())


def _extras(facts: SummaryFacts) -> list[tuple[str, str]]:
    extras: list[tuple[str, str]] = []
    for problem in facts.problems():
        outcome = {
            "correct": "solved it on their own",
            "correct_with_help": "reached the answer after the tutor gave it away",
            "incorrect": "did not reach the answer yet",
        }
        extras.append(
            ("summary", f'On "{_short(problem.problem)}" the student {outcome[problem.outcome]}.')
        )
    extras.extend(("follow_up", text) for text in _PADDING)
    return extras


def _within(sentences: Sequence[str], limit: int) -> str:
    """The sentences joined, as many as fit in ``limit`` characters (at least the first)."""
    kept: list[str] = []
    for sentence in sentences:
        if kept and len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)[:limit]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lower(name: str) -> str:
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def _topics(names: Sequence[str]) -> str:
    """Concept names, which may hold "and" themselves: "a", or "2 topics: a; b"."""
    if len(names) == 1:
        return names[0]
    return f"{len(names)} topics: {'; '.join(names)}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
