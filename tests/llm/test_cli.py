"""``afterclass cost estimate`` and the dry-run printing; neither sends anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from llm_support import TURNS, make_session
from typer.testing import CliRunner

from afterclass.analysis.llm.config import ENV_OVERRIDES
from afterclass.cli.llm import print_dry_run, register


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*ENV_OVERRIDES, "AFTERCLASS_LLM_CONFIG"]:
        monkeypatch.delenv(name, raising=False)


def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None: ...

    register(root)
    return root


def write_sessions(tmp_path: Path) -> Path:
    short = make_session()
    long = make_session(TURNS * 12, session_id="sess-llm-2")
    path = tmp_path / "sessions.jsonl"
    path.write_text(short.model_dump_json() + "\n" + long.model_dump_json() + "\n")
    return path


def test_cost_estimate_prints_a_row_per_session_and_a_total(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app(), ["cost", "estimate", str(write_sessions(tmp_path))], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("sess-llm-1" in line and "$0.0" in line for line in lines)
    assert any("sess-llm-2" in line for line in lines)
    assert any(line.strip(" │").startswith("total") for line in lines)
    assert "gpt-5-mini, mode single" in result.output


def test_cost_estimate_for_another_model_and_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app(),
        [
            "cost",
            "estimate",
            str(write_sessions(tmp_path)),
            "--model",
            "my-llama",
            "--mode",
            "per_type",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "no price configured" in result.output
    assert "my-llama, mode per_type" in result.output


def test_cost_estimate_reports_a_bad_file_as_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(app(), ["cost", "estimate", str(bad)])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_print_dry_run_writes_the_exact_bodies(capsys: pytest.CaptureFixture[str]) -> None:
    print_dry_run([make_session()], redact=lambda s: s)
    captured = capsys.readouterr()
    body = json.loads(captured.out)
    assert body["model"] == "gpt-5-mini"
    assert body["messages"][1]["content"].endswith(">>>")
    assert "sess-llm-1 all (single.v2+rules.v2):" in captured.err
    assert "prompt tokens" in captured.err and "estimated $" in captured.err
