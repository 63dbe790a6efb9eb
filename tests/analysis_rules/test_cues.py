"""Profile cues: what the student's own words and timing show, with the turns that show it."""

from __future__ import annotations

from afterclass.analysis.rules.cues import assess_profile
from afterclass.models import Turn


def turns(lines: object, times: object = None) -> list[Turn]:
    return [
        Turn(
            speaker=speaker,
            text=text,
            start_s=times[i][0] if times else None,  # type: ignore[index]
            end_s=times[i][1] if times else None,  # type: ignore[index]
        )
        for i, (speaker, text) in enumerate(lines)  # type: ignore[arg-type]
    ]


def cues(profile: object) -> dict[str, list[int]]:
    return {o.cue: o.turns for o in profile.behavioral_observations}  # type: ignore[attr-defined]


def test_fraction_session_cues_and_their_turns(analyze, fractions):
    profile = analyze(fractions).profile
    assert cues(profile) == {
        "visual": [16],
        "frustration": [16, 24],
        "confidence": [22],
        "curiosity": [14],
    }
    by_cue = {o.cue: o for o in profile.behavioral_observations}
    assert by_cue["frustration"].confidence == 0.7
    assert by_cue["visual"].confidence == 0.55
    assert by_cue["frustration"].text == (
        "Showed frustration, saying the work was hard or confusing 2 times."
    )
    style = profile.learning_style_updates
    assert (style.visual_preference, style.auditory_preference) == (0.65, None)
    assert style.kinesthetic_preference is None
    assert profile.recommended_updates.preferred_explanation_style is None
    assert profile.recommended_updates.attention_span_minutes is None


def test_spanish_cues(analyze, spanish):
    assert cues(analyze(spanish).profile) == {"visual": [8], "frustration": [8]}


def test_each_kind_of_cue_in_english_and_spanish():
    lines = [
        ("student", "Can you say that again?"),
        ("student", "¿Puedes repetirlo? Dilo otra vez, por favor."),
        ("student", "Can I try it with blocks?"),
        ("student", "Déjame intentarlo con mis dedos."),
        ("student", "I'm bored, can we play Minecraft?"),
        ("student", "Estoy aburrido."),
        ("student", "Ugh, I hate fractions."),
        ("student", "No entiendo nada."),
        ("student", "That's easy, let me do the next one!"),
        ("student", "¡Ya entendí! Es fácil."),
        ("student", "What if the bottom numbers are the same?"),
        ("student", "¿Por qué se multiplica?"),
        ("tutor", "I hate it when the bus is late. Why does that happen?"),
    ]
    assert cues(assess_profile(turns(lines))) == {
        "auditory": [1, 2],
        "kinesthetic": [3, 4],
        "attention_drift": [5, 6],
        "frustration": [7, 8],
        "confidence": [9, 10],
        "curiosity": [11, 12],
    }


def test_style_scores_grow_with_the_cues_and_the_clear_favourite_is_preferred():
    lines = [
        ("student", "Can you draw it?"),
        ("student", "Show me a picture please."),
        ("student", "Can we use the number line?"),
        ("student", "Can you say it again?"),
    ]
    profile = assess_profile(turns(lines))
    style = profile.learning_style_updates
    assert (style.visual_preference, style.auditory_preference) == (0.95, 0.65)
    assert style.kinesthetic_preference is None
    assert profile.recommended_updates.preferred_explanation_style == "visual"


def test_no_preferred_style_from_a_tie():
    lines = [
        ("student", "Can you draw it?"),
        ("student", "Show me a picture."),
        ("student", "Can you say it again?"),
        ("student", "Tell me again please."),
    ]
    profile = assess_profile(turns(lines))
    assert profile.recommended_updates.preferred_explanation_style is None


def test_four_very_short_replies_in_a_row_are_drift_but_numbers_are_answers():
    lines = [
        ("tutor", "Ready?"),
        ("student", "ok"),
        ("student", "yeah"),
        ("student", "whatever"),
        ("student", "idk"),
        ("student", "12"),
        ("student", "7"),
        ("student", "5"),
        ("student", "3"),
    ]
    profile = assess_profile(turns(lines))
    [drift] = profile.behavioral_observations
    assert (drift.cue, drift.turns) == ("attention_drift", [2, 3, 4, 5])
    assert drift.text == "Gave 4 or more very short replies in a row once."


def test_long_gaps_and_attention_span_from_timings():
    lines = [
        ("tutor", "What is 3 + 4?"),
        ("student", "7"),
        ("tutor", "Good. What is 8 + 5?"),
        ("student", "13"),
        ("tutor", "And 9 + 9?"),
        ("student", "um... 18"),
    ]
    times = [(0, 5), (6, 7), (400, 410), (412, 414), (700, 705), (740, 745)]
    profile = assess_profile(turns(lines, times))
    assert cues(profile) == {"attention_drift": [6]}
    assert profile.recommended_updates.attention_span_minutes == 12


def test_no_attention_span_without_timings(analyze):
    lines = [("tutor", "What is 3 + 4?"), ("student", "I'm bored. Can we stop?")]
    profile = assess_profile(turns(lines))
    assert cues(profile) == {"attention_drift": [2]}
    assert profile.recommended_updates.attention_span_minutes is None
