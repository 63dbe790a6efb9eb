"""The LLM configuration: shipped defaults, a user file, environment overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterclass.analysis.llm.config import ENV_OVERRIDES, load_llm_config
from afterclass.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "llm.md"


def test_the_shipped_defaults() -> None:
    config = load_llm_config(env={})
    assert (config.provider, config.model, config.mode) == ("openai", "gpt-5-mini", "single")
    assert config.max_tokens == 4000 and config.temperature == 0.1  # the seed's values
    assert config.rate_limits.requests_per_minute == 20
    assert config.rate_limits.daily_analysis_limit == 500
    assert config.enabled_types() == [
        "profile_assessment",
        "progress_assessment",
        "session_summary",
    ]
    price = config.price()
    assert price is not None and (price.input, price.cached_input, price.output) == (
        0.25,
        0.025,
        2.0,
    )


def test_a_user_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "llm.yaml"
    path.write_text(
        "model: gpt-4.1-mini\nrate_limits:\n  requests_per_minute: 5\n"
        "prices:\n  my-model: {input: 1, cached_input: 0.5, output: 2}\n"
    )
    config = load_llm_config(env={"AFTERCLASS_LLM_CONFIG": str(path)})
    assert config.model == "gpt-4.1-mini"
    assert config.rate_limits.requests_per_minute == 5
    assert config.rate_limits.tokens_per_minute == 40000
    assert {"my-model", "gpt-5-mini"} <= set(config.prices)


def test_environment_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "llm.yaml"
    path.write_text("model: gpt-4.1-mini\n")
    env = {
        "AFTERCLASS_LLM_MODEL": "o4-mini",
        "AFTERCLASS_LLM_PROVIDER": "compatible",
        "AFTERCLASS_LLM_BASE_URL": "http://127.0.0.1:8000/v1",
        "AFTERCLASS_LLM_MAX_TOKENS": "3000",
        "AFTERCLASS_LLM_MONTHLY_BUDGET_USD": "25.5",
    }
    config = load_llm_config(path, env)
    assert config.model == "o4-mini" and config.provider == "compatible"
    assert config.base_url == "http://127.0.0.1:8000/v1"
    assert config.max_tokens == 3000 and config.rate_limits.monthly_budget_usd == 25.5


def test_a_dated_snapshot_uses_its_base_models_price() -> None:
    config = load_llm_config(env={"AFTERCLASS_LLM_MODEL": "gpt-4o-mini-2024-07-18"})
    price = config.price()
    assert price is not None and price.input == 0.15
    assert load_llm_config(env={"AFTERCLASS_LLM_MODEL": "my-llama"}).price() is None


@pytest.mark.parametrize(
    ("yaml_text", "named"),
    [
        ("modle: gpt-4o\n", "modle: unknown key"),
        ("rate_limits:\n  requests_per_minute: 0\n", "rate_limits.requests_per_minute"),
        ("provider: azure\n", "azure.endpoint"),
        ("provider: compatible\n", "base_url"),
        ("analysis_types:\n  session_summary: {enabled: false}\n", "mode: per_type"),
        ("temperature: hot\n", "temperature"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, yaml_text: str, named: str) -> None:
    path = tmp_path / "llm.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError, match="invalid LLM configuration") as caught:
        load_llm_config(path, {})
    assert named in str(caught.value)


def test_an_unreadable_file_says_where(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the LLM configuration"):
        load_llm_config(tmp_path / "missing.yaml", {})
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_llm_config(bad, {})


def test_every_environment_variable_is_documented() -> None:
    page = DOCS.read_text("utf-8")
    missing = [
        name for name in [*ENV_OVERRIDES, "AFTERCLASS_LLM_CONFIG"] if f"`{name}`" not in page
    ]
    assert missing == []


def test_every_config_key_is_documented() -> None:
    page = DOCS.read_text("utf-8")
    config = load_llm_config(env={})
    keys = [k for k in type(config).model_fields if k not in ("prices",)]
    missing = [key for key in keys if f"`{key}`" not in page]
    assert missing == []


def test_a_dated_azure_api_version_needs_no_quotes() -> None:
    config = load_llm_config(env={"AFTERCLASS_LLM_AZURE_API_VERSION": "2024-10-21"})
    assert config.azure.api_version == "2024-10-21"
