"""Profile the embedded pipeline on 40 generated 30-minute sessions.

python benchmarks/profile_pipeline.py [SORT [FILTER]]
"""

import cProfile
import os
import pstats
import sys
import tempfile

sys.path.insert(0, "benchmarks")
from pathlib import Path

from afterclass.analysis.contract import create_analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.config import RetentionSettings, load_settings
from afterclass.pipeline import Pipeline
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate
from sessiongen import make_session

d = tempfile.mkdtemp()
engine = make_engine(f"sqlite:///{d}/b.sqlite3")
migrate(engine)
settings = load_settings(data_dir=Path(d))
store = Store(
    engine,
    keyring=Keyring([DataKey(os.urandom(32))]),
    hasher=IdHasher(os.urandom(32)),
    retention=RetentionSettings(),
)
p = Pipeline(
    store=store,
    analyzer=create_analyzer("rules", settings),
    settings=settings,
    curriculum=Curriculum.load(),
)
sessions = [make_session(i) for i in range(40)]
p.process_session(sessions[0])
pr = cProfile.Profile()
pr.enable()
for s in sessions[1:]:
    p.process_session(s)
pr.disable()
st = pstats.Stats(pr)
st.sort_stats(sys.argv[1] if len(sys.argv) > 1 else "cumulative").print_stats(
    *(sys.argv[2:] or [45])
)
