"""Fixtures for the LLM analyzer tests: the local OpenAI-compatible server, configurations and
analyzers pointed at it. Test data lives in ``llm_support``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_openai import FakeOpenAI
from llm_support import TEST_KEY, AnalyzerFactory, ConfigFactory

from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.llm import LLMAnalyzer, build_client, load_llm_config
from afterclass.analysis.llm.config import LLMConfig
from afterclass.analysis.llm.limits import Limiter


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def curriculum() -> Curriculum:
    return Curriculum.load()


@pytest.fixture
def llm_config(fake_openai: FakeOpenAI, tmp_path: Path) -> ConfigFactory:
    """``llm_config(**overrides)``: the shipped defaults pointed at the fake server."""

    def build(**overrides: Any) -> LLMConfig:
        base = load_llm_config(env={})
        data = base.model_dump()
        data.update(base_url=fake_openai.url, max_retries=0, timeout_seconds=5.0)
        data.update(overrides)
        return LLMConfig.model_validate(data)

    return build


@pytest.fixture
def make_analyzer(llm_config: ConfigFactory, curriculum: Curriculum) -> Iterator[AnalyzerFactory]:
    built: list[LLMAnalyzer] = []

    def build(
        config: LLMConfig | None = None,
        *,
        limiter: Limiter | None = None,
        with_curriculum: bool = True,
        key: str = TEST_KEY,
    ) -> LLMAnalyzer:
        config = config or llm_config()
        analyzer = LLMAnalyzer(
            config=config,
            client=build_client(config, lambda: key),
            limiter=limiter,
            curriculum=curriculum if with_curriculum else None,
        )
        built.append(analyzer)
        return analyzer

    yield build
    for analyzer in built:
        analyzer.close()
