"""Finding a session's topics in what was said."""

from __future__ import annotations

import pytest

from afterclass.analysis.curriculum import Curriculum

# One sentence a tutor or student might say, and the concept it should find first.
SENTENCES = {
    "counting.count_to_100": "Let's count to 100 together. What number comes after 39?",
    "counting.skip_counting": "Can you skip count by fives? 5, 10, 15, 20, 25.",
    "counting.odd_even": "Is 7 an odd number or an even number?",
    "place_value.tens_and_ones": "How many tens and ones are in 47? The 4 is in the tens place.",
    "place_value.rounding": "Round 346 to the nearest ten. Rounding means finding the closest ten.",
    "place_value.expanded_form": "Write 345 in expanded form: 345 = 300 + 40 + 5.",
    "addsub.make_ten": "What do we add to 7 to make ten? Use the ten frame.",
    "addsub.regrouping": "When we add 38 + 47 we have to regroup and carry the one.",
    "multiplication.facts": "Let's practice the times tables. What is 7 x 8? And 6 times 9?",
    "multiplication.multi_digit": "Multiply 23 x 45 using partial products.",
    "division.long_division": "In long division, divide 852 ÷ 4, then bring down the next digit.",
    "division.remainders": "17 divided by 5 leaves a remainder. The remainder of 2 is left.",
    "fractions.meaning": "What is a fraction? It is part of a whole; the top number counts parts.",
    "fractions.equivalent": "Are 1/2 and 2/4 equivalent fractions? Yes, 1/2 = 2/4.",
    "fractions.addition_like_denominators": "Add 2/7 + 3/7: same denominator, add the numerators.",
    "fractions.addition_unlike_denominators": "To add 1/2 + 1/3 we need a common denominator.",
    "fractions.mixed_numbers": "Turn the improper fraction 7/4 into a mixed number: 1 3/4.",
    "fractions.multiply": "Multiplying fractions like 2/3 x 4/5: multiply the numerators.",
    "fractions.divide": "For dividing fractions, use keep, change, flip: 1/2 ÷ 1/4.",
    "fractions.compare": "Which fraction is bigger, 3/4 or 2/3? Let's compare fractions.",
    "decimals.add_subtract": "Line up the decimal points: 3.45 + 2.3 = 5.75",
    "decimals.multiply": "Multiply 0.4 x 0.2 and count the decimal places.",
    "percents.percent_of_number": "What is 25% of 80? Finding a percent of a number.",
    "percents.discount_tax_tip": "The shirt is 20% off. What is the sale price after the discount?",
    "ratios.unit_rate": "If 3 apples cost $1.50, what is the unit price? That's the unit rate.",
    "ratios.proportions": "Solve the proportion 3/4 = x/12 by cross multiplying.",
    "integers.add_subtract": "What is -3 + 5? When adding integers, think about the number line.",
    "integers.multiply_divide": "A negative times a negative is positive, so -4 x -3 = 12.",
    "expressions.order_of_operations": "Use the order of operations, PEMDAS: 3 + 4 x 2 = 11.",
    "expressions.distributive": "Use the distributive property: 3(x + 4) = 3x + 12.",
    "expressions.like_terms": "Combine like terms: 4x + 3x = 7x.",
    "exponents.powers": "What is 2^5? The exponent says how many times to use the base.",
    "exponents.scientific_notation": "Write 45,000 in scientific notation: 4.5 x 10^4.",
    "equations.one_step": "Solve for x: x + 5 = 12. Use the inverse operation.",
    "equations.two_step": "Solve the two-step equation 2x + 3 = 11.",
    "equations.systems": "Solve the system of equations y = 2x + 1 and y = -x + 4 by substitution.",
    "inequalities.solving": "Solve the inequality 3x + 2 > 11; flip the sign if you divide by -3.",
    "functions.slope": "Find the slope using rise over run between (1, 2) and (3, 6).",
    "functions.slope_intercept": "In y = 2x + 3, what is the slope and what is the y-intercept?",
    "geometry.pythagorean_theorem": "Use the Pythagorean theorem: a^2 + b^2 = c^2.",
    "geometry.angle_relationships": "Complementary angles add up to 90, so the other is 55°.",
    "geometry.transformations": "Reflect the triangle across the x-axis. A reflection flips it.",
    "geometry.coordinate_plane": "Plot the point (3, 4) on the coordinate plane.",
    "area_volume.perimeter": "The perimeter is the distance around the shape: add all the sides.",
    "area_volume.area_rectangles": "Area of a rectangle: length times width, in square units.",
    "area_volume.area_triangles": "The area of a triangle is 1/2 b h, half of base times height.",
    "area_volume.circles": "The circumference of a circle with radius 3 is 2 times pi times 3.",
    "area_volume.volume_prisms": "The volume is length times width times height, in cubic units.",
    "measurement.time": "The minute hand points to 12 and the hour hand to 3: it's 3 o'clock.",
    "measurement.money": "You have 3 quarters and 2 dimes. How many cents is that? $0.95.",
    "measurement.unit_conversion": "How many inches in a foot? Let's convert units.",
    "data.measures_of_center": "Find the mean and the median of 4, 8, 6, 10.",
    "data.graphs": "Look at the bar graph. How many students chose pizza?",
    "probability.simple_events": "Flip a coin: the probability of heads? Two possible outcomes.",
    "probability.compound": "Draw a tree diagram for flipping two coins: compound events.",
}


@pytest.mark.parametrize(("expected", "sentence"), list(SENTENCES.items()))
def test_a_sentence_finds_its_concept_first(
    curriculum: Curriculum, expected: str, sentence: str
) -> None:
    found = curriculum.match_text(sentence)

    assert found, f"nothing found in {sentence!r}"
    assert found[0][0].id == expected, [(c.id, hits) for c, hits in found[:3]]


@pytest.mark.parametrize(
    "small_talk",
    [
        "Hi! How was your weekend? I played soccer with my friends and we had pizza.",
        "Good morning, how are you today? I'm a little tired, I stayed up late reading.",
        "My dog is sick, and we went to the vet. Can we start now? Sure, let's get going.",
        "Okay, great job today! See you next week. Bye!",
        "I had practice at 4:30 and then dinner. My brother is 6 feet tall.",
        "We talked about areas of concern at school and the areas to improve.",
    ],
)
def test_small_talk_matches_nothing(curriculum: Curriculum, small_talk: str) -> None:
    assert curriculum.match_text(small_talk) == []


def test_one_generic_word_is_not_enough_but_two_are(curriculum: Curriculum) -> None:
    assert curriculum.match_text("What is the area?") == []

    found = curriculum.match_text("What is the area? Area is the space inside.")

    assert [(c.id, hits) for c, hits in found] == [("area_volume.area_rectangles", 2)]


def test_the_longest_phrase_wins(curriculum: Curriculum) -> None:
    found = dict((c.id, hits) for c, hits in curriculum.match_text("The area of a triangle."))

    assert found == {"area_volume.area_triangles": 1}


def test_case_hyphens_and_commas_do_not_matter(curriculum: Curriculum) -> None:
    assert curriculum.match_text("TWO-STEP EQUATIONS")[0][0].id == "equations.two_step"
    assert curriculum.match_text("Keep, Change, Flip!")[0][0].id == "fractions.divide"
    assert curriculum.match_text("the Pythagorean  Theorem")[0][0].id == (
        "geometry.pythagorean_theorem"
    )


def test_patterns_tell_like_from_unlike_denominators(curriculum: Curriculum) -> None:
    like = curriculum.match_text("What is 3/8 + 2/8?")
    unlike = curriculum.match_text("What is 3/8 + 1/4?")

    assert [c.id for c, _ in like] == ["fractions.addition_like_denominators"]
    assert [c.id for c, _ in unlike] == ["fractions.addition_unlike_denominators"]


def test_spanish_keywords_are_found(curriculum: Curriculum) -> None:
    found = curriculum.match_text("Necesitamos un denominador común para sumar estas fracciones.")

    assert found[0][0].id == "fractions.addition_unlike_denominators"


def test_match_turns_reports_turn_numbers_and_hits(curriculum: Curriculum) -> None:
    turns = [
        "Hi! Ready to work on fractions?",
        "Yes. Is it 1/2 + 1/3?",
        "Right, and what common denominator do we use?",
        "I had pizza for lunch.",
        "Six is the least common denominator.",
    ]

    found = curriculum.match_turns(turns)

    first = found[0]
    assert first.concept.id == "fractions.addition_unlike_denominators"
    assert first.turns == (2, 3, 5)
    assert first.hits == 3


def test_two_generic_hits_may_come_from_different_turns(curriculum: Curriculum) -> None:
    turns = ["What is the slope here?", "Okay.", "So the slope is 2."]

    found = curriculum.match_turns(turns)

    assert [(m.concept.id, m.turns, m.hits) for m in found] == [("functions.slope", (1, 3), 2)]


def test_results_are_sorted_by_hits(curriculum: Curriculum) -> None:
    turns = [
        "Let's find the perimeter. The perimeter is the distance around.",
        "And the area of a rectangle is length times width.",
    ]

    found = curriculum.match_turns(turns)

    assert [m.concept.id for m in found] == ["area_volume.perimeter", "area_volume.area_rectangles"]
    assert [m.hits for m in found] == [3, 2]


def test_a_session_without_topics_matches_nothing(curriculum: Curriculum) -> None:
    assert curriculum.match_turns([]) == []
    assert curriculum.match_turns(["", "hello", "bye"]) == []


def test_patterns_are_tried_only_where_there_is_notation() -> None:
    text = """\
version: "1"
concepts:
  - id: percents.spoken
    name: Percent said aloud
    grade: 6
    domain: percents
    patterns: ['per\\s+cent']
"""
    own = Curriculum.from_yaml(text)

    assert own.match_text("ten per cent of them") == []
    assert [c.id for c, _ in own.match_text("10 per cent of them")] == ["percents.spoken"]
    assert [m.turns for m in own.match_turns(["per cent", "so 5 per cent", "per cent"])] == [(2,)]


def test_notation_at_the_end_of_a_sentence_still_signals_its_concept() -> None:
    from afterclass.analysis.curriculum import Curriculum

    curriculum = Curriculum.load()
    for text, concept in [
        ("Next, solve 3x - 5 = 10.", "equations.two_step"),
        ("Solve 2x + 3 = 11.", "equations.two_step"),
        ("What is 1/2 + 1/4.", "fractions.addition_unlike_denominators"),
    ]:
        assert concept in [c.id for c, _ in curriculum.match_text(text)], text


def test_patterns_that_start_alike_each_count_their_own_matches() -> None:
    # Patterns opening with the same class are found together; each still counts every one of
    # its own matches, also where another pattern's match overlaps it.
    text = r"""
version: "1"
concepts:
  - id: signs.any
    name: Any sign
    grade: 3
    domain: signs
    patterns: ['[+\-]\s*\d+', '[+\-]\s*\d+\s*=', '[+\-]+\d']
  - id: signs.tight
    name: Sign next to its number
    grade: 3
    domain: signs
    patterns: ['[+\-]\d']
"""
    own = Curriculum.from_yaml(text)

    hits = {concept.id: count for concept, count in own.match_text("2+3 = 5 and 7 -1, 4++2")}
    assert hits == {"signs.any": 7, "signs.tight": 3}
