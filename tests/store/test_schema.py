"""The engine and the migrations: the schema Alembic builds is exactly the one the code declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from afterclass.errors import ConfigError
from afterclass.store import make_engine, migrate
from afterclass.store.tables import Base

TABLES = {
    "students",
    "student_state",
    "sessions",
    "session_analysis",
    "pseudonym_maps",
    "audit_log",
    "erased_students",
    "anonymization_log",
}


def test_migrate_creates_every_table_and_records_the_revision(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        migrate(engine)  # a second run finds the schema current and changes nothing
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            revisions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert [row[0] for row in revisions] == ["0001"]
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_the_seed_indexes_exist_including_the_partial_quality_index(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("session_analysis")}
        assert indexes["idx_session_analysis_student"]["column_names"] == [
            "student_id_hash",
            "created_at",
        ]
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                sql = "SELECT sql FROM sqlite_master WHERE name = :name"
            else:
                sql = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
            name = {"name": "idx_session_analysis_quality"}
            definition = connection.execute(text(sql), name).scalar_one()
        assert "WHERE" in definition.upper() and "0.7" in definition
    finally:
        engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'db.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
        assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000}
        assert (tmp_path / "new" / "folder" / "db.sqlite3").exists()
    finally:
        engine.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        migrate(engine)
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO student_state (student_key, version, state, updated_at) "
                    "VALUES ('nobody', 1, x'00', '2025-01-01 00:00:00')"
                )
            )
    finally:
        engine.dispose()


def test_a_plain_postgresql_url_means_psycopg_3() -> None:
    engine = make_engine("postgresql://user@127.0.0.1:1/afterclass")
    assert engine.dialect.driver == "psycopg"
    engine = make_engine("postgres://user@127.0.0.1:1/afterclass")
    assert engine.dialect.driver == "psycopg"


def test_a_malformed_url_is_a_config_error_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match="AFTERCLASS_DATABASE_URL"):
        make_engine("not a url at all")
