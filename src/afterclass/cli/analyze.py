"""``afterclass analyze FILE...``: run the whole pipeline on sessions from files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from afterclass.cli.common import err, out, state, user_errors
from afterclass.cli.render import render_outcome
from afterclass.errors import AfterclassError
from afterclass.ingest import Format, TranscriptDefaults, load_file
from afterclass.pipeline import Outcome
from afterclass.runtime import open_runtime

#: Above this many files a progress bar is shown on stderr.
PROGRESS_FROM = 3


def analyze(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="Session JSON, Vapi end-of-call-report, or plain transcript."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One SessionAnalysis JSON document per line.")
    ] = False,
    analyzer: Annotated[
        str | None, typer.Option(help="rules (offline) or llm. Env: AFTERCLASS_ANALYZER.")
    ] = None,
    input_format: Annotated[
        Format | None,
        typer.Option("--format", help="Force the input format: session, vapi or transcript."),
    ] = None,
    student_id: Annotated[
        str | None, typer.Option(help="Student id for plain transcripts.")
    ] = None,
    student_name: Annotated[
        str | None, typer.Option(help="Student's name in a plain transcript (redacted).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="With --analyzer llm: print the requests, tokens and cost; send nothing.",
        ),
    ] = False,
) -> None:
    """Analyze sessions: redact, assess, check, learn, store; print each SessionAnalysis."""
    with user_errors():
        fmt = input_format
        settings = state(ctx).settings()
        defaults = TranscriptDefaults(student_id=student_id, student_name=student_name)
        if dry_run:
            _dry_run(files, fmt, defaults, analyzer or settings.analyzer)
            return
        pipeline = open_runtime(settings).pipeline(analyzer)
    failures = 0
    with _progress(len(files)) as progress:
        task = progress.add_task("analyzing", total=len(files))
        for path in files:
            try:
                for session in load_file(path, format=fmt, defaults=defaults):
                    outcome = pipeline.process_session(session)
                    failures += outcome.status in {"failed", "deferred"}
                    _show(outcome, as_json)
            except AfterclassError as error:
                failures += 1
                err.print(f"[bold red]error:[/] {error}", markup=True)
            progress.advance(task)
    if failures:
        raise typer.Exit(code=1)


def _show(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        if outcome.analysis is not None:
            sys.stdout.write(outcome.analysis.model_dump_json() + "\n")
        if outcome.status in {"failed", "deferred"}:
            err.print(f"{outcome.session_id}: {outcome.status}: {outcome.reason}")
        return
    render_outcome(out, outcome)


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=total < PROGRESS_FROM or not err.is_terminal,
        transient=True,
    )


def _dry_run(
    files: list[Path], fmt: Format | None, defaults: TranscriptDefaults, analyzer: str
) -> None:
    from afterclass.cli.llm import print_dry_run

    if analyzer != "llm":
        from afterclass.errors import InputError

        raise InputError(
            "--dry-run shows LLM requests; use it with --analyzer llm", field="--dry-run"
        )
    sessions = [s for path in files for s in load_file(path, format=fmt, defaults=defaults)]
    print_dry_run(sessions)


def register(app: typer.Typer) -> None:
    app.command()(analyze)
