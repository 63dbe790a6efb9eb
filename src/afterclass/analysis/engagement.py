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

import itertools
import math
import re
from collections.abc import Sequence
from typing import Literal

from afterclass.errors import InputError
from afterclass.models import EngagementFigures, Turn

HIGH_THRESHOLD = 0.65
MEDIUM_THRESHOLD = 0.40
#: Share of the student and tutor turns that must carry start_s and end_s for talk share by time.
TIMED_TURNS_NEEDED = 0.8
#: Speaking rate used to estimate minutes when a session has no duration.
WORDS_PER_MINUTE = 150.0

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+|(?=¿)")
_FILLERS = r"(?:(?:um+|uh+|so|ok|okay|and|but|wait|hmm+|well|oh|then|y|pero|entonces|oye)[\s,]+)*"
_QUESTION_FORMS = (
    r"how\s+(?:do|does|did|can|could|would|should|is|are|many|much|come|about)\b",
    r"what(?:'s|\s+(?:is|are|was|does|do|did|if|about|happens|should|would))\b",
    r"why\b",
    r"(?:where|when|which|who)\s+(?:is|are|was|do|does|did|can|should|would|will|one)\b",
    r"(?:can|could|would|will)\s+you\b",
    r"(?:can|may|should|could)\s+i\b",
    r"do\s+(?:i|you|we)\b",
    r"does\s+(?:it|that|this)\b",
    r"(?:is|was)\s+(?:it|this|that)\b",
    r"am\s+i\b",
    r"(?:cómo|qué|por\s+qué|cuál|cuáles|cuánto|cuánta|cuántos|cuántas|cuándo|dónde|quién)\b",
    r"(?:me\s+)?(?:puedes|explicas)\b",
)
_QUESTION_OPENING = re.compile(rf"^\W*{_FILLERS}(?:{'|'.join(_QUESTION_FORMS)})", re.IGNORECASE)


def count_questions(text: str) -> int:
    """How many questions ``text`` asks (see the module docstring for the rule)."""
    count = 0
    for sentence in _SENTENCE_BREAK.split(text):
        stripped = sentence.strip()
        if not stripped:
            continue
        if "?" in stripped or "¿" in stripped or _QUESTION_OPENING.match(stripped):
            count += 1
    return count


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
    spoken = [turn for turn in turns if turn.speaker != "system"]
    words = [turn.words for turn in spoken]  # counted once per turn, used four times
    student = [turn for turn in spoken if turn.speaker == "student"]
    tutor = [turn for turn in spoken if turn.speaker == "tutor"]
    student_counts = [n for turn, n in zip(spoken, words, strict=True) if turn.speaker == "student"]
    student_words = sum(student_counts)
    tutor_words = sum(words) - student_words
    share_student, share_tutor = _shares(student_words, tutor_words)
    time_shares = _time_shares(spoken)
    duration = duration_s if duration_s is not None else _duration_from_timings(turns)
    questions = sum(count_questions(turn.text) for turn in student)
    mean_response = student_words / len(student) if student else 0.0
    score = engagement_score(
        student_share=share_student,
        questions=questions,
        minutes=_minutes(duration, student_words + tutor_words),
        mean_response_words=mean_response,
        student_turns=len(student),
    )
    return EngagementFigures(
        duration_s=duration,
        student_turns=len(student),
        tutor_turns=len(tutor),
        student_words=student_words,
        tutor_words=tutor_words,
        student_talk_share_words=share_student,
        tutor_talk_share_words=share_tutor,
        student_talk_share_time=time_shares[0] if time_shares else None,
        tutor_talk_share_time=time_shares[1] if time_shares else None,
        student_questions=questions,
        mean_student_response_words=round(mean_response, 2),
        longest_student_response_words=max(student_counts, default=0),
        mean_response_latency_s=_mean_latency(spoken),
        longest_student_monologue_words=_longest_monologue(spoken, words, "student"),
        longest_tutor_monologue_words=_longest_monologue(spoken, words, "tutor"),
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


def _time_shares(spoken: Sequence[Turn]) -> tuple[float, float] | None:
    timed = [t for t in spoken if t.start_s is not None and t.end_s is not None]
    if not spoken or len(timed) < TIMED_TURNS_NEEDED * len(spoken):
        return None
    seconds = {"student": 0.0, "tutor": 0.0}
    for turn in timed:
        if turn.start_s is not None and turn.end_s is not None:
            seconds[turn.speaker] += turn.end_s - turn.start_s
    if seconds["student"] + seconds["tutor"] <= 0:
        return None
    return _shares(seconds["student"], seconds["tutor"])


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


def _mean_latency(spoken: Sequence[Turn]) -> float | None:
    gaps: list[float] = []
    for previous, turn in itertools.pairwise(spoken):
        if turn.speaker != "student" or previous.speaker != "tutor":
            continue
        if turn.start_s is None or previous.end_s is None:
            continue
        gaps.append(max(0.0, turn.start_s - previous.end_s))
    if not gaps:
        return None
    return round(sum(gaps) / len(gaps), 3)


def _longest_monologue(spoken: Sequence[Turn], words: Sequence[int], side: str) -> int:
    """The most words in a run of ``side``'s turns; ``words[i]`` is ``spoken[i]``'s count."""
    longest = run = 0
    for turn, count in zip(spoken, words, strict=True):
        run = run + count if turn.speaker == side else 0
        longest = max(longest, run)
    return longest
