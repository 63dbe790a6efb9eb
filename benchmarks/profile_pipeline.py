"""Profile the embedded pipeline on 40 generated 30-minute sessions.

python benchmarks/profile_pipeline.py [SORT [FILTER]]     # e.g. tottime grounding
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import rules_pipeline
from sessiongen import make_session


def main() -> None:
    pipeline = rules_pipeline(f"sqlite:///{tempfile.mkdtemp()}/profile.sqlite3")
    sessions = [make_session(i) for i in range(40)]
    pipeline.process_session(sessions[0])  # warm caches (curriculum, name lists)
    profile = cProfile.Profile()
    profile.enable()
    for session in sessions[1:]:
        pipeline.process_session(session)
    profile.disable()
    order = sys.argv[1] if len(sys.argv) > 1 else "cumulative"
    limits = [int(a) if a.isdigit() else a for a in sys.argv[2:]] or [45]
    pstats.Stats(profile).sort_stats(order).print_stats(*limits)


if __name__ == "__main__":
    main()
