"""The database engine: SQLite by default (WAL, foreign keys, busy timeout) or PostgreSQL.

``make_engine`` is the only place that tells the two apart; the rest of the store runs the same
SQL on both. On SQLite, afterclass emits ``BEGIN`` itself (the ``sqlite3`` driver's legacy
transaction control skips it for reads and savepoints), and writers take the write lock up front
with ``BEGIN IMMEDIATE``, so two processes never deadlock upgrading a read lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from afterclass.errors import ConfigError, MissingExtraError

#: Execution option marking a connection that will write: on SQLite it begins with BEGIN IMMEDIATE.
WRITE_OPTION = "afterclass_write"
#: How long a SQLite connection waits for another writer before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    # Deleted rows are overwritten with zeros, so an erased student's blobs leave the file at once.
    "PRAGMA secure_delete=ON",
)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``).

    For a SQLite file the parent folder is created. ``postgresql://`` and ``postgres://`` are
    taken to mean psycopg 3.
    """
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, NoSuchModuleError):
        raise MissingExtraError(
            f"the database URL needs the {parsed.drivername!r} driver, which is not installed; "
            "install it with `pip install 'afterclass[postgres]'`"
        ) from None


def vacuum(engine: Engine) -> None:
    """Give freed space back and rewrite the file (SQLite), so deleted data is physically gone."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("VACUUM")


def _parse(url: str) -> URL:
    text_url = url.strip()
    if text_url.startswith("postgres://"):
        text_url = "postgresql://" + text_url.removeprefix("postgres://")
    try:
        return make_url(text_url)
    except ArgumentError:
        raise ConfigError(
            "the database URL is not a SQLAlchemy URL; use e.g. sqlite:///path/afterclass.sqlite3 "
            "or postgresql+psycopg://user:password@host:5432/afterclass (AFTERCLASS_DATABASE_URL)"
        ) from None


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # Take transaction control away from the driver; _on_sqlite_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    # SQLAlchemy's isolation-level reset hands control back to the driver; take it again.
    connection.connection.dbapi_connection.isolation_level = None  # type: ignore[union-attr]
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")
