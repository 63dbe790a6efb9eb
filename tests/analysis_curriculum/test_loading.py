"""Loading the bundled curriculum, a user's own file, and refusing malformed ones."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from afterclass.analysis.curriculum import Concept, Curriculum
from afterclass.errors import CurriculumError

# The areas the K-8 file must cover, each with one concept that stands for it.
EXPECTED = [
    "counting.count_to_100",
    "place_value.tens_and_ones",
    "addsub.regrouping",
    "multiplication.facts",
    "division.long_division",
    "fractions.meaning",
    "fractions.equivalent",
    "fractions.compare",
    "fractions.addition_like_denominators",
    "fractions.addition_unlike_denominators",
    "fractions.mixed_numbers",
    "fractions.multiply",
    "fractions.divide",
    "decimals.add_subtract",
    "percents.percent_of_number",
    "ratios.unit_rate",
    "ratios.proportions",
    "integers.add_subtract",
    "expressions.order_of_operations",
    "exponents.powers",
    "expressions.variables",
    "equations.one_step",
    "equations.two_step",
    "inequalities.solving",
    "functions.slope_intercept",
    "equations.systems",
    "geometry.shapes_2d",
    "area_volume.perimeter",
    "area_volume.area_rectangles",
    "area_volume.volume_prisms",
    "geometry.angle_measure",
    "geometry.pythagorean_theorem",
    "geometry.transformations",
    "measurement.time",
    "measurement.money",
    "data.measures_of_center",
    "data.graphs",
    "probability.meaning",
    "exponents.scientific_notation",
]


def test_bundled_file_covers_k8_mathematics(curriculum: Curriculum) -> None:
    assert 80 <= len(curriculum) <= 150
    assert curriculum.version == "2025.1"
    missing = [concept_id for concept_id in EXPECTED if concept_id not in curriculum]
    assert missing == []
    assert {concept.grade for concept in curriculum} == set(range(9))


def test_bundled_concepts_are_well_formed(curriculum: Curriculum) -> None:
    concepts = list(curriculum)
    assert [c.order for c in concepts] == list(range(len(concepts)))
    for concept in concepts:
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", concept.id), concept.id
        assert concept.keywords, concept.id
        assert all(p in curriculum for p in concept.prerequisites), concept.id
        assert concept.name[0].isupper(), concept.id


def test_get_returns_the_concept_with_its_standard(curriculum: Curriculum) -> None:
    concept = curriculum.get("fractions.addition_unlike_denominators")

    assert isinstance(concept, Concept)
    assert concept.common_core == "5.NF.A.1"
    assert concept.grade == 5
    assert concept.domain == "fractions"
    assert "common denominator" in concept.keywords
    assert "fractions.equivalent" in concept.prerequisites
    assert curriculum.get("fractions.no_such_thing") is None


def test_teaching_order_within_a_domain_follows_the_file(curriculum: Curriculum) -> None:
    fractions = [c.id for c in curriculum if c.domain == "fractions"]

    assert fractions.index("fractions.equivalent") < fractions.index("fractions.compare")
    assert fractions.index("fractions.addition_like_denominators") < fractions.index(
        "fractions.addition_unlike_denominators"
    )
    assert fractions[-1] == "fractions.divide"


USER_FILE = """\
version: 3
concepts:
  - id: reading.phonics
    name: Sounding out words
    grade: 0
    domain: reading
    keywords: [sound it out, sounding out, phonics]
  - id: reading.sight_words
    name: Sight words
    grade: 1
    domain: reading
    keywords: [sight word, sight words]
    prerequisites: [reading.phonics]
  - id: reading.fluency
    name: Reading fluently
    grade: 2
    domain: reading
    keywords: [read it smoothly, reading fluency]
    patterns: ['\\bwpm\\b']
    prerequisites: [reading.sight_words]
"""


def test_a_user_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "reading.yaml"
    path.write_text(USER_FILE, encoding="utf-8")

    own = Curriculum.load(path)

    assert own.version == "3"
    assert [c.id for c in own] == ["reading.phonics", "reading.sight_words", "reading.fluency"]
    assert "fractions.meaning" not in own
    assert [c.id for c, _ in own.match_text("Let's sound it out together.")] == ["reading.phonics"]
    assert [c.id for c, _ in own.match_text("You read 90 WPM today!")] == ["reading.fluency"]
    assert own.next_topics(["reading.phonics"]) == ["reading.sight_words"]


def _concept_yaml(**changes: object) -> str:
    fields: dict[str, object] = {
        "id": "fractions.halves",
        "name": "Halves",
        "grade": 1,
        "domain": "fractions",
        "keywords": "[half, halves]",
    }
    fields.update(changes)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "  - " + "\n    ".join(lines) + "\n"


def _document(*concepts: str) -> str:
    return 'version: "1"\nconcepts:\n' + "".join(concepts)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (_document(_concept_yaml(colour="red")), r"'fractions.halves'.*'colour'.*[Ee]xtra"),
        (_document(_concept_yaml(), _concept_yaml()), r"'fractions.halves'.*'id'.*used twice"),
        (
            _document(_concept_yaml(prerequisites="[fractions.wholes]")),
            r"'fractions.halves'.*'prerequisites'.*'fractions.wholes' is not in this file",
        ),
        (
            _document(_concept_yaml(prerequisites="[fractions.halves]")),
            r"'fractions.halves'.*'prerequisites'.*the concept itself",
        ),
        (
            _document(
                _concept_yaml(prerequisites="[fractions.thirds]"),
                _concept_yaml(id="fractions.thirds", prerequisites="[fractions.halves]"),
            ),
            r"'prerequisites'.*circle",
        ),
        (
            _document(_concept_yaml(patterns="['\\d+/(\\d+']")),
            r"'fractions.halves'.*'patterns'.*not a valid regular expression",
        ),
        (
            _document(_concept_yaml(patterns="['x*']")),
            r"'fractions.halves'.*'patterns'.*matches empty text",
        ),
        (
            _document(_concept_yaml(keywords="['50%']")),
            r"'fractions.halves'.*'keywords'.*start and end with a letter or digit",
        ),
        (
            _document(_concept_yaml(keywords=None)),
            r"'fractions.halves'.*'keywords'.*can never be found",
        ),
        (_document(_concept_yaml(grade="third")), r"'fractions.halves'.*'grade'"),
        (_document(_concept_yaml(grade=9.5)), r"'fractions.halves'.*'grade'"),
        (_document(_concept_yaml(id="Fractions Halves")), r"'Fractions Halves'.*'id'"),
        (_document(_concept_yaml(common_core="fifth grade")), r"'common_core'"),
        (_document(_concept_yaml(name=None)), r"'fractions.halves'.*'name'.*[Ff]ield required"),
        ('version: "1"\nconcepts: []\n', r"'concepts'"),
        ('version: "1"\nlanguage: en\nconcepts: []\n', r"'language'"),
        ("concepts: [\n", r"not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_naming_concept_and_field(
    tmp_path: Path, document: str, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(document, encoding="utf-8")

    with pytest.raises(CurriculumError, match=expected) as raised:
        Curriculum.load(path)

    assert str(path) in str(raised.value)


def test_a_valid_small_document_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(_document(_concept_yaml(common_core="1.G.A.3")), encoding="utf-8")

    concept = Curriculum.load(path).get("fractions.halves")

    assert concept is not None
    assert concept.common_core == "1.G.A.3"


def test_a_missing_file_says_which_setting_to_check(tmp_path: Path) -> None:
    with pytest.raises(CurriculumError, match=r"cannot read .*nowhere\.yaml.*curriculum_path"):
        Curriculum.load(tmp_path / "nowhere.yaml")


def test_from_yaml_reads_a_document_given_as_text() -> None:
    text = textwrap.dedent(_document(_concept_yaml()))

    assert len(Curriculum.from_yaml(text)) == 1
