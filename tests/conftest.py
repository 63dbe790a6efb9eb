"""Fixtures shared by the whole suite.

Tests that need PostgreSQL or Redis use the ``postgres_url`` / ``redis_url`` fixtures. Where the
service is not reachable they skip and say why; with ``CI=true`` that skip becomes a failure,
because CI must run them.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "AFTERCLASS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("AFTERCLASS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _refuse_compiled_modules() -> None:
    """Refuse to test a checkout that holds compiled modules: building the compiled wheel from it
    (docs/architecture.md, "A compiled build") leaves them in src/, where they would shadow the
    Python files under test. Run when this file loads, before any test module imports them."""
    source = Path(__file__).resolve().parents[1] / "src"
    compiled = sorted(str(p.relative_to(source)) for p in source.rglob("*") if _compiled(p))
    if compiled:
        raise pytest.UsageError(
            f"src/ holds {len(compiled)} compiled module(s) ({', '.join(compiled[:3])}) that "
            "would be tested instead of the Python files; remove them with "
            "`git clean -fX src` and run the tests again"
        )


def _compiled(path: Path) -> bool:
    return path.suffix in {".so", ".pyd"}


_refuse_compiled_modules()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` on a laptop; fail in CI, where every service must be present."""
    if _in_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A freshly created, empty PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = make_url(POSTGRES_ADMIN_URL)
    if not _reachable(admin.host or "127.0.0.1", admin.port or 5432):
        skip_or_fail(f"PostgreSQL is not reachable at {admin.host}:{admin.port}")
    name = f"afterclass_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The Redis URL for tests (database 15); tests use their own key prefixes and delete them."""
    from urllib.parse import urlparse

    parsed = urlparse(REDIS_URL)
    if not _reachable(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        skip_or_fail(f"Redis is not reachable at {parsed.hostname}:{parsed.port}")
    yield REDIS_URL


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """Runs a test once on a fresh SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{Path(tmp_path) / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def c_compiler() -> str:
    """The C compiler that builds Python extensions here (for the compiled build's test)."""
    import shutil
    import sysconfig

    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if shutil.which(compiler) is None:
        skip_or_fail(f"no C compiler {compiler!r} to build extensions with")
    if not headers.exists():
        skip_or_fail(f"no Python headers at {headers.parent} to build extensions with")
    return compiler
