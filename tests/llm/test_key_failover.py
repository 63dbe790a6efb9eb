"""The analyzer built by ``create(settings)`` takes its key from the secrets configuration:
primary and backup keys, validation where the requests go, failover with one alert, and a
rejection in use retried once with the next key. Real SDK, local fake server, canary keys."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, server_error, structured
from llm_support import good_body, make_session

from afterclass.alerts import ALERT_ENV_VARIABLES, Alerter, MemoryChannel
from afterclass.analysis.contract import AnalysisRequest, AnalyzerOutput
from afterclass.analysis.llm import LLMAnalyzer, create
from afterclass.analysis.llm.config import CONFIG_ENV, ENV_OVERRIDES
from afterclass.config import load_settings
from afterclass.errors import ConfigError, KeyRejectedError, ProviderUnavailableError
from afterclass.models import StudentState
from afterclass.secrets.config import SECRETS_ENV_VARIABLES, SECRETS_FILE_VARIABLE, EnvNames

PRIMARY, BACKUP = "sk-CANARY-primary-0001", "sk-CANARY-backup-0002"
CANARY = "CANARY"


class World:
    """The process environment as a deployment sets it, and analyzers built by ``create``."""

    def __init__(self, fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
        self.fake, self.monkeypatch, self.tmp_path = fake, monkeypatch, tmp_path
        self.recorder = MemoryChannel()
        self.seen: list[str] = []
        """Exception messages and alert texts, searched for the canaries at the end."""
        self._built: list[LLMAnalyzer] = []

    def set(self, **variables: str) -> None:
        for name, value in variables.items():
            self.monkeypatch.setenv(name, value)

    def analyzer(self) -> LLMAnalyzer:
        settings = load_settings(data_dir=self.tmp_path, environment="development")
        analyzer = create(settings, alerter=Alerter([self.recorder]))
        assert isinstance(analyzer, LLMAnalyzer)
        self._built.append(analyzer)
        return analyzer

    def analyze(self, analyzer: LLMAnalyzer) -> AnalyzerOutput:
        self.fake.queue(structured(good_body()))
        return analyzer.analyze(AnalysisRequest(session=make_session(), state=StudentState()))

    def fails(self, analyzer: LLMAnalyzer, error: type[Exception]) -> Exception:
        request = AnalysisRequest(session=make_session(), state=StudentState())
        with pytest.raises(error) as caught:
            analyzer.analyze(request)
        chain: BaseException | None = caught.value
        while chain is not None:
            self.seen += [str(chain), repr(chain)]
            chain = chain.__cause__ or chain.__context__
        return caught.value

    def close(self) -> None:
        for analyzer in self._built:
            analyzer.close()


@pytest.fixture
def world(
    fake_openai: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[World]:
    """A clean environment pointed at the fake server; at the end, no canary anywhere."""
    caplog.set_level(logging.DEBUG)  # every logger, the SDK's and httpx's too
    names = {
        *SECRETS_ENV_VARIABLES,
        *ALERT_ENV_VARIABLES,
        *ENV_OVERRIDES,
        *EnvNames().model_dump().values(),
        SECRETS_FILE_VARIABLE,
        CONFIG_ENV,
        "AZURE_OPENAI_API_KEY",
    }
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AFTERCLASS_ENV_FILE", "")  # no .env unless a test writes one
    monkeypatch.setenv("AFTERCLASS_LLM_BASE_URL", fake_openai.url)
    monkeypatch.setenv("AFTERCLASS_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("AFTERCLASS_LLM_TIMEOUT_SECONDS", "5")
    monkeypatch.setenv("AFTERCLASS_LLM_TOKENS_PER_MINUTE", "1000000")
    built = World(fake_openai, monkeypatch, tmp_path)
    try:
        yield built
    finally:
        built.close()
    texts = built.seen + [f"{a.subject} {a.text()}" for a in built.recorder.sent]
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    texts += [record.getMessage() for record in records]
    assert [text for text in texts if CANARY in text] == []


@pytest.fixture
def free_port() -> int:
    """A port nobody listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chat_keys(fake: FakeOpenAI) -> list[str | None]:
    return fake.keys_used(fake.chat_requests())


def test_a_primary_rejected_in_use_fails_over_to_the_backup_once(world: World) -> None:
    fake = world.fake
    world.set(OPENAI_API_KEY=PRIMARY, OPENAI_BACKUP_API_KEY=BACKUP)
    analyzer = world.analyzer()
    assert world.analyze(analyzer).body == good_body()
    assert chat_keys(fake) == [PRIMARY]
    assert fake.keys_used(fake.models_requests()) == [PRIMARY]  # validated once, before use

    fake.rejected_keys[PRIMARY] = 401  # revoked between sessions
    assert world.analyze(analyzer).body == good_body()
    assert chat_keys(fake) == [PRIMARY, PRIMARY, BACKUP]  # the 401, then the retry
    assert world.recorder.keys() == ["openai-key-failover"]
    assert "primary OpenAI API key was rejected" in world.recorder.sent[0].body

    assert world.analyze(analyzer).body == good_body()
    assert chat_keys(fake) == [PRIMARY, PRIMARY, BACKUP, BACKUP]  # the primary is not retried
    assert fake.keys_used(fake.models_requests()) == [PRIMARY, BACKUP]
    assert world.recorder.keys() == ["openai-key-failover"]  # one alert, not one per session


def test_a_primary_rejected_from_the_start_is_never_used(world: World) -> None:
    fake = world.fake
    fake.rejected_keys[PRIMARY] = 401
    world.set(OPENAI_API_KEY=PRIMARY, OPENAI_BACKUP_API_KEY=BACKUP)
    analyzer = world.analyzer()
    for _ in range(2):
        assert world.analyze(analyzer).body == good_body()
    assert chat_keys(fake) == [BACKUP, BACKUP]
    assert fake.keys_used(fake.models_requests()) == [PRIMARY, BACKUP]
    assert world.recorder.keys() == ["openai-key-failover"]


def test_both_keys_rejected_in_use_raise_key_rejected(world: World) -> None:
    fake = world.fake
    world.set(OPENAI_API_KEY=PRIMARY, OPENAI_BACKUP_API_KEY=BACKUP)
    analyzer = world.analyzer()
    world.analyze(analyzer)
    fake.rejected_keys[PRIMARY] = 401
    world.analyze(analyzer)  # fails over to the backup
    fake.rejected_keys[BACKUP] = 403
    error = world.fails(analyzer, KeyRejectedError)
    assert "deferred" in str(error)
    assert chat_keys(fake) == [PRIMARY, PRIMARY, BACKUP, BACKUP]  # one retry, then no more
    assert world.recorder.keys() == ["openai-key-failover", "openai-keys-rejected"]
    assert world.recorder.sent[-1].severity == "critical"

    world.fails(analyzer, KeyRejectedError)  # the next session: nothing is sent
    assert len(fake.chat_requests()) == 4


def test_both_keys_rejected_from_the_start(world: World) -> None:
    world.fake.rejected_keys.update({PRIMARY: 401, BACKUP: 401})
    world.set(OPENAI_API_KEY=PRIMARY, OPENAI_BACKUP_API_KEY=BACKUP)
    error = world.fails(world.analyzer(), KeyRejectedError)
    assert "deferred" in str(error)
    assert world.fake.chat_requests() == []
    assert world.recorder.keys() == ["openai-keys-rejected"]


@pytest.mark.parametrize("down", ["refused", "http_500"])
def test_an_outage_never_marks_a_key_rejected(world: World, free_port: int, down: str) -> None:
    fake = world.fake
    world.set(OPENAI_API_KEY=PRIMARY, OPENAI_BACKUP_API_KEY=BACKUP)
    if down == "refused":
        world.set(AFTERCLASS_LLM_BASE_URL=f"http://127.0.0.1:{free_port}/v1")
    else:
        fake.queue(server_error())
    analyzer = world.analyzer()
    world.fails(analyzer, ProviderUnavailableError)
    assert world.recorder.sent == []
    assert analyzer.keys is not None and analyzer.keys.api_key() == PRIMARY
    if down == "http_500":
        assert world.analyze(analyzer).body == good_body()  # the server is back
        assert chat_keys(fake) == [PRIMARY, PRIMARY]


def test_a_plain_key_is_never_validated_and_a_rejection_is_final(world: World) -> None:
    fake = world.fake
    world.set(OPENAI_API_KEY=PRIMARY)
    analyzer = world.analyzer()
    assert analyzer.keys is None
    assert world.analyze(analyzer).body == good_body()
    fake.rejected_keys[PRIMARY] = 401
    world.fails(analyzer, KeyRejectedError)
    assert fake.models_requests() == []  # nothing sent but the analyses
    assert chat_keys(fake) == [PRIMARY, PRIMARY]
    assert world.recorder.sent == []


def test_a_plain_key_from_the_development_env_file(world: World) -> None:
    env_file = world.tmp_path / ".env"
    env_file.write_text(f"OPENAI_API_KEY={PRIMARY}\n")
    world.set(AFTERCLASS_ENV_FILE=str(env_file))
    world.analyze(world.analyzer())
    assert chat_keys(world.fake) == [PRIMARY]
    assert world.fake.models_requests() == []


def test_a_missing_key_names_the_variable(world: World) -> None:
    error = world.fails(world.analyzer(), ConfigError)
    assert "OPENAI_API_KEY" in str(error)
    assert world.fake.requests == []


def test_a_compatible_server_needs_no_key(world: World) -> None:
    world.set(AFTERCLASS_LLM_PROVIDER="compatible", AFTERCLASS_LLM_MODEL="llama-3.1-8b-instruct")
    world.analyze(world.analyzer())
    assert chat_keys(world.fake) == ["no-key-configured"]
    assert world.fake.models_requests() == []


def test_a_compatible_server_with_a_backup_key_is_validated(world: World) -> None:
    world.set(
        AFTERCLASS_LLM_PROVIDER="compatible",
        AFTERCLASS_LLM_MODEL="llama-3.1-8b-instruct",
        OPENAI_API_KEY=PRIMARY,
        OPENAI_BACKUP_API_KEY=BACKUP,
    )
    world.analyze(world.analyzer())
    assert world.fake.models_requests()[0].path == "/v1/models"
    assert chat_keys(world.fake) == [PRIMARY]


def test_azure_v1_keys_are_validated_at_the_v1_endpoint(world: World) -> None:
    fake = world.fake
    fake.rejected_keys[PRIMARY] = 401
    world.set(
        AFTERCLASS_LLM_PROVIDER="azure",
        AFTERCLASS_LLM_BASE_URL="",
        AFTERCLASS_LLM_AZURE_ENDPOINT=fake.origin,
        AFTERCLASS_LLM_AZURE_DEPLOYMENT="tutor-gpt5",
        AFTERCLASS_LLM_API_KEY_ENV="AZURE_OPENAI_API_KEY",
        AZURE_OPENAI_API_KEY=PRIMARY,
        OPENAI_BACKUP_API_KEY=BACKUP,
    )
    world.analyze(world.analyzer())
    models = fake.models_requests()
    assert [m.path for m in models] == ["/openai/v1/models", "/openai/v1/models"]
    assert models[0].headers["authorization"] == f"Bearer {PRIMARY}"
    assert fake.chat_requests()[0].path == "/openai/v1/chat/completions"
    assert chat_keys(fake) == [BACKUP]
    assert world.recorder.keys() == ["openai-key-failover"]


def test_azure_with_a_dated_api_version_fails_over_without_validation(world: World) -> None:
    fake = world.fake
    world.set(
        AFTERCLASS_LLM_PROVIDER="azure",
        AFTERCLASS_LLM_BASE_URL="",
        AFTERCLASS_LLM_AZURE_ENDPOINT=fake.origin,
        AFTERCLASS_LLM_AZURE_DEPLOYMENT="tutor-gpt5",
        AFTERCLASS_LLM_AZURE_API_VERSION="2024-10-21",
        AFTERCLASS_LLM_API_KEY_ENV="AZURE_OPENAI_API_KEY",
        AZURE_OPENAI_API_KEY=PRIMARY,
        OPENAI_BACKUP_API_KEY=BACKUP,
    )
    analyzer = world.analyzer()
    fake.rejected_keys[PRIMARY] = 401
    world.analyze(analyzer)
    assert fake.models_requests() == []  # the validator cannot send Azure's api-key header
    assert [r.headers["api-key"] for r in fake.chat_requests()] == [PRIMARY, BACKUP]
    assert world.recorder.keys() == ["openai-key-failover"]


def test_two_different_key_variables_are_a_config_error(world: World) -> None:
    secrets_file = world.tmp_path / "secrets.yaml"
    secrets_file.write_text("env_names: {openai_api_key: OPENAI_O3_KEY}\n")
    world.set(AFTERCLASS_SECRETS_FILE=str(secrets_file), AFTERCLASS_LLM_API_KEY_ENV="MY_KEY")
    with pytest.raises(ConfigError, match=r"MY_KEY.*OPENAI_O3_KEY"):
        world.analyzer()
