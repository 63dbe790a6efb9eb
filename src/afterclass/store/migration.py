"""Schema migrations: Alembic, with its scripts inside the package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from afterclass.errors import StoreError
from afterclass.store.engine import WRITE_OPTION

MIGRATIONS = Path(__file__).parent / "migrations"
#: PostgreSQL advisory lock id held while migrating, so two processes never migrate at once.
_MIGRATION_LOCK = 0x61667465  # "afte"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the package's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database schema up to date (``alembic upgrade head``), in one transaction."""
    config = alembic_config()
    try:
        with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as error:
        raise StoreError(
            f"the database schema could not be migrated: {error}; the database may have been "
            "migrated by a newer afterclass version: upgrade afterclass"
        ) from None
    except DBAPIError as error:
        raise StoreError(
            f"the database could not be migrated ({type(error.orig).__name__}); check "
            "AFTERCLASS_DATABASE_URL and that the database server is running"
        ) from error
