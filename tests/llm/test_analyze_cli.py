"""``afterclass analyze --analyzer llm`` end to end against the local OpenAI-compatible server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, insufficient_quota, structured
from llm_support import TEST_KEY, good_body, make_session
from typer.testing import CliRunner

from afterclass.cli.main import app
from afterclass.models import Person

CANARIES = ("Maya", "Okonkwo", "maya.okonkwo@example.org", "415-555-0142")


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    turns = [
        ("tutor", "Hi Maya! Mail your worksheet to maya.okonkwo@example.org or call 415-555-0142."),
        *[(speaker, text.replace("[STUDENT]", "Maya")) for speaker, text in _turns()[1:]],
    ]
    session = make_session(turns, student=Person(name="Maya Okonkwo", role="student"))
    path = tmp_path / "session.json"
    path.write_text(session.model_dump_json(), encoding="utf-8")
    return path


def _turns() -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in make_session().turns]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI) -> CliRunner:
    monkeypatch.setenv("AFTERCLASS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AFTERCLASS_LLM_BASE_URL", fake_openai.url)
    monkeypatch.setenv("AFTERCLASS_LLM_PROVIDER", "compatible")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    return CliRunner()


def test_analyze_with_the_llm_stores_the_models_grounded_answer(
    runner: CliRunner, session_file: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.queue(structured(good_body()))

    result = runner.invoke(app, ["analyze", str(session_file), "--analyzer", "llm", "--json"])

    assert result.exit_code == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["meta"]["analyzer"] == "llm"
    assert analysis["meta"]["tokens"]["prompt"] > 0
    assert [a["outcome"] for a in analysis["progress"]["attempts"]][:2] == ["incorrect", "correct"]
    sent = fake_openai.sent_bytes().decode("utf-8")
    assert [c for c in CANARIES if c in sent] == []


def test_a_used_up_quota_gives_a_basic_summary_and_keeps_the_session(
    runner: CliRunner, session_file: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.queue(insufficient_quota())

    result = runner.invoke(app, ["analyze", str(session_file), "--analyzer", "llm", "--json"])

    assert result.exit_code == 1
    analysis = json.loads(result.stdout)
    assert analysis["meta"]["analysis_type"] == "basic_fallback"
    assert "deferred" in result.stderr


def test_dry_run_prints_the_requests_and_sends_nothing(
    runner: CliRunner, session_file: Path, fake_openai: FakeOpenAI
) -> None:
    result = runner.invoke(app, ["analyze", str(session_file), "--analyzer", "llm", "--dry-run"])

    assert result.exit_code == 0, result.stderr
    assert "tokens" in result.stdout.lower()
    assert "Maya" not in result.stdout
    assert fake_openai.chat_requests() == []
