"""Wiring: build the collaborators from Settings, once, at the edge (CLI, web app, worker).

Nothing here runs at import time; every function takes the settings it needs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from afterclass.analysis.contract import Analyzer, create_analyzer
from afterclass.analysis.curriculum import Curriculum
from afterclass.config import Settings
from afterclass.pipeline import Pipeline
from afterclass.secrets import data_keys
from afterclass.secrets.config import load_secrets_config
from afterclass.secrets.sources import sources_from_config
from afterclass.store import Store, make_engine, migrate

log = logging.getLogger(__name__)

FALLBACK_ANALYZER = "rules"


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    store: Store
    curriculum: Curriculum

    def pipeline(self, analyzer_name: str | None = None) -> Pipeline:
        """A pipeline with ``analyzer_name`` (default: the configured one); rules as fallback."""
        name = analyzer_name or self.settings.analyzer
        analyzer = create_analyzer(name, self.settings)
        fallback: Analyzer | None = None
        if name != FALLBACK_ANALYZER:
            fallback = create_analyzer(FALLBACK_ANALYZER, self.settings)
        return Pipeline(
            store=self.store,
            analyzer=analyzer,
            settings=self.settings,
            curriculum=self.curriculum,
            fallback=fallback,
        )


def open_store(settings: Settings) -> Store:
    """The store, migrated to the newest schema, with keys from the configured sources."""
    production = settings.environment == "production"
    secrets_config = load_secrets_config(os.environ)
    sources = sources_from_config(secrets_config, os.environ, production=production)
    keyring = data_keys.load_keyring(
        secrets_config, sources, data_dir=settings.data_dir, production=production
    )
    hasher = data_keys.load_id_hasher(
        secrets_config, sources, data_dir=settings.data_dir, production=production
    )
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    return Store(engine, keyring=keyring, hasher=hasher, retention=settings.retention)


def open_runtime(settings: Settings) -> Runtime:
    return Runtime(
        settings=settings,
        store=open_store(settings),
        curriculum=Curriculum.load(settings.curriculum_path),
    )
