"""Engagement figures computed from the turns: the numbers a parent or teacher would read."""

from __future__ import annotations

import math

import pytest

from afterclass.analysis.engagement import (
    compute_engagement,
    count_questions,
    engagement_level,
    engagement_score,
)
from afterclass.errors import InputError
from afterclass.models import Turn


def turn(speaker: str, text: str, start: float | None = None, end: float | None = None) -> Turn:
    return Turn.model_validate({"speaker": speaker, "text": text, "start_s": start, "end_s": end})


#: A short timed exchange. Words: tutor 5 + 4 + 7 = 16, student 1 + 12 + 5 = 18.
DIALOGUE = [
    turn("system", "The session has started and is being recorded", 0, 0),
    turn("tutor", "What is three plus four?", 0, 4),
    turn("student", "Seven", 6, 7),
    turn("tutor", "Great. Why is that?", 8, 10),
    turn("student", "Because three and four make seven. Can you give a harder one?", 9, 15),
    turn("student", "How do I add fractions", 16, 18),
    turn("tutor", "Let us start with halves and quarters", 19, 25),
]


def test_counts_words_and_turns_per_side_ignoring_system_turns() -> None:
    figures = compute_engagement(DIALOGUE)

    assert (figures.student_turns, figures.tutor_turns) == (3, 3)
    assert (figures.student_words, figures.tutor_words) == (18, 16)
    assert figures.student_talk_share_words == pytest.approx(18 / 34, abs=1e-4)
    assert figures.tutor_talk_share_words == pytest.approx(16 / 34, abs=1e-4)


def test_talk_share_by_time_uses_the_timed_turns() -> None:
    figures = compute_engagement(DIALOGUE)

    # student 1 + 6 + 2 = 9 s, tutor 4 + 2 + 6 = 12 s
    assert figures.student_talk_share_time == pytest.approx(9 / 21, abs=1e-4)
    assert figures.tutor_talk_share_time == pytest.approx(12 / 21, abs=1e-4)


def test_talk_share_by_time_is_left_out_when_few_turns_are_timed() -> None:
    mostly_untimed = [turn(t.speaker, t.text) for t in DIALOGUE[1:5]] + DIALOGUE[5:]

    figures = compute_engagement(mostly_untimed)

    assert figures.student_talk_share_time is None
    assert figures.tutor_talk_share_time is None
    assert figures.student_talk_share_words > 0


def test_questions_responses_latency_and_monologues() -> None:
    figures = compute_engagement(DIALOGUE)

    assert figures.student_questions == 2  # "Can you give...?" and "How do I add fractions"
    assert figures.mean_student_response_words == 6.0
    assert figures.longest_student_response_words == 12
    # 6 - 4 = 2 s; 9 - 10 is an overlap, counted as 0; the third student turn follows a student.
    assert figures.mean_response_latency_s == 1.0
    assert figures.longest_student_monologue_words == 17
    assert figures.longest_tutor_monologue_words == 7


def test_duration_comes_from_the_timings_unless_given() -> None:
    assert compute_engagement(DIALOGUE).duration_s == 25.0
    assert compute_engagement(DIALOGUE, duration_s=1800).duration_s == 1800.0
    assert compute_engagement([turn("tutor", "Hello"), turn("student", "Hi")]).duration_s is None


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_a_bad_duration_is_refused_with_advice(bad: float) -> None:
    with pytest.raises(InputError, match="duration_s must be a finite number"):
        compute_engagement(DIALOGUE, duration_s=bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why? Is it 5?", 2),
        ("I don't get why we flip it.", 0),
        ("When I add them I get 7.", 0),
        ("so um how many are left", 1),
        ("What is 3 times 4. Can you show me again", 2),
        ("¿Cómo se hace? ¿Y por qué?", 2),
        ("cómo lo hago", 1),
        ("Is it twelve", 1),
        ("It is twelve.", 0),
        ("ok wait what's a denominator", 1),
        ("I know what is happening here.", 0),
        ("Really?!", 1),
        ("İS IT twelve", 1),  # letters that only match ignoring case (dotted and dotless i, long s)
        ("ıs ıt twelve", 1),
        ("ſo why", 1),
        ("why?\u2028is it twelve", 2),  # a line separator is a space after "?"
        ("CÓMO lo hago", 1),
    ],
)
def test_counts_questions_not_turns(text: str, expected: int) -> None:
    assert count_questions(text) == expected


def test_a_lively_session_is_high_and_a_quiet_one_is_low() -> None:
    lively = [
        turn("tutor", "Here is a problem: two thirds plus one sixth. What do you try first?"),
        turn(
            "student", "I think I need the same bottom number so I change two thirds to four sixths"
        ),
        turn("tutor", "Nice. Then what?"),
        turn(
            "student",
            "Then four sixths plus one sixth is five sixths. Why can't I add the bottoms?",
        ),
        turn(
            "tutor", "Good question: the bottom says the size of the pieces, which stays the same."
        ),
        turn("student", "Oh so the pieces are still sixths. Can I try a harder one with eighths?"),
    ]
    quiet = [
        turn("tutor", " ".join(["Now listen carefully while I explain how fractions work."] * 6)),
        turn("student", "ok"),
        turn("tutor", " ".join(["The denominator is the bottom number of the fraction."] * 6)),
        turn("student", "yes"),
    ]

    assert engagement_level(compute_engagement(lively, duration_s=120)) == "high"
    assert engagement_level(compute_engagement(quiet, duration_s=120)) == "low"


def test_no_student_turns_scores_zero() -> None:
    figures = compute_engagement([turn("tutor", "Are you there?"), turn("system", "call ended")])

    assert figures.engagement_score == 0.0
    assert figures.student_questions == 0
    assert figures.mean_student_response_words == 0.0
    assert figures.mean_response_latency_s is None
    assert engagement_level(figures) == "low"


def test_an_empty_conversation_gives_zero_figures() -> None:
    figures = compute_engagement([])

    assert figures.student_talk_share_words == 0.0
    assert figures.tutor_talk_share_words == 0.0
    assert figures.duration_s is None


@pytest.mark.parametrize(
    ("share", "questions", "minutes", "mean_words", "expected"),
    [
        (0.40, 3, 10.0, 10.0, 1.0),  # ideal talk share, 3 questions per 10 min, full sentences
        (0.15, 0, 10.0, 3.0, 0.325),  # half the talk credit, no questions, short answers
        (1.00, 0, 10.0, 0.0, 0.2),  # a student talking alone keeps 0.4 of the talk credit
        (0.30, 1, 20.0, 5.0, 0.667),  # 0.5 per 10 min -> 1/6 curiosity credit
        (0.60, 0, 10.0, 20.0, 0.69),  # above 50% the talk credit falls: 1 - 1.2 * 0.1
    ],
)
def test_score_curve(
    share: float, questions: int, minutes: float, mean_words: float, expected: float
) -> None:
    score = engagement_score(
        student_share=share,
        questions=questions,
        minutes=minutes,
        mean_response_words=mean_words,
        student_turns=4,
    )
    assert score == pytest.approx(expected, abs=0.001)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.65, "high"), (0.649, "medium"), (0.40, "medium"), (0.399, "low"), (1.0, "high")],
)
def test_level_thresholds(score: float, level: str) -> None:
    figures = compute_engagement(DIALOGUE).model_copy(update={"engagement_score": score})

    assert engagement_level(figures) == level


def test_minutes_are_estimated_from_words_without_a_duration() -> None:
    # 1,500 words at 150 words a minute = 10 minutes; one question -> a third of the credit.
    talk = [
        turn("tutor", " ".join(["word"] * 1000)),
        turn("student", " ".join(["word"] * 499) + " why?"),
    ]

    figures = compute_engagement(talk)

    assert figures.duration_s is None
    assert figures.student_questions == 1
    assert figures.engagement_score == pytest.approx(0.5 + 0.25 / 3 + 0.25, abs=0.001)


def test_system_turns_neither_break_a_monologue_nor_a_response() -> None:
    talk = [
        turn("tutor", "Ready for fractions?", 0, 3),
        turn("system", "The recording resumed", 3, 3),
        turn("student", "yes I am ready", 5, 7),
        turn("student", "so what is a fraction", 7, 9),
        turn("system", "note"),
        turn("student", "is it part of a whole?", 10, 12),
        turn("tutor", "Yes it is.", 13, 14),
    ]

    figures = compute_engagement(talk)

    assert figures.mean_response_latency_s == 2.0  # 5 - 3, across the system turn
    assert figures.longest_student_monologue_words == 4 + 5 + 6
    assert figures.longest_tutor_monologue_words == 3
    assert figures.student_questions == 2
    assert figures.student_talk_share_time == pytest.approx(6 / 10, abs=1e-4)
