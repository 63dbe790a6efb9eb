"""Engagement figures: what the turns themselves say about how the session went.

Deterministic and model-free: the same turns always give the same figures. System turns are
ignored everywhere except in the session duration. Words are whitespace-separated tokens.

Figures
-------
- **Talk share by words**: each side's words over student + tutor words (0 and 0 when nobody
  said anything).
- **Talk share by time**: computed only when at least 80% of the student and tutor turns have
  both ``start_s`` and ``end_s`` (and their timed seconds add up to more than zero); it then uses
  the timed turns only: each side's ``end_s - start_s`` over both sides' total. Otherwise None.
- **Student questions** are counted per question, not per turn. A student turn is split into
  sentences after ``.``, ``!``, ``?`` or a line break (and before ``¿``); a sentence counts as one
  question when it contains ``?`` or ``¿``, or when it opens (after fillers such as "um", "so",
  "ok") with a question form: "how do/does/can/many/much/come", "what is/are/does/if", "what's",
  "why", "where/when/which/who" + a helping verb, "can/could/would/will you", "can/may/should I",
  "do I/you/we", "is it/this/that", "am I"; Spanish "cómo", "qué", "por qué", "cuál", "cuánto",
  "cuándo", "dónde", "quién", "puedes", "me explicas". "I don't get why" is not a question;
  "Why? Is it 5?" is two.
- **Mean / longest student response**: words per student turn.
- **Mean response latency**: for each student turn whose previous non-system turn is the
  tutor's, ``student.start_s - tutor.end_s`` where both exist, negatives clamped to 0; None when
  no pair has both.
- **Longest monologue** per side: the most words in a run of consecutive turns by that side
  (system turns do not break a run).
- **Duration**: ``duration_s`` when given, else the last ``end_s`` (or ``start_s``) minus the
  first ``start_s`` over all turns, else None.

Engagement score (0..1)
-----------------------
``score = 0.5 * T + 0.25 * Q + 0.25 * R``, rounded to 3 decimals, 0 when the student never spoke:

- ``T`` (talk share, by words ``s``): ``s / 0.30`` below 30%; 1 from 30% to 50% (the ideal: the
  student does a real part of the talking without the tutor falling silent); above 50% it falls
  linearly to 0.4 at 100%, ``1 - 1.2 * (s - 0.5)``.
- ``Q`` (curiosity): ``min(1, q / 3)`` where ``q`` is student questions per 10 minutes. Minutes
  come from the duration; without one, from the words at 150 spoken words a minute; at least 1.
- ``R`` (response length): ``min(1, m / 10)`` where ``m`` is the mean student response in words
  (ten words is a full sentence of reasoning; one-word answers score 0.1).

``engagement_level``: **high** when the score is at least 0.65, **medium** from 0.40, else **low**.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from afterclass.analysis.turn_text import lower_as_ignorecase
from afterclass.errors import InputError
from afterclass.models import EngagementFigures, Session, Turn

HIGH_THRESHOLD = 0.65
MEDIUM_THRESHOLD = 0.40
#: Share of the student and tutor turns that must carry start_s and end_s for talk share by time.
TIMED_TURNS_NEEDED = 0.8
#: Speaking rate used to estimate minutes when a session has no duration.
WORDS_PER_MINUTE = 150.0

#: A sentence ends after "." "!" or "?" and the spaces that follow them (also at a line break, and
#: before "¿"): each such end becomes a line break, the mark kept, so that a sentence is a line.
_SENTENCE_ENDS = tuple((re.compile(rf"{re.escape(mark)}\s+"), f"{mark}\n") for mark in ".!?")
#: A space that is not a line break: a match stays on the line (the sentence) it starts on.
_SPACE = r"[^\S\n]"
_FILLERS = (
    r"(?:(?:um+|uh+|so|ok|okay|and|but|wait|hmm+|well|oh|then|y|pero|entonces|oye)"
    rf"(?:{_SPACE}|,)+)*"
)
_QUESTION_FORMS = (
    rf"how{_SPACE}+(?:do|does|did|can|could|would|should|is|are|many|much|come|about)\b",
    rf"what(?:'s|{_SPACE}+(?:is|are|was|does|do|did|if|about|happens|should|would))\b",
    r"why\b",
    rf"(?:where|when|which|who){_SPACE}+(?:is|are|was|do|does|did|can|should|would|will|one)\b",
    rf"(?:can|could|would|will){_SPACE}+you\b",
    rf"(?:can|may|should|could){_SPACE}+i\b",
    rf"do{_SPACE}+(?:i|you|we)\b",
    rf"does{_SPACE}+(?:it|that|this)\b",
    rf"(?:is|was){_SPACE}+(?:it|this|that)\b",
    rf"am{_SPACE}+i\b",
    rf"(?:cómo|qué|por{_SPACE}+qué|cuál|cuáles|cuánto|cuánta|cuántos|cuántas|cuándo|dónde|quién)\b",
    rf"(?:me{_SPACE}+)?(?:puedes|explicas)\b",
)
_QUESTION_OPENING = rf"[^\w\n]*{_FILLERS}(?:{'|'.join(_QUESTION_FORMS)})"
#: A line (of lowercase text) that asks: it holds "?" or "¿", or it opens, after signs and
#: fillers, with a question form. Each match starts at the line break before its line.
_ASKING_LINE = re.compile(rf"\n(?:[^\n?¿]*+[?¿]|{_QUESTION_OPENING})")


def count_questions(text: str) -> int:
    """How many questions ``text`` asks (see the module docstring for the rule).

    The text is lowercased and each sentence put on a line of its own; then one pass of one
    pattern counts the lines that ask, however many sentences there are.
    """
    lines = lower_as_ignorecase(text)
    for end, mark in _SENTENCE_ENDS:
        lines = end.sub(mark, lines)
    return len(_ASKING_LINE.findall("\n" + lines.replace("¿", "\n¿")))


def session_engagement(session: Session) -> EngagementFigures:
    """``compute_engagement`` of a whole session: its duration from ``started_at`` to
    ``ended_at``, or from the turn timings when the two are the same instant (a session that
    starts and ends at once says nothing about its length)."""
    seconds = (session.ended_at - session.started_at).total_seconds()
    return compute_engagement(session.turns, duration_s=seconds if seconds > 0 else None)


def compute_engagement(
    turns: Sequence[Turn], *, duration_s: float | None = None
) -> EngagementFigures:
    """Engagement figures for one session's ``turns`` (1-based order as given).

    ``duration_s`` overrides the duration read from the turn timings. Raises InputError when it
    is negative or not a finite number.
    """
    if duration_s is not None and (not math.isfinite(duration_s) or duration_s < 0):
        raise InputError(
            f"duration_s must be a finite number of seconds >= 0, got {duration_s!r}; "
            "pass None to read the duration from the turn timings",
            field="duration_s",
        )
    talk = _talk(turns)
    student_words, tutor_words = talk.words["student"], talk.words["tutor"]
    share_student, share_tutor = _shares(student_words, tutor_words)
    time_shares = talk.time_shares
    duration = duration_s if duration_s is not None else _duration_from_timings(turns)
    # a line break ends a sentence, so the turns joined by one hold the same sentences
    questions = count_questions("\n".join(talk.student_texts))
    student_turns = len(talk.student_texts)
    mean_response = student_words / student_turns if student_turns else 0.0
    score = engagement_score(
        student_share=share_student,
        questions=questions,
        minutes=_minutes(duration, student_words + tutor_words),
        mean_response_words=mean_response,
        student_turns=student_turns,
    )
    return EngagementFigures(
        duration_s=duration,
        student_turns=student_turns,
        tutor_turns=talk.tutor_turns,
        student_words=student_words,
        tutor_words=tutor_words,
        student_talk_share_words=share_student,
        tutor_talk_share_words=share_tutor,
        student_talk_share_time=time_shares[0] if time_shares else None,
        tutor_talk_share_time=time_shares[1] if time_shares else None,
        student_questions=questions,
        mean_student_response_words=round(mean_response, 2),
        longest_student_response_words=talk.longest_student_turn,
        mean_response_latency_s=_mean_latency(talk.gaps),
        longest_student_monologue_words=talk.longest_run["student"],
        longest_tutor_monologue_words=talk.longest_run["tutor"],
        engagement_score=score,
    )


def engagement_score(
    *,
    student_share: float,
    questions: int,
    minutes: float,
    mean_response_words: float,
    student_turns: int,
) -> float:
    """The 0..1 blend of talk share, questions per 10 minutes and response length."""
    if student_turns == 0:
        return 0.0
    talk = _talk_component(student_share)
    per_ten_minutes = questions * 10.0 / max(minutes, 1.0)
    curiosity = min(1.0, per_ten_minutes / 3.0)
    length = min(1.0, mean_response_words / 10.0)
    return round(0.5 * talk + 0.25 * curiosity + 0.25 * length, 3)


def engagement_level(figures: EngagementFigures) -> Literal["high", "medium", "low"]:
    """``high`` from a score of 0.65, ``medium`` from 0.40, else ``low``."""
    if figures.engagement_score >= HIGH_THRESHOLD:
        return "high"
    if figures.engagement_score >= MEDIUM_THRESHOLD:
        return "medium"
    return "low"


def _talk_component(share: float) -> float:
    if share < 0.30:
        return share / 0.30
    if share <= 0.50:
        return 1.0
    return max(0.0, 1.0 - 1.2 * (share - 0.50))


def _shares(student: float, tutor: float) -> tuple[float, float]:
    total = student + tutor
    if total <= 0:
        return 0.0, 0.0
    share = round(student / total, 4)
    return share, round(1.0 - share, 4)


@dataclass(frozen=True)
class _Talk:
    """What the student and tutor turns add up to (system turns are skipped)."""

    words: dict[str, int]
    student_texts: list[str]
    tutor_turns: int
    longest_student_turn: int
    longest_run: dict[str, int]
    """The most words in a run of one side's turns (a monologue)."""
    time_shares: tuple[float, float] | None
    gaps: list[float]
    """Response latencies: each timed student turn's start after the timed tutor turn before."""


def _talk(turns: Sequence[Turn]) -> _Talk:
    """Read the turns once: each figure is one more sum or maximum along the way."""
    words = {"student": 0, "tutor": 0}
    longest_run = {"student": 0, "tutor": 0}
    seconds = {"student": 0.0, "tutor": 0.0}
    student_texts: list[str] = []
    gaps: list[float] = []
    tutor_turns = longest_turn = timed = run = 0
    side, tutor_end = "", None
    for turn in turns:
        speaker = turn.speaker
        if speaker == "system":
            continue
        text = turn.text
        count = len(text.split())  # Turn.words
        words[speaker] += count
        run = run + count if speaker == side else count
        if run > longest_run[speaker]:
            longest_run[speaker] = run
        start, end = turn.start_s, turn.end_s
        if start is not None and end is not None:
            timed += 1
            seconds[speaker] += end - start
        if speaker == "student":
            student_texts.append(text)
            longest_turn = max(longest_turn, count)
            if side == "tutor" and start is not None and tutor_end is not None:
                gaps.append(max(0.0, start - tutor_end))
        else:
            tutor_turns += 1
            tutor_end = end
        side = speaker
    spoken = len(student_texts) + tutor_turns
    shares = _time_shares(seconds) if spoken and timed >= TIMED_TURNS_NEEDED * spoken else None
    return _Talk(words, student_texts, tutor_turns, longest_turn, longest_run, shares, gaps)


def _time_shares(seconds: dict[str, float]) -> tuple[float, float] | None:
    if seconds["student"] + seconds["tutor"] <= 0:
        return None
    return _shares(seconds["student"], seconds["tutor"])


def _mean_latency(gaps: Sequence[float]) -> float | None:
    if not gaps:
        return None
    return round(sum(gaps) / len(gaps), 3)


def _duration_from_timings(turns: Sequence[Turn]) -> float | None:
    starts = [t.start_s for t in turns if t.start_s is not None]
    ends = [t.end_s if t.end_s is not None else t.start_s for t in turns]
    known_ends = [end for end in ends if end is not None]
    if not starts or not known_ends:
        return None
    return round(max(0.0, max(known_ends) - min(starts)), 3)


def _minutes(duration_s: float | None, words: int) -> float:
    if duration_s:
        return duration_s / 60.0
    return words / WORDS_PER_MINUTE
