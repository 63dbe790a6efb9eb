"""What to work on next, from the curriculum's teaching order and prerequisites."""

from __future__ import annotations

from afterclass.analysis.curriculum import Curriculum


def test_next_follows_teaching_order_within_the_domain(curriculum: Curriculum) -> None:
    following = curriculum.next_topics(["fractions.equivalent"], mastered=["fractions.meaning"])

    assert following == [
        "fractions.simplify",
        "fractions.compare",
        "fractions.addition_like_denominators",
    ]


def test_never_proposes_a_mastered_or_current_concept(curriculum: Curriculum) -> None:
    mastered = ["fractions.simplify", "fractions.compare"]

    following = curriculum.next_topics(["fractions.equivalent"], mastered=mastered, limit=20)

    assert following
    assert not set(following) & {*mastered, "fractions.equivalent", "fractions.meaning"}
    assert following[0] == "fractions.addition_like_denominators"


def test_a_blocked_follower_proposes_the_missing_prerequisite(curriculum: Curriculum) -> None:
    # Multi-step equations need like terms (grade 7) too: the gap comes first.
    assert curriculum.next_topics(["equations.two_step"]) == ["expressions.like_terms"]

    with_like_terms = curriculum.next_topics(
        ["equations.two_step"], mastered=["expressions.like_terms"]
    )
    assert with_like_terms[0] == "equations.multi_step"


def test_lower_grade_prerequisites_are_taken_as_known(curriculum: Curriculum) -> None:
    # The distance formula also needs the four quadrants (grade 6): a grade 8 student has them.
    assert curriculum.next_topics(["geometry.pythagorean_theorem"]) == [
        "geometry.distance_coordinates"
    ]


def test_worked_concepts_come_before_mastered_ones(curriculum: Curriculum) -> None:
    following = curriculum.next_topics(
        ["counting.count_to_100"], mastered=["geometry.shapes_2d"], limit=4
    )

    assert following[:2] == ["counting.count_objects", "counting.skip_counting"]
    assert following[2] == "geometry.shapes_3d"


def test_limit_and_unknown_ids(curriculum: Curriculum) -> None:
    assert curriculum.next_topics(["fractions.equivalent"], limit=1) == ["fractions.simplify"]
    assert curriculum.next_topics(["fractions.equivalent"], limit=0) == []
    assert curriculum.next_topics(["reading.phonics"]) == []
    assert curriculum.next_topics([]) == []
