"""Sessions per second through the whole embedded pipeline, and peak memory as the count grows.

    python benchmarks/pipeline.py                      # 1,000 and 10,000 sessions on SQLite
    python benchmarks/pipeline.py --postgres URL       # the same on PostgreSQL too
    python benchmarks/pipeline.py --counts 200         # a quick look

The table's caption says whether the package is the pure-Python one or the compiled build
(docs/architecture.md, "A compiled build").

Each session is a generated 30-minute dialogue of about 4,000 words (benchmarks/sessiongen.py).
The whole pipeline runs in this one process on one core: accept, redact, rules analysis, engagement,
grounding, quality, learning and the encrypted commit. Target: >= 100 sessions/s on SQLite.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from harness import build, rules_pipeline
from sessiongen import make_session

console = Console(width=130)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(url: str, count: int, label: str) -> dict[str, float]:
    pipeline = rules_pipeline(url)
    words = 0
    busy = 0.0
    rss_half = 0.0
    with Progress(
        TextColumn(f"{label} {count:>6,}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=count)
        for index in range(count):
            session = make_session(index, seed=count)
            words += sum(t.words for t in session.turns)
            started = time.perf_counter()
            outcome = pipeline.process_session(session)
            busy += time.perf_counter() - started
            if outcome.status != "analyzed":
                raise SystemExit(f"session {index}: {outcome.status} {outcome.reason}")
            if index == count // 2:
                rss_half = peak_rss_mb()
            progress.advance(task)
    pipeline.store.engine.dispose()
    return {
        "sessions/s": count / busy,
        "ms/session": 1000 * busy / count,
        "words/session": words / count,
        "peak RSS at half (MB)": rss_half,
        "peak RSS at end (MB)": peak_rss_mb(),
    }


def fresh_postgres(admin_url: str) -> tuple[str, str]:
    admin = make_url(admin_url)
    name = f"afterclass_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(admin, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return admin.set(database=name).render_as_string(hide_password=False), name


def drop_postgres(admin_url: str, name: str) -> None:
    with create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="e.g. postgresql+psycopg://postgres@127.0.0.1/postgres",
    )
    args = parser.parse_args()
    table = Table(
        title="afterclass pipeline throughput (rules analyzer, one process, one core)",
        caption=f"build: {build()}",
    )
    table.add_column("database")
    table.add_column("sessions", justify="right")
    results: list[tuple[str, int, dict[str, float]]] = []
    for count in args.counts:
        with tempfile.TemporaryDirectory() as folder:
            results.append(
                ("sqlite", count, run(f"sqlite:///{folder}/bench.sqlite3", count, "sqlite"))
            )
        if args.postgres:
            url, name = fresh_postgres(args.postgres)
            try:
                results.append(("postgresql", count, run(url, count, "postgresql")))
            finally:
                drop_postgres(args.postgres, name)
    for key in results[0][2]:
        table.add_column(key, justify="right")
    for database, count, figures in results:
        table.add_row(database, f"{count:,}", *(f"{value:,.1f}" for value in figures.values()))
    console.print(table)


if __name__ == "__main__":
    main()
