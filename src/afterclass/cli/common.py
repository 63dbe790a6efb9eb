"""What every command shares: resolved settings, the two consoles, and error rendering."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from afterclass.config import Settings, load_settings
from afterclass.errors import AfterclassError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class State:
    """Options shared by every command, resolved lazily so ``--help`` never touches the disk."""

    def __init__(self, data_dir: Path | None, database_url: str | None):
        self._overrides: dict[str, object] = {}
        if data_dir is not None:
            self._overrides["data_dir"] = data_dir
        if database_url is not None:
            self._overrides["database_url"] = database_url

    def settings(self, **more: object) -> Settings:
        return load_settings(**{**self._overrides, **more})


def state(ctx: typer.Context) -> State:
    found = ctx.find_object(State)
    return found if found is not None else State(None, None)


@contextmanager
def user_errors() -> Iterator[None]:
    """Show an AfterclassError as one clear line and exit 2, never as a traceback."""
    try:
        yield
    except AfterclassError as error:
        err.print(f"[bold red]error:[/] {error}", markup=True)
        raise typer.Exit(code=2) from None
