"""Attempts found in dialogues: outcome, turns and try number of each problem the student worked."""

from __future__ import annotations

from fractions import Fraction

import pytest

from afterclass.analysis.rules.attempts import find_attempts
from afterclass.models import Turn

UNLIKE = "fractions.addition_unlike_denominators"


def turns(lines: object) -> list[Turn]:
    return [Turn(speaker=speaker, text=text) for speaker, text in lines]  # type: ignore[attr-defined]


def summary(lines: object) -> list[tuple[str, tuple[int, ...], int]]:
    return [(a.outcome, a.turns, a.try_number) for a in find_attempts(turns(lines))]


def test_fraction_session_gives_each_try_with_outcome_turns_and_try_number(fractions):
    assert summary(fractions) == [
        ("correct", (3, 4, 5), 1),
        ("correct", (5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 1),
        ("correct_with_help", (15, 16, 17, 18, 19), 1),
        ("incorrect", (19, 20, 21), 1),
        ("correct", (21, 22, 23), 2),
        ("incorrect", (23, 24, 25), 1),
    ]


def test_problems_are_named_by_the_tutor_question_and_know_their_answer(fractions):
    found = find_attempts(turns(fractions))
    assert [a.problem for a in found] == [
        "What is 1/2 + 1/4?",
        "What is 3/4 + 1/6?",
        "What is 1/3 + 1/5?",
        "What is 2/3 + 1/6?",
        "What is 2/3 + 1/6?",
        "What is 3/5 + 1/4?",
    ]
    assert [a.expected for a in found] == [
        Fraction(3, 4),
        Fraction(11, 12),
        Fraction(8, 15),
        Fraction(5, 6),
        Fraction(5, 6),
        Fraction(17, 20),
    ]
    assert found[3].answers == ((Fraction(1, 3), "3/9"),)
    assert found[3].problem_number == found[4].problem_number == 4


def test_spanish_dialogue(spanish):
    assert summary(spanish) == [
        ("incorrect", (1, 2, 3), 1),
        ("correct", (3, 4, 5), 2),
        ("correct", (5, 6, 7), 1),
        ("correct", (7, 8, 9, 10, 11), 1),
    ]
    assert [a.expected for a in find_attempts(turns(spanish))][2:] == [12, 4]


def test_answer_the_tutor_states_then_student_repeats_is_correct_with_help():
    lines = [
        ("tutor", "What is 2/5 + 1/10?"),
        ("student", "I don't know."),
        ("tutor", "The answer is 5/10, which is 1/2. Can you say it back to me?"),
        ("student", "1/2"),
        ("tutor", "Yes!"),
    ]
    assert summary(lines) == [("correct_with_help", (1, 2, 3, 4, 5), 1)]


def test_decisive_step_given_away_makes_correct_with_help():
    lines = [
        ("tutor", "What is 1/4 + 1/3?"),
        ("student", "Hmm, I don't know how to start."),
        ("tutor", "So you multiply 3 by 4 to get 12, then change both fractions into twelfths."),
        ("student", "So it's 7/12?"),
        ("tutor", "That's right."),
    ]
    assert summary(lines) == [("correct_with_help", (1, 2, 3, 4, 5), 1)]


def test_hint_as_a_question_keeps_the_answer_the_students_own():
    lines = [
        ("tutor", "What is 1/4 + 1/3?"),
        ("student", "Hmm, I don't know how to start."),
        ("tutor", "What number can both 3 and 4 go into?"),
        ("student", "12"),
        ("tutor", "Good, so what's the answer?"),
        ("student", "7/12"),
        ("tutor", "Exactly."),
    ]
    assert summary(lines) == [("correct", (1, 2, 3, 4, 5, 6, 7), 1)]


def test_wrong_answer_to_a_hint_does_not_end_the_try():
    lines = [
        ("tutor", "What is 1/4 + 1/3?"),
        ("student", "I'm not sure."),
        ("tutor", "What is 3 times 4?"),
        ("student", "7?"),
        ("tutor", "Not quite, think of 3 groups of 4."),
        ("student", "12"),
        ("tutor", "Yes. So what's the sum?"),
        ("student", "7/12"),
        ("tutor", "Correct!"),
    ]
    assert summary(lines) == [("correct", tuple(range(1, 10)), 1)]


def test_word_problem_without_an_expression_learns_the_answer_from_praise():
    lines = [
        ("tutor", "Maya has 3 bags with 4 apples in each bag. How many apples does she have?"),
        ("student", "7"),
        ("tutor", "Not quite. Each bag has 4 apples, and there are 3 bags. Try again."),
        ("student", "12 apples"),
        ("tutor", "Yes, great job!"),
    ]
    found = find_attempts(turns(lines))
    assert [(a.outcome, a.turns, a.try_number) for a in found] == [
        ("incorrect", (1, 2, 3), 1),
        ("correct", (3, 4, 5), 2),
    ]
    assert found[1].expected == 12


def test_spoken_numbers_and_equations():
    lines = [
        ("tutor", "What is seven times eight?"),
        ("student", "fifty six"),
        ("tutor", "Right! Now solve 3x - 5 = 10."),
        ("student", "x equals 5"),
        ("tutor", "Well done."),
        ("tutor", "What is negative 3 plus 5?"),
        ("student", "two"),
        ("tutor", "Yes!"),
    ]
    assert summary(lines) == [
        ("correct", (1, 2, 3), 1),
        ("correct", (3, 4, 5), 1),
        ("correct", (6, 7, 8), 1),
    ]


def test_a_problem_the_student_never_worked_on_is_not_an_attempt():
    lines = [
        ("tutor", "What is 5 + 7?"),
        ("student", "ok"),
        ("tutor", "Actually, let's move on. What is 6 + 2?"),
        ("student", "8"),
        ("tutor", "Yes."),
    ]
    assert summary(lines) == [("correct", (3, 4, 5), 1)]


def test_talk_about_numbers_without_a_question_poses_nothing():
    lines = [
        ("tutor", "Two fractions with different denominators have different sized pieces, right?"),
        ("student", "Yeah, I think so."),
        ("tutor", "Remember, we did 3 problems like this last week."),
        ("student", "I remember."),
    ]
    assert find_attempts(turns(lines)) == []


def test_student_who_stops_after_a_wrong_answer_ends_incorrect():
    lines = [
        ("tutor", "What is 9 - 4?"),
        ("student", "13"),
        ("tutor", "Hmm, did you add instead? We'll come back to it."),
        ("student", "Can we stop now?"),
    ]
    assert summary(lines) == [("incorrect", (1, 2, 3), 1)]


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        ("7/12", "correct"),
        ("seven twelfths", "correct"),
        ("14/24", "correct"),
        ("2/7", "incorrect"),
    ],
)
def test_answers_are_compared_by_value(answer, outcome):
    lines = [("tutor", "What is 1/4 + 1/3?"), ("student", answer), ("tutor", "Let's see.")]
    assert summary(lines) == [(outcome, (1, 2, 3), 1)]


def test_simplifying_counts_an_equal_value_written_differently():
    lines = [
        ("tutor", "That's right! Can you simplify 3/6?"),
        ("student", "3/6... so 1/2"),
        ("tutor", "Perfect, 1/2 is correct."),
        ("tutor", "Now a harder one: solve 5x + 4 = 2x + 19."),
        ("student", "Ugh, I don't get it when there are x on both sides."),
        ("tutor", "That's okay. First subtract 2x from both sides. What do you get?"),
        ("student", "3x + 4 = 19"),
        ("tutor", "Good. Now finish it."),
        ("student", "3x = 15 so x = 5"),
        ("tutor", "Correct! x = 5."),
    ]
    found = find_attempts(turns(lines))
    assert [(a.outcome, a.turns, a.problem) for a in found] == [
        ("correct", (1, 2, 3), "Can you simplify 3/6?"),
        ("correct", tuple(range(4, 11)), "Solve 5x + 4 = 2x + 19."),
    ]
    assert found[1].expected == 5


def test_voice_style_dialogue_with_spoken_fractions():
    lines = [
        ("tutor", "Let's try one: what is three quarters plus one half?"),
        ("student", "Is it four sixths? I added the tops and the bottoms."),
        (
            "tutor",
            "Good try. Adding numerators and denominators is a common mix-up. What common "
            "denominator could quarters and halves share?",
        ),
        ("student", "Four? So one half is two quarters."),
        ("tutor", "Exactly. So what is three quarters plus two quarters?"),
        ("student", "Five quarters, which is one and one quarter."),
        ("tutor", "That's correct! You found the common denominator yourself."),
    ]
    found = find_attempts(turns(lines))
    assert [(a.outcome, a.turns, a.try_number) for a in found] == [
        ("incorrect", (1, 2, 3), 1),
        ("correct", (3, 4, 5, 6, 7), 2),
    ]
    assert found[0].problem == "What is three quarters plus one half?"
    assert found[0].answers == ((Fraction(2, 3), "4/6"),)


def test_a_decimal_over_a_whole_number_is_read_not_a_crash():
    """A decimal over a whole number is one number (1/2); it used to raise a ValueError."""
    lines = [
        ("tutor", "What is 1.5/3 as a fraction?"),
        ("student", "1/2"),
        ("tutor", "Correct!"),
    ]
    found = find_attempts(turns(lines))
    assert [(a.outcome, a.turns, a.expected) for a in found] == [
        ("correct", (1, 2, 3), Fraction(1, 2))
    ]


@pytest.mark.parametrize(
    ("move_on", "expected"),
    [
        (
            "Let's move\non. What is 2 + 3?",
            [("incorrect", (1, 2)), ("correct", (3, 4, 5))],
        ),
        ("Let's move. On: what is 2 + 3?", [("incorrect", (1, 2, 3, 4, 5))]),
    ],
)
def test_a_phrase_runs_across_a_line_break_never_across_a_sentence_end(move_on, expected):
    lines = [
        ("tutor", "What is 1/2 + 1/4?"),
        ("student", "2/6"),
        ("tutor", move_on),
        ("student", "5"),
        ("tutor", "Yes!"),
    ]
    assert [(a.outcome, a.turns) for a in find_attempts(turns(lines))] == expected
