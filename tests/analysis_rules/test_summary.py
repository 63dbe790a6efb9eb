"""The parent/teacher summary: its six parts, its length, and that it says only what was shown."""

from __future__ import annotations

import re

from afterclass.analysis.engagement import compute_engagement, engagement_level


def words(summary: object) -> int:
    texts = [summary.executive_summary]  # type: ignore[attr-defined]
    texts += [c.text for c in summary.learning_achievements]  # type: ignore[attr-defined]
    texts += [c.text for c in summary.challenges_addressed]  # type: ignore[attr-defined]
    texts += summary.follow_up_recommendations + summary.parent_teacher_actions  # type: ignore[attr-defined]
    return sum(len(text.split()) for text in texts)


def all_text(summary: object) -> str:
    texts = [summary.executive_summary]  # type: ignore[attr-defined]
    texts += [c.text for c in summary.learning_achievements]  # type: ignore[attr-defined]
    texts += [c.text for c in summary.challenges_addressed]  # type: ignore[attr-defined]
    texts += summary.follow_up_recommendations + summary.parent_teacher_actions  # type: ignore[attr-defined]
    return "\n".join(texts)


def test_rich_session_summary_is_200_to_300_words_with_all_six_parts(analyze, fractions):
    summary = analyze(fractions).summary
    assert 200 <= words(summary) <= 300
    assert summary.learning_achievements
    assert summary.challenges_addressed
    assert summary.follow_up_recommendations
    assert summary.parent_teacher_actions
    assert summary.engagement_level in {"high", "medium", "low"}


def test_executive_summary_states_what_the_attempts_show(analyze, fractions):
    text = analyze(fractions).summary.executive_summary
    assert text.startswith(
        "In this 25-minute session, the student worked on adding fractions with unlike "
        "denominators."
    )
    assert (
        "The student tried 5 problems (6 attempts counting retries): 3 solved on their own, "
        "1 solved after the tutor gave the answer away and 1 not solved yet."
    ) in text
    assert "the level looks developing" in text


def test_challenges_name_the_mistake_and_frustration_with_turns(analyze, fractions):
    challenges = {c.text: c.turns for c in analyze(fractions).summary.challenges_addressed}
    mistake = (
        "The student added the numerators and the denominators 2 times (e.g. 2/3 + 1/6 gave 3/9)."
    )
    assert challenges[mistake] == [19, 20, 21, 23, 24, 25]
    frustration = [
        t for t in challenges if t.startswith("The student found parts of the work hard")
    ]
    assert frustration == [
        "The student found parts of the work hard or confusing and kept going, "
        "solving a later problem."
    ]


def test_recommendations_follow_the_findings(analyze, fractions):
    summary = analyze(fractions).summary
    follow_ups = " ".join(summary.follow_up_recommendations)
    assert "Practice adding fractions with unlike denominators" in follow_ups
    assert "common denominator" in follow_ups
    assert "drawings or diagrams" in follow_ups
    assert "multiplying fractions" in follow_ups
    actions = summary.parent_teacher_actions
    assert 'Ask the student to show you how they solved "What is 1/2 + 1/4?"' in actions


def test_engagement_level_is_the_one_computed_from_the_turns(analyze, fractions, make_session):
    session = make_session(fractions)
    figures = compute_engagement(session.turns, duration_s=25 * 60)
    assert analyze(fractions).summary.engagement_level == engagement_level(figures)


def test_summary_never_names_anyone(analyze, fractions):
    text = all_text(analyze(fractions).summary)
    assert "the student" in text
    capitalised = set(re.findall(r"\b[A-Z][a-z]+\b", text))
    sentence_starts = {"In", "The", "For", "Engagement", "Along", "Adding", "Corrected", "Reasoned"}
    allowed = sentence_starts | {
        "Practice", "Review", "Use", "When", "Ask", "Praise", "Set", "Acknowledge", "Keep",
        "Start", "Let", "Check", "On", "What", "Build", "Welcome", "Offer", "Include", "Worth",
    }  # fmt: skip
    assert capitalised <= allowed


def test_thin_session_gets_a_short_summary_without_filler(analyze):
    lines = [
        ("tutor", "What is 6 x 7?"),
        ("student", "42"),
        ("tutor", "Correct! See you next time."),
    ]
    summary = analyze(lines, minutes=5).summary
    assert words(summary) < 120
    assert summary.executive_summary.startswith(
        "In this 5-minute session, the student worked on multiplication facts. "
        "The student tried 1 problem: 1 solved on their own."
    )
    assert not any("Keep practice sessions short" in t for t in summary.follow_up_recommendations)


def test_session_without_problems_says_nothing_was_assessed(analyze):
    lines = [
        ("tutor", "Today let's talk about the decimal point and the tenths place."),
        ("student", "Okay, sounds good."),
        ("tutor", "Great, we'll start with that next time."),
    ]
    body = analyze(lines, minutes=3)
    summary = body.summary
    assert summary.executive_summary.startswith(
        "In this 3-minute session, the student did not work through a problem, so no skill "
        "could be assessed yet. The tutor and the student talked about decimal place value."
    )
    assert summary.learning_achievements == []
    assert body.progress.concept_mastery == []
    assert "Include a few problems next session so that progress can be assessed." in (
        summary.follow_up_recommendations
    )
