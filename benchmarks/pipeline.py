"""Sessions per second through the whole embedded pipeline, and peak memory as the count grows.

    python benchmarks/pipeline.py                      # 1,000 and 10,000 sessions on SQLite
    python benchmarks/pipeline.py --postgres URL       # the same on PostgreSQL too
    python benchmarks/pipeline.py --counts 200         # a quick look
    python benchmarks/pipeline.py --workers 2          # two processes sharing one database

The table's caption says whether the package is the pure-Python one or the compiled build
(docs/architecture.md, "A compiled build").

Each session is a generated 30-minute dialogue of about 4,000 words (benchmarks/sessiongen.py).
The whole pipeline runs in one process on one core: accept, redact, rules analysis, engagement,
grounding, quality, learning and the encrypted commit. Target: >= 100 sessions/s on SQLite.

Only the pipeline's own calls are timed, not the generation of the sessions. With ``--workers N``,
N processes share the database (sessions of the same students land in different processes, so
they contend for the students' state as real workers would); each takes every Nth session, and
the figure is the sum of their rates, as they run side by side (an equal share each, so they end
together). Peak memory is the largest of any one process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from multiprocessing.queues import Queue
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from afterclass.store import make_engine, migrate

sys.path.insert(0, str(Path(__file__).parent))
from harness import Keys, build, rules_pipeline
from sessiongen import make_session

console = Console(width=130)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work(
    url: str, keys: Keys, count: int, share: range, tick: Callable[[], None], *, migrated: bool
) -> dict[str, float]:
    """Run the sessions ``share`` (of ``count`` generated) through a pipeline on ``url``: how
    many, the busy seconds, the words read, and this process's peak memory at half and at the
    end."""
    pipeline = rules_pipeline(url, keys, migrated=migrated)
    words = 0
    busy = 0.0
    rss_half = 0.0
    for done, index in enumerate(share, start=1):
        session = make_session(index, seed=count)
        words += sum(t.words for t in session.turns)
        started = time.perf_counter()
        outcome = pipeline.process_session(session)
        busy += time.perf_counter() - started
        if outcome.status != "analyzed":
            raise SystemExit(f"session {index}: {outcome.status} {outcome.reason}")
        if done == len(share) // 2:
            rss_half = peak_rss_mb()
        tick()
    pipeline.store.engine.dispose()
    return {
        "sessions": len(share),
        "busy": busy,
        "words": words,
        "rss_half": rss_half,
        "rss_end": peak_rss_mb(),
    }


def _worker(url: str, keys: Keys, count: int, share: range, ticks: Queue[object]) -> None:
    """``work`` in a process of its own, reporting each session and then its figures."""
    ticks.put(work(url, keys, count, share, lambda: ticks.put(None), migrated=True))


def run(url: str, count: int, label: str, workers: int) -> dict[str, float]:
    keys = Keys()
    with Progress(
        TextColumn(f"{label} {count:>6,}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=count)
        if workers == 1:
            shares = [
                work(url, keys, count, range(count), lambda: progress.advance(task), migrated=False)
            ]
        else:
            shares = _run_processes(url, keys, count, workers, lambda: progress.advance(task))
    return {
        "sessions/s": sum(share["sessions"] / share["busy"] for share in shares),
        "ms/session": 1000 * sum(share["busy"] for share in shares) / count,
        "words/session": sum(share["words"] for share in shares) / count,
        "peak RSS at half (MB)": max(share["rss_half"] for share in shares),
        "peak RSS at end (MB)": max(share["rss_end"] for share in shares),
    }


def _run_processes(
    url: str, keys: Keys, count: int, workers: int, tick: Callable[[], None]
) -> list[dict[str, float]]:
    """``work`` in ``workers`` processes at once, each on every ``workers``-th session."""
    engine = make_engine(url)
    migrate(engine)  # once, before any worker opens the database
    engine.dispose()
    context = multiprocessing.get_context("spawn")
    ticks: Queue[object] = context.Queue()
    processes = [
        context.Process(target=_worker, args=(url, keys, count, range(i, count, workers), ticks))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    shares: list[dict[str, float]] = []
    try:
        while len(shares) < workers:
            try:
                message = ticks.get(timeout=1)
            except queue.Empty:
                failed = [p.exitcode for p in processes if p.exitcode]
                if failed:
                    raise SystemExit(f"a worker process failed (exit code {failed[0]})") from None
                continue
            if isinstance(message, dict):
                shares.append(message)
            else:
                tick()
    finally:
        for process in processes:
            if len(shares) < workers:
                process.terminate()
            process.join()
    return shares


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
        "--workers", type=int, default=1, help="processes sharing the database (default 1)"
    )
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="e.g. postgresql+psycopg://postgres@127.0.0.1/postgres",
    )
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    processes = "one process, one core" if args.workers == 1 else f"{args.workers} processes"
    table = Table(
        title=f"afterclass pipeline throughput (rules analyzer, {processes})",
        caption=f"build: {build()}",
    )
    table.add_column("database")
    table.add_column("sessions", justify="right")
    results: list[tuple[str, int, dict[str, float]]] = []
    for count in args.counts:
        with tempfile.TemporaryDirectory() as folder:
            results.append(
                (
                    "sqlite",
                    count,
                    run(f"sqlite:///{folder}/bench.sqlite3", count, "sqlite", args.workers),
                )
            )
        if args.postgres:
            url, name = fresh_postgres(args.postgres)
            try:
                results.append(("postgresql", count, run(url, count, "postgresql", args.workers)))
            finally:
                drop_postgres(args.postgres, name)
    for key in results[0][2]:
        table.add_column(key, justify="right")
    for database, count, figures in results:
        table.add_row(database, f"{count:,}", *(f"{value:,.1f}" for value in figures.values()))
    console.print(table)


if __name__ == "__main__":
    main()
