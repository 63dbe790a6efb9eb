"""``afterclass redact FILE [--known-name NAME]... [--json]``: show what redaction removes."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from afterclass.cli.common import user_errors
from afterclass.errors import InputError
from afterclass.ingest import MAX_INPUT_BYTES, detect_format, parse_payload
from afterclass.models import Person, Session
from afterclass.privacy.redactor import Redactor
from afterclass.privacy.session import session_participants
from afterclass.privacy.spans import Span
from afterclass.privacy.stream import Chunk, redact_stream

_PEEK_CHARS = 4096


def register(app: typer.Typer) -> None:
    app.command(name="redact")(redact)


def redact(
    file: Annotated[Path, typer.Argument(help="Plain text of any size, or a session JSON.")],
    known_name: Annotated[
        list[str] | None,
        typer.Option(
            "--known-name",
            help="A name that must go in every form; repeat it. The first is the student.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print {text, spans}; span offsets index the original.")
    ] = False,
    language: Annotated[str, typer.Option(help="Language of a plain text: en or es.")] = "en",
    region: Annotated[str, typer.Option(help="Phone region of a plain text: US, ES, MX...")] = "US",
) -> None:
    """Print FILE with names and identifiers replaced by stable tags ([STUDENT], [EMAIL_1]...)."""
    with user_errors():
        extra = _known_people(known_name or [])
        sessions = _sessions_in(file)
        if sessions is None:
            redactor = Redactor(known_people=extra, language=language, region=region)
            with _open_text(file) as stream:
                _print_chunks(redact_stream(_lines(stream, file), redactor), as_json)
            return
        for session in sessions:
            people = session_participants(
                session, [p.model_copy(update={"role": "other"}) for p in extra]
            )
            redactor = Redactor(known_people=people, language=session.language)
            _print_chunks(iter([Chunk(0, redactor.redact(_session_text(session)))]), as_json)


def _known_people(names: list[str]) -> list[Person]:
    people: list[Person] = []
    for index, name in enumerate(names):
        if not name.strip():
            raise InputError("--known-name is empty; give a name such as --known-name 'Maya Lopez'")
        people.append(Person(name=name, role="student" if index == 0 else "other"))
    return people


def _open_text(file: Path) -> TextIO:
    try:
        return file.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InputError("no such file; check the path", source=str(file)) from None
    except OSError as error:
        raise InputError(
            f"cannot read the file ({error.strerror}); check it", source=str(file)
        ) from None


def _lines(stream: TextIO, file: Path) -> Iterator[str]:
    try:
        yield from stream
    except UnicodeDecodeError as error:
        raise InputError(
            f"is not UTF-8 text (byte {error.start}); convert it, e.g. iconv -t UTF-8",
            source=str(file),
        ) from None


def _sessions_in(file: Path) -> list[Session] | None:
    """The sessions in a JSON file, or None for plain text (detected by trying JSON)."""
    with _open_text(file) as stream:
        head = "".join(_first_chars(_lines(stream, file)))
    if not head.lstrip().startswith(("{", "[")) or file.stat().st_size > MAX_INPUT_BYTES:
        return None
    data = file.read_bytes()
    if detect_format(data) == "transcript":
        return None
    return parse_payload(data, source=str(file))


def _first_chars(lines: Iterator[str]) -> Iterator[str]:
    taken = 0
    for line in lines:
        yield line
        taken += len(line)
        if taken >= _PEEK_CHARS:
            return


def _session_text(session: Session) -> str:
    if session.turns:
        return (
            "\n".join(f"{turn.speaker.capitalize()}: {turn.text}" for turn in session.turns) + "\n"
        )
    return session.conversation.transcript or ""


def _print_chunks(chunks: Iterator[Chunk], as_json: bool) -> None:
    out = sys.stdout
    if not as_json:
        for chunk in chunks:
            out.write(chunk.redaction.text)
        out.flush()
        return
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        out.write('{"text": "')
        count = 0
        for chunk in chunks:
            out.write(json.dumps(chunk.redaction.text)[1:-1])
            for span in chunk.spans():
                spool.write(("," if count else "") + json.dumps(_span_json(span)))
                count += 1
        out.write('", "spans": [')
        spool.seek(0)
        while piece := spool.read(1 << 16):
            out.write(piece)
        out.write("]}\n")
    out.flush()


def _span_json(span: Span) -> dict[str, object]:
    return {"start": span.start, "end": span.end, "type": span.type, "tag": span.tag}
