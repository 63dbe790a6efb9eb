"""``afterclass demo``: the whole pipeline on bundled sample sessions, offline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.rule import Rule

from afterclass.cli.common import out, state, user_errors
from afterclass.cli.render import mastery_table, trajectory_table
from afterclass.ingest import parse_payload
from afterclass.models import Session
from afterclass.runtime import open_runtime


def bundled_sessions() -> list[Session]:
    """The sample sessions shipped with afterclass, oldest first."""
    folder = resources.files("afterclass.data") / "demo"
    sessions = [
        session
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
        for session in parse_payload(entry.read_bytes(), source=f"demo/{entry.name}")
    ]
    return sorted(sessions, key=lambda s: s.started_at)


def demo(
    ctx: typer.Context,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start from an empty demo database.")
    ] = False,
) -> None:
    """Analyze the bundled sample sessions and show what afterclass learned about each student."""
    with user_errors():
        base = state(ctx).settings()
        demo_dir = Path(base.data_dir) / "demo"
        if fresh:
            (demo_dir / "afterclass.sqlite3").unlink(missing_ok=True)
        settings = state(ctx).settings(data_dir=demo_dir, analyzer="rules", database_url=None)
        runtime = open_runtime(settings)
        pipeline = runtime.pipeline()
        sessions = bundled_sessions()
        out.print(
            f"afterclass demo: {len(sessions)} sessions, offline rules analyzer, "
            f"database {demo_dir}"
        )
        for session in sessions:
            outcome = pipeline.process_session(session)
            analysis = outcome.analysis
            detail = outcome.reason or ""
            if analysis is not None:
                attempts = analysis.progress.attempts
                right = sum(a.outcome == "correct" for a in attempts)
                detail = (
                    f"{len(attempts)} attempts, {right} correct; "
                    f"engagement {analysis.summary.engagement_level}"
                )
            status = outcome.status.replace("_", " ")
            out.print(f"  {session.session_id:<14} {status:<17} {detail}")
        for student_id in dict.fromkeys(s.student_id for s in sessions):
            student_state = runtime.store.load_state(student_id).state
            out.print(Rule(student_id))
            out.print(mastery_table(student_state))
            out.print(trajectory_table(student_state))
        out.print(
            "\nInspect one student: afterclass --data-dir "
            f"{demo_dir} student show demo-student-maya"
        )


def register(app: typer.Typer) -> None:
    app.command()(demo)
