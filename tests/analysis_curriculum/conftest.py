"""The bundled curriculum, loaded once for the folder."""

from __future__ import annotations

import pytest

from afterclass.analysis.curriculum import Curriculum


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return Curriculum.load()
