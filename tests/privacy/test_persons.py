"""Names nobody told afterclass about: context, titles, labels, the name list."""

from __future__ import annotations

import random
import re

import pytest

from afterclass.privacy.contexts import word_choice
from afterclass.privacy.names import load_name_lists
from afterclass.privacy.persons import PersonRecognizer
from afterclass.privacy.vocabulary import VOCATIVE_OPENERS

from .helpers import found, redact


def names_in(text: str, language: str = "en") -> list[str]:
    """The names the redactor removes from ``text`` (overlaps resolved)."""
    return sorted({name for name, type_ in found(text, language=language) if type_ == "PERSON"})


def test_the_recognizer_alone_finds_candidates_that_may_overlap() -> None:
    recognizer = PersonRecognizer(load_name_lists())
    text = "my friend Sofia Hernandez"
    assert {text[c.start : c.end] for c in recognizer.find(text)} >= {"Sofia Hernandez"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my name is Rubija", "Rubija"),
        ("my name is rubija", "rubija"),
        ("my brother's name is Chidi and he's 9", "Chidi"),
        ("my little brother jake broke it", "jake"),
        ("my teacher is Ms. Frizzle", "Frizzle"),
        ("I'm Liam", "Liam"),
        ("call me Zeke", "Zeke"),
        ("Great job, Oluwaseun!", "Oluwaseun"),
        ("Oluwaseun said it was 12", "Oluwaseun"),
        ("Austin is my best friend", "Austin"),
        ("me and Tobias played minecraft", "Tobias"),
        ("Declan's mom drove us", "Declan"),
    ],
)
def test_context_phrases_mark_the_name_after_or_before_them(text: str, name: str) -> None:
    assert name in names_in(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr. Kowalski gave us a quiz", "Kowalski"),
        ("mr smith is strict", "smith"),
        ("Coach Taylor makes us run", "Taylor"),
        ("Dr. Okafor", "Okafor"),
        ("la Sra. García nos ayudó", "García"),
        ("Don Pedro vende tamales", "Pedro"),
    ],
)
def test_a_title_marks_the_name_and_stays_outside_the_span(text: str, name: str) -> None:
    assert names_in(text) == [name]


def test_first_and_last_names_grow_into_one_span_with_initials_and_particles() -> None:
    assert names_in("yesterday Sofia Hernandez came") == ["Sofia Hernandez"]
    assert names_in("a book by Faina D. Yefremova") == []  # unknown first name, no context
    assert names_in("the song by Maria D. Yefremova") == ["Maria D. Yefremova"]
    assert names_in("ayer vino José de la Cruz") == ["José de la Cruz"]


def test_listed_names_are_found_in_lower_case_but_words_are_not() -> None:
    assert names_in("ok so jaylen sits next to me") == ["jaylen"]
    assert names_in("i will mark it and hope for the best") == []


def test_names_that_are_words_count_only_inside_a_sentence_or_in_context() -> None:
    assert names_in("Will you try? Mark the point. Grace under pressure.") == []
    assert names_in("Yes, Will is right and I asked Grace.") == ["Grace", "Will"]
    assert names_in("my friend Will helped") == ["Will"]


def test_months_places_and_mathematicians_need_context() -> None:
    assert names_in("In May we go to Austin to learn about Euler and Pascal.") == []
    assert names_in("my friend May lives in Austin") == ["May"]


def test_speaker_labels_with_names_are_names_and_roles_are_not() -> None:
    text = "Kenji: hi\nTutor: hello\nAnswer: 12\nStep 2: add\nM. Okafor: ok"
    assert names_in(text) == ["Kenji", "M. Okafor"]


def test_spanish_context_and_spanish_word_names() -> None:
    assert names_in("me llamo Ximena y mi hermana Valentina", language="es") == [
        "Valentina",
        "Ximena",
    ]
    assert names_in("Rosa es un color y la luz es amarilla", language="es") == []
    assert names_in("i sit next to diego") == ["diego"]
    assert names_in("vi a diego en la escuela", language="es") == []


def test_unknown_names_get_numbered_person_tags_in_order() -> None:
    assert redact("my friend Zeke and my cousin Imani; Zeke again") == (
        "my friend [PERSON_1] and my cousin [PERSON_2]; [PERSON_1] again"
    )


def test_a_surname_alone_inside_a_sentence_is_a_name() -> None:
    assert found("then I asked Nguyen for help") == [("Nguyen", "PERSON")]


@pytest.mark.parametrize(
    "choices",
    [
        VOCATIVE_OPENERS,
        r"i'?m|i\s+am|this\s+is|it'?s|soy|aqu[ií]\s+es|me\s+and|yo\s+y",
        "mi|mis|su",
    ],
)
def test_a_choice_of_words_written_to_be_read_faster_finds_the_same(choices: str) -> None:
    plain = re.compile(rf"\b(?:{choices})[\s,]+", re.IGNORECASE)
    quick = re.compile(rf"{word_choice(choices)}[\s,]+", re.IGNORECASE)
    rng = random.Random(3)
    words = [*re.split(r"\||\\s\+|\?", choices), "Mis", "THANKS", "x", "5", "yo", ",", "  ", "\n"]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)]
