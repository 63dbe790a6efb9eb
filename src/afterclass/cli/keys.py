"""``afterclass keys ...``: make, check and rotate keys. Never prints a secret except ``keys new``'s
freshly made key, which is what it is for."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from afterclass.alerts import build_alerter, load_alert_config
from afterclass.cli.common import err, out, state, user_errors
from afterclass.config import Settings
from afterclass.privacy.crypto import IdHasher, Keyring, new_key_b64
from afterclass.secrets.checkup import KeysCheck, check_keys
from afterclass.secrets.config import load_secrets_config
from afterclass.secrets.data_keys import load_id_hasher, rotate_data_key
from afterclass.secrets.sources import open_secrets
from afterclass.secrets.validation import KeyStatus, OpenAIKeyValidator

_STATUS_STYLE = {
    KeyStatus.VALID: "[green]valid[/]",
    KeyStatus.REJECTED: "[bold red]rejected[/]",
    KeyStatus.UNKNOWN: "[yellow]unknown[/]",
}


def new() -> None:
    """Print a new random key (32 bytes, base64) for STUDENT_DATA_ENCRYPTION_KEY or the pepper."""
    typer.echo(new_key_b64())


def check(
    ctx: typer.Context,
    validate: Annotated[
        bool, typer.Option(help="Ask the provider whether the OpenAI keys are accepted.")
    ] = True,
) -> None:
    """Which sources are configured, which keys validate, and their ages. Exit 1 on a problem."""
    with user_errors():
        settings = state(ctx).settings()
        config = load_secrets_config(os.environ)
        production = settings.environment == "production"
        source = open_secrets(config, os.environ, production=production)
        validator = None
        if validate:
            validator = OpenAIKeyValidator(
                base_url=config.openai_base_url, timeout=config.validation_timeout_seconds
            )
        result = check_keys(
            config,
            source,
            validator=validator,
            alerter=build_alerter(load_alert_config(os.environ)),
            data_dir=settings.data_dir,
            production=production,
        )
    out.print(f"sources, in order: {', '.join(result.sources)}")
    out.print(_table(result))
    if not result.ok:
        err.print("[bold red]some keys need attention[/] (see the table above)")
        raise typer.Exit(code=1)


def rotate(
    ctx: typer.Context,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Records re-encrypted per transaction.")
    ] = 500,
) -> None:
    """Make the newest encryption key the write key, then re-encrypt every record to it.

    With the embedded default a new key is added to the key file; with a configured key (env or
    vault), put the new key in place first (old one in STUDENT_DATA_ENCRYPTION_OLD_KEYS, or a
    new version in the vault) and run this to re-encrypt."""
    with user_errors():
        settings = state(ctx).settings()
        config = load_secrets_config(os.environ)
        production = settings.environment == "production"
        source = open_secrets(config, os.environ, production=production)
        data_dir = settings.data_dir
        keyring = rotate_data_key(config, source, data_dir=data_dir, production=production)
        hasher = load_id_hasher(config, source, data_dir=data_dir, production=production)
        readers = ", ".join(keyring.key_ids)
        out.print(f"write key: {keyring.write_key.key_id}; keys that can read: {readers}")
        count = _reencrypt(settings, keyring, hasher, batch_size)
    out.print(f"re-encrypted {count} records to key {keyring.write_key.key_id}")


def _reencrypt(settings: Settings, keyring: Keyring, hasher: IdHasher, batch_size: int) -> int:
    from afterclass.store import Store, make_engine, migrate

    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    store = Store(engine, keyring=keyring, hasher=hasher, retention=settings.retention)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        progress.add_task(f"re-encrypting in batches of {batch_size}", total=None)
        return store.reencrypt(batch_size=batch_size)


def _table(result: KeysCheck) -> Table:
    table = Table()
    for column in ("key", "source", "version", "age", "status"):
        table.add_column(column, no_wrap=column in ("key", "status"))
    table.add_column("detail")
    for report in result.openai:
        status = _STATUS_STYLE[report.status] if report.status else "-"
        table.add_row(
            f"OpenAI {report.slot}",
            report.source or "-",
            report.version or "-",
            _age(report.age),
            status,
            report.detail,
        )
    data = result.data_key
    table.add_row(
        "data encryption",
        data.source or "-",
        data.version or "-",
        _age(data.age),
        "[green]ok[/]" if data.ok else "[bold red]problem[/]",
        f"write key {data.write_key_id}, {data.readable_keys} readable; {data.note}"
        if data.write_key_id
        else data.note,
    )
    pepper = result.pepper
    table.add_row(
        "id pepper",
        pepper.source or "-",
        "-",
        "-",
        "[green]ok[/]" if pepper.ok else "[bold red]problem[/]",
        pepper.note,
    )
    return table


def _age(age: timedelta | None) -> str:
    if age is None:
        return "-"
    return f"{age.days} d" if age.days else f"{int(age.total_seconds() // 3600)} h"


def register(app: typer.Typer) -> None:
    keys = typer.Typer(help="Encryption and API keys: make, check, rotate.", no_args_is_help=True)
    keys.command("new")(new)
    keys.command("check")(check)
    keys.command("rotate")(rotate)
    app.add_typer(keys, name="keys")
