"""Known participants are removed in every form: recall here must be total."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from afterclass.models import Person
from afterclass.privacy.known import _cases

from .helpers import found, redact

MAYA = Person(name="Maya Lopez", aliases=["Mayita"], role="student")
TUTOR = Person(name="Daniel Ortiz", role="tutor")


@pytest.mark.parametrize(
    "form",
    [
        "Maya",
        "MAYA",
        "maya",
        "Lopez",
        "lopez",
        "LOPEZ",
        "Maya Lopez",
        "maya lopez",
        "Mayita",
        "M-A-Y-A",
        "m a y a",
        "Lópéz",
        "Løpez",
    ],
)
def test_every_form_of_the_student_becomes_the_student_tag(form: str) -> None:
    assert redact(f"I think {form} is right.", MAYA) == "I think [STUDENT] is right."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maya's answer", "[STUDENT]'s answer"),
        ("Maya’s answer", "[STUDENT]’s answer"),
        ("Maya- wait", "[STUDENT]- wait"),
        ("Ms. Lopez said", "Ms. [STUDENT] said"),
        ("that's mayas homework", "that's [STUDENT] homework"),
        ("Maya\nLopez is my name", "[STUDENT] is my name"),
        ("(Maya)", "([STUDENT])"),
    ],
)
def test_tricky_forms_keep_the_text_around_them(text: str, expected: str) -> None:
    assert redact(text, MAYA) == expected


def test_a_name_inside_a_longer_word_is_left_alone() -> None:
    assert redact("mayan ruins and a dismayed cat", MAYA) == "mayan ruins and a dismayed cat"


def test_accents_do_not_matter_either_way() -> None:
    jose = Person(name="José Peña", role="student")
    assert redact("jose and PENA and Peña", jose) == "[STUDENT] and [STUDENT] and [STUDENT]"
    plain = Person(name="Jose Pena", role="student")
    assert redact("José Peña", plain) == "[STUDENT]"


def test_the_tutor_and_other_people_get_their_own_tags() -> None:
    mom = Person(name="Ana Lopez", role="parent")
    text = "Daniel asked Maya to ask Ana."
    assert redact(text, MAYA, TUTOR, mom) == "[TUTOR] asked [STUDENT] to ask [PERSON_1]."


def test_a_shared_surname_stays_with_the_first_person_and_siblings_stay_apart() -> None:
    brother = Person(name="Leo Lopez", role="sibling")
    assert (
        redact("Leo Lopez and Maya Lopez; Lopez", MAYA, brother)
        == "[PERSON_1] and [STUDENT]; [STUDENT]"
    )


def test_name_particles_never_match_alone() -> None:
    tutor = Person(name="Juan de la Cruz", role="tutor")
    assert redact("Juan de la Cruz dijo que la respuesta es de Cruz", tutor) == (
        "[TUTOR] dijo que la respuesta es de [TUTOR]"
    )


def test_two_letter_names_match_only_capitalized_so_spanish_al_stays() -> None:
    al = Person(name="Al Green", role="tutor")
    assert redact("Al dijo: al principio, AL", al) == "[TUTOR] dijo: al principio, [TUTOR]"


def test_known_people_win_over_the_math_guard() -> None:
    pascal = Person(name="Pascal Martin", role="student")
    assert found("Pascal's triangle", pascal) == [("Pascal", "PERSON")]


def test_a_name_is_found_however_a_letter_of_it_is_cased() -> None:
    """The quick first-letter check of the names pattern spells every case out: none is left
    out that ``re.IGNORECASE`` would match (the Kelvin sign is a "k", the long s an "s")."""
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    latin = [chr(code) for code in range(0x41, 0x250) if chr(code).isalpha()]
    for letter in latin:
        cases = _cases(letter)
        if cases is not None:
            assert set(re.findall(f"(?i:{re.escape(letter)})", everything)) <= set(cases), letter
    kelvin = Person(name="Kim Sosa", role="student")
    assert redact("\u212aim and \u017fosa", kelvin) == "[STUDENT] and [STUDENT]"


def test_the_names_pattern_is_the_same_in_every_process() -> None:
    """Equal-length alternatives were once ordered by a set, which follows the hash seed."""
    program = (
        "from afterclass.privacy.known import compile_names;"
        "print(compile_names(['Maya Lopez', 'Mayita', 'Leo', 'Ana Ruiz', 'Noah', 'Nora', 'Al'])"
        ".pattern)"
    )
    patterns = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(patterns) == 1
