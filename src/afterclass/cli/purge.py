"""``afterclass purge``: delete records whose retention period has ended."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from afterclass.cli.common import out, state, user_errors
from afterclass.runtime import open_store
from afterclass.store import vacuum


def purge(
    ctx: typer.Context,
    compact: Annotated[
        bool, typer.Option(help="Rewrite the database file afterwards so deleted data is gone.")
    ] = True,
) -> None:
    """Delete transcripts, analyses and audit records past their retention_expires_at."""
    with user_errors():
        store = open_store(state(ctx).settings())
        counts = store.purge_expired(now=datetime.now(UTC))
        if compact and any(counts.values()):
            vacuum(store.engine)
    table = Table(title="purged (retention ended)", title_justify="left")
    table.add_column("records")
    table.add_column("deleted", justify="right")
    for kind, count in counts.items():
        table.add_row(kind, str(count))
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(purge)
