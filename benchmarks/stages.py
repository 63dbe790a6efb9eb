"""Where the time of one session goes: milliseconds per stage of the embedded pipeline.

    python benchmarks/stages.py [COUNT]        # default 200 generated 30-minute sessions

Each stage the pipeline calls (redaction, the rules analyzer, grounding, engagement, the output
scrub, learning and the store's calls) is timed around its call, on SQLite, without a profiler,
so the figures add up to the wall time of ``process_session``. A bar shows each stage's share.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))

import afterclass.pipeline as pipeline_module
from harness import build, rules_pipeline
from sessiongen import make_session

PIPELINE_STEPS = (
    "redact_session",
    "ground",
    "session_engagement",
    "assess_quality",
    "apply_analysis",
    "_scrub",
)
STORE_CALLS = ("accept_session", "claim", "load_state", "commit_analysis")
BAR_WIDTH = 40


def _timed(spent: Counter[str], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    return timed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    spent: Counter[str] = Counter()
    for name in PIPELINE_STEPS:
        setattr(pipeline_module, name, _timed(spent, name, getattr(pipeline_module, name)))
    pipeline = rules_pipeline(f"sqlite:///{tempfile.mkdtemp()}/stages.sqlite3")
    for name in STORE_CALLS:
        setattr(pipeline.store, name, _timed(spent, f"store.{name}", getattr(pipeline.store, name)))
    pipeline.analyzer.analyze = _timed(spent, "rules analyzer", pipeline.analyzer.analyze)
    sessions = [make_session(index) for index in range(count + 1)]
    pipeline.process_session(sessions[0])  # load the curriculum and name lists first
    spent.clear()
    started = time.perf_counter()
    for session in sessions[1:]:
        pipeline.process_session(session)
    total = time.perf_counter() - started
    spent["everything else"] = total - sum(spent.values())
    table = Table(
        title=f"ms per 30-minute session, {count} sessions on SQLite, one core",
        caption=f"build: {build()}",
    )
    for column, justify in (("stage", "left"), ("ms", "right"), ("share", "right"), ("", "left")):
        table.add_column(column, justify=justify)
    for label, seconds in spent.most_common():
        share = seconds / total
        table.add_row(
            label, f"{1000 * seconds / count:.2f}", f"{share:.0%}", "█" * round(share * BAR_WIDTH)
        )
    table.add_row("total", f"{1000 * total / count:.2f}", "", f"{count / total:.1f} sessions/s")
    Console().print(table)


if __name__ == "__main__":
    main()
