"""OpenAI, Azure OpenAI and compatible servers by configuration; failures as typed errors."""

from __future__ import annotations

import socket

import pytest
from fake_openai import (
    FakeOpenAI,
    error,
    insufficient_quota,
    rate_limited,
    server_error,
    structured,
    unauthorized,
)
from llm_support import TEST_KEY, AnalyzerFactory, ConfigFactory, good_body, make_session

from afterclass.analysis.contract import AnalysisRequest
from afterclass.analysis.llm import LLMAnalyzer, build_client, env_key_provider
from afterclass.analysis.llm.client import parse_duration, retry_after_seconds
from afterclass.errors import (
    AnalysisError,
    ConfigError,
    KeyRejectedError,
    ProviderError,
    ProviderUnavailableError,
    QuotaExceededError,
    RateLimitedError,
)
from afterclass.models import StudentState


def request() -> AnalysisRequest:
    return AnalysisRequest(session=make_session(), state=StudentState())


def test_azure_deployment_with_a_dated_api_version(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    config = llm_config(
        provider="azure",
        base_url=None,
        azure={
            "endpoint": fake_openai.origin,
            "deployment": "tutor-gpt5",
            "api_version": "2024-10-21",
        },
    )
    fake_openai.queue(structured(good_body()))
    make_analyzer(config).analyze(request())

    sent = fake_openai.chat_requests()[0]
    assert sent.path == "/openai/deployments/tutor-gpt5/chat/completions"
    assert sent.query["api-version"] == ["2024-10-21"]
    assert sent.headers["api-key"] == TEST_KEY
    assert sent.json()["model"] == "tutor-gpt5"
    assert "prompt_cache_key" not in sent.json()  # OpenAI-only parameters stay off Azure


def test_azure_v1_endpoint(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    config = llm_config(
        provider="azure",
        base_url=None,
        azure={
            "endpoint": fake_openai.origin + "/",
            "deployment": "tutor-gpt5",
            "api_version": "v1",
        },
    )
    fake_openai.queue(structured(good_body()))
    make_analyzer(config).analyze(request())

    sent = fake_openai.chat_requests()[0]
    assert sent.path == "/openai/v1/chat/completions"
    assert sent.json()["model"] == "tutor-gpt5"
    # the deployment serves gpt-5-mini, so the reasoning profile still applies
    assert "max_completion_tokens" in sent.json()


def test_openai_gets_cache_key_and_store_false(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(structured(good_body()))
    make_analyzer().analyze(request())
    body = fake_openai.chat_requests()[0].json()
    assert body["prompt_cache_key"] == "afterclass-single.v2+rules.v2"
    assert body["store"] is False


def test_a_compatible_server_needs_no_key(
    fake_openai: FakeOpenAI, llm_config: ConfigFactory
) -> None:
    config = llm_config(
        provider="compatible", model="llama-3.1-8b-instruct", api_key_env="NO_SUCH_VAR"
    )
    analyzer = LLMAnalyzer(
        config=config,
        client=build_client(config, env_key_provider(config.api_key_env, {}, required=False)),
    )
    fake_openai.queue(structured(good_body()))
    try:
        assert analyzer.analyze(request()).body == good_body()
    finally:
        analyzer.close()
    assert fake_openai.chat_requests()[0].headers["authorization"] == "Bearer no-key-configured"


def test_a_missing_key_says_which_variable_to_set(
    fake_openai: FakeOpenAI, llm_config: ConfigFactory
) -> None:
    config = llm_config(api_key_env="AFTERCLASS_TEST_NO_KEY")
    analyzer = LLMAnalyzer(
        config=config, client=build_client(config, env_key_provider(config.api_key_env, {}))
    )
    with pytest.raises(ConfigError, match="AFTERCLASS_TEST_NO_KEY"):
        analyzer.analyze(request())
    analyzer.close()
    assert fake_openai.chat_requests() == []


def test_the_key_provider_is_asked_at_every_request(
    fake_openai: FakeOpenAI, llm_config: ConfigFactory
) -> None:
    keys = iter(["sk-old", "sk-rotated"])
    config = llm_config()
    analyzer = LLMAnalyzer(config=config, client=build_client(config, lambda: next(keys)))
    fake_openai.queue(structured(good_body()), structured(good_body()))
    analyzer.analyze(request())
    analyzer.analyze(request())
    analyzer.close()
    sent = [r.headers["authorization"] for r in fake_openai.chat_requests()]
    assert sent == ["Bearer sk-old", "Bearer sk-rotated"]


def test_rate_limit_carries_retry_after(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(rate_limited(retry_after="7"))
    with pytest.raises(RateLimitedError) as caught:
        make_analyzer().analyze(request())
    assert caught.value.retry_after == 7.0
    assert "retry in 7 s" in str(caught.value)


def test_the_sdk_retries_a_429_after_the_given_wait(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    limited = rate_limited()
    limited.headers["retry-after-ms"] = "10"
    fake_openai.queue(limited, structured(good_body()))
    output = make_analyzer(llm_config(max_retries=1)).analyze(request())
    assert output.body == good_body()
    assert len(fake_openai.chat_requests()) == 2


def test_insufficient_quota_is_a_quota_error(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(insufficient_quota())
    with pytest.raises(QuotaExceededError, match="quota is used up"):
        make_analyzer().analyze(request())


@pytest.mark.parametrize("status", [401, 403])
def test_a_rejected_key(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, status: int
) -> None:
    fake_openai.queue(unauthorized() if status == 401 else error(403, "Project not allowed."))
    with pytest.raises(KeyRejectedError, match=f"HTTP {status}"):
        make_analyzer().analyze(request())


def test_a_server_error_means_unavailable(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(server_error())
    with pytest.raises(ProviderUnavailableError, match="HTTP 500"):
        make_analyzer().analyze(request())


def test_a_slow_answer_times_out_as_unavailable(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    reply = structured(good_body(), delay_s=5.0)
    fake_openai.queue(reply)
    with pytest.raises(ProviderUnavailableError, match="did not answer in time"):
        make_analyzer(llm_config(timeout_seconds=0.2)).analyze(request())


def test_a_refused_connection_means_unavailable(
    make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = llm_config(base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(ProviderUnavailableError, match="cannot reach"):
        make_analyzer(config).analyze(request())


def test_an_unknown_model_is_a_provider_error_naming_the_settings(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(error(404, "The model `gpt-9` does not exist", code="model_not_found"))
    with pytest.raises(ProviderError, match=r"check model, azure\.deployment and base_url"):
        make_analyzer().analyze(request())


def test_a_bad_request_is_an_analysis_failure(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(error(400, "This model's maximum context length is 128000 tokens."))
    with pytest.raises(AnalysisError, match="maximum context length") as caught:
        make_analyzer().analyze(request())
    assert not isinstance(caught.value, ProviderError)  # the pipeline falls back to rules


def test_models_endpoint_answers_the_sdk(
    fake_openai: FakeOpenAI, llm_config: ConfigFactory
) -> None:
    with build_client(llm_config(), lambda: TEST_KEY) as client:
        assert [m.id for m in client.models.list()] == ["gpt-5-mini", "llama-3.1-8b-instruct"]


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "12"}, 12.0),
        ({"x-ratelimit-reset-requests": "1m30s", "x-ratelimit-reset-tokens": "20ms"}, 90.0),
        ({}, None),
    ],
)
def test_retry_after_headers(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(headers) == seconds


def test_duration_parsing() -> None:
    assert parse_duration("6m0s") == 360.0
    assert parse_duration("1.5s") == 1.5
    assert parse_duration("soon") is None


def test_the_registered_factory_builds_from_the_environment(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterclass.analysis.llm import create
    from afterclass.config import load_settings

    monkeypatch.setenv("AFTERCLASS_LLM_BASE_URL", fake_openai.url)
    monkeypatch.setenv("AFTERCLASS_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    analyzer = create(load_settings())
    assert isinstance(analyzer, LLMAnalyzer) and analyzer.name == "llm"
    fake_openai.queue(structured(good_body()))
    try:
        output = analyzer.analyze(request())
    finally:
        analyzer.close()
    assert output.body == good_body()
    assert fake_openai.chat_requests()[0].headers["authorization"] == f"Bearer {TEST_KEY}"
