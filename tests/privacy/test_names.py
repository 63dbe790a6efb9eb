"""The bundled name lists: present, fast to load, and sorted by how far a name can be trusted."""

from __future__ import annotations

import time

from afterclass.privacy.names import fold, load_name_lists


def test_the_lists_load_fast_and_hold_common_names() -> None:
    load_name_lists.cache_clear()
    started = time.perf_counter()
    names = load_name_lists()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert {"liam", "jayden", "mateo", "ximena"} <= names.first
    assert all(names.is_given_name(n) for n in ("maya", "sofia", "diego", "grace"))
    assert {"nguyen", "hernandez", "kowalski"} <= names.surnames


def test_names_that_are_words_months_or_mathematicians_are_set_apart() -> None:
    names = load_name_lists()
    assert {"will", "mark", "grace"}.isdisjoint(names.first)
    assert {"mark", "grace"} <= names.first_words
    assert {"rosa", "diego"} <= names.first_es
    assert {"pascal", "euler", "may", "austin", "pythagoras"} <= names.context_only
    assert {"austin", "pascal"} <= names.context_given


def test_fold_drops_case_accents_and_possessives() -> None:
    assert [fold(w) for w in ("José's", "MAYA’s", "Chris'", "Ñandú")] == [
        "jose",
        "maya",
        "chris",
        "nandu",
    ]
