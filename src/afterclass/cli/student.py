"""``afterclass student ...``: what afterclass holds about one student."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Group
from rich.panel import Panel

from afterclass.cli.common import out, state, user_errors
from afterclass.cli.render import mastery_table, trajectory_table
from afterclass.errors import NotFoundError
from afterclass.runtime import open_store
from afterclass.store import vacuum


def show(
    ctx: typer.Context,
    student_id: Annotated[str, typer.Argument(help="The student's id as the tutor sends it.")],
    as_json: Annotated[bool, typer.Option("--json", help="The StudentState as JSON.")] = False,
) -> None:
    """Profile, per-concept mastery, trajectory and session count."""
    with user_errors():
        store = open_store(state(ctx).settings())
        snapshot = store.load_state(student_id)
        if snapshot.version == 0:
            raise NotFoundError(
                f"no student {student_id!r} in this database; analyze a session first"
            )
    if as_json:
        sys.stdout.write(snapshot.state.model_dump_json(indent=2) + "\n")
        return
    profile = snapshot.state.profile
    styles = ", ".join(
        f"{name.removesuffix('_preference')} {estimate.score:.2f}"
        for name in ("visual_preference", "auditory_preference", "kinesthetic_preference")
        if (estimate := getattr(profile, name)) is not None
    )
    header = (
        f"sessions: {profile.session_count}   last updated: "
        f"{profile.last_updated.isoformat() if profile.last_updated else '-'}\n"
        f"observed preferences: {styles or 'none yet'}"
    )
    observations = "\n".join(f"• {o.text}" for o in profile.behavioral_observations[-5:])
    out.print(Panel(Group(header, observations or "no observations yet"), title=student_id))
    out.print(mastery_table(snapshot.state))
    out.print(trajectory_table(snapshot.state))


def export(
    ctx: typer.Context,
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
) -> None:
    """Write everything held about a student as JSON (decrypted, for the family)."""
    with user_errors():
        store = open_store(state(ctx).settings())
        document = store.export_student(student_id)
    sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")


def erase(
    ctx: typer.Context,
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove every record of a student, leaving only a tombstone (keyed hash and time)."""
    from datetime import UTC, datetime

    if not yes:
        typer.confirm(
            f"Erase everything held about {student_id}? This cannot be undone", abort=True
        )
    with user_errors():
        settings = state(ctx).settings()
        store = open_store(settings)
        removed = store.erase_student(student_id, at=datetime.now(UTC), actor=settings.actor)
        vacuum(store.engine)  # so the erased rows are physically gone from the database file
    out.print(f"erased {student_id}: {removed} records removed; a tombstone refuses late sessions")


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(export)
    app.command()(erase)
