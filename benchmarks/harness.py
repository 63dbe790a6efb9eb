"""The embedded pipeline as the benchmarks run it: rules analyzer, fresh keys, a given database."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from afterclass.analysis.contract import create_analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.config import RetentionSettings, load_settings
from afterclass.pipeline import Pipeline
from afterclass.privacy.crypto import DataKey, IdHasher, Keyring
from afterclass.store import Store, make_engine, migrate


@dataclass(frozen=True)
class Keys:
    """The data key and the id-hashing key of a benchmark's store: fresh for each run, and the
    same in every process that shares the database."""

    data: bytes = field(default_factory=lambda: os.urandom(32))
    ids: bytes = field(default_factory=lambda: os.urandom(32))


def rules_pipeline(url: str, keys: Keys | None = None, *, migrated: bool = False) -> Pipeline:
    """A store at ``url`` (migrated first, unless ``migrated`` says another process did) and a
    pipeline with the offline rules analyzer."""
    keys = keys or Keys()
    engine = make_engine(url)
    if not migrated:
        migrate(engine)
    settings = load_settings(data_dir=Path(tempfile.mkdtemp()))
    store = Store(
        engine,
        keyring=Keyring([DataKey(keys.data)]),
        hasher=IdHasher(keys.ids),
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
