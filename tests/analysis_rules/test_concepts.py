"""Concept levels from attempts, and concepts reported as unassessed rather than guessed."""

from __future__ import annotations

import pytest

from afterclass.analysis.rules.concepts import (
    Tally,
    evidence,
    mastery_confidence,
    mastery_level,
)

UNLIKE = "fractions.addition_unlike_denominators"


def tally(correct: int, helped: int = 0, incorrect: int = 0) -> Tally:
    return Tally("c.x", correct, helped, incorrect, (1,))


@pytest.mark.parametrize(
    ("correct", "helped", "incorrect", "level"),
    [
        (3, 0, 0, "mastered"),
        (9, 0, 1, "mastered"),
        (3, 1, 0, "proficient"),
        (2, 0, 0, "proficient"),
        (3, 0, 1, "proficient"),
        (1, 0, 0, "developing"),
        (3, 1, 2, "developing"),
        (1, 1, 1, "developing"),
        (0, 2, 0, "emerging"),
        (1, 0, 2, "emerging"),
        (0, 1, 1, "emerging"),
        (0, 0, 3, "emerging"),
        (0, 0, 0, "not_started"),
    ],
)
def test_mastery_table(correct, helped, incorrect, level):
    assert mastery_level(tally(correct, helped, incorrect)) == level


def test_confidence_grows_with_attempts_and_one_attempt_is_low():
    figures = [mastery_confidence(n) for n in (1, 2, 3, 6, 10, 50)]
    assert figures == [0.33, 0.5, 0.6, 0.75, 0.83, 0.95]


def test_evidence_in_plain_words():
    assert evidence(tally(3, 1, 2)) == (
        "Solved 3 of 6 attempts on their own; 1 needed the answer given; "
        "2 did not reach the answer."
    )
    assert evidence(tally(1)) == "Solved 1 of 1 attempt on their own."


def test_fraction_session_levels_its_concept_from_all_six_tries(analyze, fractions):
    progress = analyze(fractions).progress
    assert [(c.concept, c.level, c.confidence) for c in progress.concept_mastery] == [
        (UNLIKE, "developing", 0.75)
    ]
    assessment = progress.concept_mastery[0]
    assert assessment.evidence.startswith("Solved 3 of 6 attempts on their own")
    assert assessment.turns == list(range(3, 26))
    assert {a.concept for a in progress.attempts} == {UNLIKE}


def test_concept_talked_about_without_attempts_is_unassessed_with_a_reason(analyze, fractions):
    progress = analyze(fractions).progress
    unassessed = {u.concept: u for u in progress.unassessed_concepts}
    assert set(unassessed) == {"fractions.addition_like_denominators"}
    like = unassessed["fractions.addition_like_denominators"]
    assert like.turns == [25]
    assert like.reason == "Talked about in turn 25, but the student worked no problem on it."
    assert "fractions.addition_like_denominators" not in {
        c.concept for c in progress.concept_mastery
    }


def test_listed_topic_without_problems_is_unassessed_not_guessed(analyze):
    lines = [
        ("tutor", "What is 6 x 7?"),
        ("student", "42"),
        ("tutor", "Correct!"),
    ]
    progress = analyze(lines, topics=["decimal point"]).progress
    assert [(c.concept, c.level) for c in progress.concept_mastery] == [
        ("multiplication.facts", "developing")
    ]
    assert [(u.concept, u.reason, u.turns) for u in progress.unassessed_concepts] == [
        (
            "decimals.place_value",
            "Listed in the session's topics, but the transcript shows no problem on it.",
            [],
        )
    ]


def test_each_problem_takes_the_concept_of_its_own_question(analyze, spanish):
    attempts = analyze(spanish).progress.attempts
    assert [a.concept for a in attempts] == [
        UNLIKE,
        UNLIKE,
        "multiplication.facts",
        "algebra.two_step_equations",
    ]


def test_a_problem_whose_turns_signal_no_concept_moves_no_concept(analyze):
    lines = [
        ("tutor", "Today: equations. An equation is balanced like a scale. Ready for an equation?"),
        ("student", "Yes."),
        ("tutor", "If a number plus 3 makes 10, what is the number?"),
        ("student", "7"),
        ("tutor", "Yes!"),
    ]
    progress = analyze(lines).progress
    assert [(a.concept, a.outcome) for a in progress.attempts] == [(None, "correct")]
    assert progress.concept_mastery == []


def test_next_topics_follow_the_curriculum_and_skip_what_is_mastered(analyze, fractions):
    from datetime import UTC, datetime

    from afterclass.models import ConceptProgress, StudentState

    assert analyze(fractions).progress.next_recommended_topics == ["fractions.multiplication"]
    now = datetime(2025, 3, 1, tzinfo=UTC)
    mastered = ConceptProgress(
        concept="fractions.multiplication",
        level="mastered",
        confidence=0.9,
        evidence="Solved 5 of 5",
        first_introduced=now,
        last_assessed=now,
        session_count=3,
        p_mastery=0.97,
    )
    state = StudentState(mastery={"fractions.multiplication": mastered})
    topics = analyze(fractions, state=state).progress.next_recommended_topics
    assert "fractions.multiplication" not in topics
    assert topics == ["fractions.division"]
