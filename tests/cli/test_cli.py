"""The afterclass command as a user runs it: output, exit codes, and what it stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterclass.cli.main import app

TRANSCRIPT = """\
Tutor: Hi Leo! What is 6 times 7?
Leo: 42
Tutor: Correct! What is 8 times 4?
Leo: 36
Tutor: Not quite. Try counting by 8s four times.
Leo: 8, 16, 24, 32. so 32
Tutor: Yes, 32 is right. Good strategy, Leo.
"""


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("AFTERCLASS_DATA_DIR", str(tmp_path / "data"))
    for name in ("STUDENT_DATA_ENCRYPTION_KEY", "AFTERCLASS_DATABASE_URL", "AFTERCLASS_ANALYZER"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "leo.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


def analyze(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["analyze", *args])
    return result.exit_code, result.stdout, result.stderr


def test_schema_prints_the_session_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "session"])

    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"session_id", "student_id", "conversation"} <= set(schema["properties"])


def test_analyze_json_prints_one_analysis_per_session_without_names(
    runner: CliRunner, transcript: Path
) -> None:
    code, stdout, _ = analyze(
        runner, str(transcript), "--json", "--student-id", "leo-7", "--student-name", "Leo"
    )

    assert code == 0
    documents = [json.loads(line) for line in stdout.splitlines()]
    assert len(documents) == 1
    analysis = documents[0]
    outcomes = [a["outcome"] for a in analysis["progress"]["attempts"]]
    assert outcomes[0] == "correct"
    assert "incorrect" in outcomes
    assert "Leo" not in stdout
    assert analysis["meta"]["analyzer"] == "rules"


def test_analyzing_the_same_file_twice_learns_once(runner: CliRunner, transcript: Path) -> None:
    args = (str(transcript), "--student-id", "leo-7", "--student-name", "Leo")
    assert analyze(runner, *args)[0] == 0
    code, stdout, _ = analyze(runner, *args)
    assert code == 0
    assert "already analyzed" in stdout

    shown = runner.invoke(app, ["student", "show", "leo-7", "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["profile"]["session_count"] == 1


def test_a_plain_transcript_without_student_id_is_a_clear_error(
    runner: CliRunner, transcript: Path
) -> None:
    code, _, stderr = analyze(runner, str(transcript))

    assert code != 0
    assert "--student-id" in stderr
    assert "Traceback" not in stderr


def test_malformed_json_names_the_problem(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"session_id": "x", "student_id": 5,', encoding="utf-8")

    code, _, stderr = analyze(runner, str(bad), "--format", "session")

    assert code != 0
    assert "bad.json" in stderr
    assert "Traceback" not in stderr


def test_student_show_for_an_unknown_student(runner: CliRunner) -> None:
    result = runner.invoke(app, ["student", "show", "nobody"])

    assert result.exit_code == 2
    assert "no student 'nobody'" in result.stderr


def test_demo_runs_the_bundled_sessions_and_shows_each_students_mastery(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "--fresh"])

    assert result.exit_code == 0, result.stderr
    for student in ("demo-student-maya", "demo-student-leo", "demo-student-sofia"):
        assert student in result.stdout
    assert "fractions" in result.stdout
    assert "analyzed" in result.stdout
    assert "Maya" not in result.stdout.replace("demo-student-maya", "")

    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 0
    assert "already analyzed" in again.stdout


CANARY_TRANSCRIPT = """\
Tutor: Hi Zebulon! Your mom said to email zebulon.quartermaine@example.org or call 415-555-0199.
Zebulon: ok. What is 6 times 7? I think 42
Tutor: Correct, 42! Nice work, Zebulon Quartermaine.
"""
CANARIES = ("Zebulon", "zebulon", "Quartermaine", "quartermaine", "415-555-0199", "5550199")


def _raw_database(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(data_dir.glob("afterclass.sqlite3*")))


def test_nothing_personal_is_stored_in_clear_and_erase_removes_the_student(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "canary.txt"
    path.write_text(CANARY_TRANSCRIPT, encoding="utf-8")
    args = ("--student-id", "canary-1", "--student-name", "Zebulon Quartermaine")
    assert analyze(runner, str(path), *args)[0] == 0

    raw = _raw_database(tmp_path / "data")
    assert raw, "the database file should exist"
    assert [c for c in CANARIES if c.encode() in raw] == []

    exported = runner.invoke(app, ["student", "export", "canary-1"])
    assert exported.exit_code == 0
    assert "Zebulon" in exported.stdout  # the family gets everything back, decrypted

    erased = runner.invoke(app, ["student", "erase", "canary-1", "--yes"])
    assert erased.exit_code == 0, erased.stderr
    assert runner.invoke(app, ["student", "show", "canary-1"]).exit_code == 2
    code, _, stderr = analyze(runner, str(path), *args)
    assert code != 0
    assert "erased" in stderr


def test_purge_reports_what_it_deleted(runner: CliRunner, transcript: Path) -> None:
    analyze(runner, str(transcript), "--student-id", "leo-7")

    result = runner.invoke(app, ["purge"])

    assert result.exit_code == 0, result.stderr
    assert "purged" in result.stdout
