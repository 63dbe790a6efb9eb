"""The embedded pipeline as the benchmarks run it: rules analyzer, fresh keys, a given database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from afterclass.analysis.contract import create_analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.config import RetentionSettings, load_settings
from afterclass.pipeline import Pipeline
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate


def rules_pipeline(url: str) -> Pipeline:
    """A migrated store at ``url`` and a pipeline with the offline rules analyzer."""
    engine = make_engine(url)
    migrate(engine)
    settings = load_settings(data_dir=Path(tempfile.mkdtemp()))
    store = Store(
        engine,
        keyring=Keyring([DataKey(os.urandom(32))]),
        hasher=IdHasher(os.urandom(32)),
        retention=RetentionSettings(),
    )
    return Pipeline(
        store=store,
        analyzer=create_analyzer("rules", settings),
        settings=settings,
        curriculum=Curriculum.load(),
    )


def build() -> str:
    """Whether the package runs as compiled by the compiled build (mypyc) or as pure Python."""
    from afterclass.analysis.rules import attempts

    compiled = Path(attempts.__file__ or "").suffix in {".so", ".pyd"}
    return "compiled (mypyc)" if compiled else "pure Python"
