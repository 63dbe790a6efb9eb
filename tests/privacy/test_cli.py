"""``afterclass redact``: plain text of any size or a session JSON, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from afterclass.cli import redact
from afterclass.privacy import Redactor
from afterclass.privacy.stream import line_chunks, redact_stream

TEXT = "Tutor: Hi Maya!\nStudent: my email is maya@x.com and my friend Zeke says hi\n"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    redact.register(app)

    @app.callback()
    def _root() -> None:
        """A tiny app holding only the command under test."""

    return app


def _run(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    """Exit code, output, and errors with their line wrapping undone (Rich wraps a message that
    holds a long temporary path wherever the terminal width falls)."""
    result = CliRunner().invoke(app, ["redact", *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_plain_text_with_a_known_name(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "day.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _run(app, str(path), "--known-name", "Maya Lopez")
    assert code == 0
    assert (
        out
        == "Tutor: Hi [STUDENT]!\nStudent: my email is [EMAIL_1] and my friend [PERSON_1] says hi\n"
    )


def test_json_output_has_offsets_into_the_original(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "day.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _run(app, str(path), "--known-name", "Maya", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["text"].startswith("Tutor: Hi [STUDENT]!")
    assert [(TEXT[s["start"] : s["end"]], s["type"], s["tag"]) for s in document["spans"]] == [
        ("Maya", "PERSON", "[STUDENT]"),
        ("maya@x.com", "EMAIL", "[EMAIL_1]"),
        ("Zeke", "PERSON", "[PERSON_1]"),
    ]


def test_a_session_json_uses_its_own_known_people(app: typer.Typer, tmp_path: Path) -> None:
    session = {
        "session_id": "s-1", "student_id": "stu-1",
        "started_at": "2026-11-02T16:00:00Z", "ended_at": "2026-11-02T16:20:00Z",
        "student": {"name": "Maya Chen"}, "people": [{"name": "Dan Ortiz", "role": "tutor"}],
        "conversation": {"turns": [{"speaker": "tutor", "text": "Hi maya, I'm Dan"},
                                   {"speaker": "student", "text": "hi ortiz"}]},
    }  # fmt: skip
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    code, out, _ = _run(app, str(path))
    assert code == 0
    assert out == "Tutor: Hi [STUDENT], I'm [TUTOR]\nStudent: hi [TUTOR]\n"


def test_a_broken_session_json_is_a_clear_error(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"session_id": "s-1"}), encoding="utf-8")
    code, _, err = _run(app, str(path))
    assert code == 2
    assert "error:" in err and "session.json" in err


def test_a_missing_file_and_an_empty_name_are_clear_errors(
    app: typer.Typer, tmp_path: Path
) -> None:
    code, _, err = _run(app, str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err
    path = tmp_path / "a.txt"
    path.write_text("hi", encoding="utf-8")
    code, _, err = _run(app, str(path), "--known-name", " ")
    assert code == 2 and "--known-name is empty" in err


def test_text_that_is_not_utf8_is_a_clear_error(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Hola Mar\xeda\n".encode("latin-1"))
    code, _, err = _run(app, str(path))
    assert code == 2 and "not UTF-8" in err


def test_a_large_file_is_streamed_in_chunks_with_one_set_of_pseudonyms(tmp_path: Path) -> None:
    lines = [
        f"Student: my friend Zeke and line {i} with 512-555-01{i % 100:02d}\n" for i in range(3000)
    ]
    chunks = list(line_chunks(lines, chunk_chars=10_000))
    assert len(chunks) > 10 and all(chunk.endswith("\n") for chunk in chunks)
    redactor = Redactor()
    spans = [
        span
        for chunk in redact_stream(lines, redactor, chunk_chars=10_000)
        for span in chunk.spans()
    ]
    text = "".join(lines)
    assert {text[s.start : s.end] for s in spans if s.type == "PERSON"} == {"Zeke"}
    assert {s.tag for s in spans if s.type == "PERSON"} == {"[PERSON_1]"}
    assert len({s.tag for s in spans if s.type == "PHONE"}) == 100


def test_the_cli_streams_a_big_file(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Tutor: Hi Maya, what is 3/4 + 1/8?\n" * 8_000, encoding="utf-8")  # 2 chunks
    code, out, _ = _run(app, str(path), "--known-name", "Maya")
    assert code == 0
    assert out.count("[STUDENT]") == 8_000 and "Maya" not in out
