"""The ``afterclass`` command: thin commands that parse, call one library function, and render."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from afterclass import __version__
from afterclass.cli.common import State, out

app = typer.Typer(
    name="afterclass",
    help="Analyze AI-tutoring sessions after they end.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
student_app = typer.Typer(help="What afterclass holds about one student.", no_args_is_help=True)
app.add_typer(student_app, name="student")


@app.callback()
def _main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Data folder (database, queue, key file). Env: AFTERCLASS_DATA_DIR."),
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL. Env: AFTERCLASS_DATABASE_URL.")
    ] = None,
) -> None:
    ctx.obj = State(data_dir, database_url)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


@app.command()
def schema(
    which: Annotated[Literal["session", "analysis"], typer.Argument(help="session or analysis")],
) -> None:
    """Print the JSON Schema of the session input or of the SessionAnalysis output."""
    from afterclass.models import Session, SessionAnalysis

    model = Session if which == "session" else SessionAnalysis
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


def _register_commands() -> None:
    from afterclass.cli import analyze, demo, keys, llm, purge, redact, student

    for module in (analyze, demo, redact, llm, keys, purge):
        module.register(app)
    student.register(student_app)


_register_commands()
