"""Settings: built once by ``load_settings()`` and handed down; never read at import time.

Every setting has an environment variable ``AFTERCLASS_<NAME>`` (nested ones with ``__``, e.g.
``AFTERCLASS_LEARNING__BKT_SLIP=0.1``). docs/configuration.md lists them all; a test checks that
the page and this module agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from afterclass.errors import ConfigError

Probability = Annotated[float, Field(gt=0.0, lt=1.0)]


class LearningSettings(BaseModel):
    """How sessions fold into the student's state (see docs/learning.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    recency_weight: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    """Weight of the newest session in learning-style blends; 0 gives the seed's plain average."""
    bkt_prior: Probability = 0.2
    """P(L0): chance the student already knows a concept met for the first time."""
    bkt_learn: Probability = 0.15
    """P(T): chance of learning the concept at each attempt."""
    bkt_slip: Probability = 0.1
    """P(S): chance a student who knows the concept still answers wrongly."""
    bkt_guess: Probability = 0.2
    """P(G): chance a student who does not know it answers rightly anyway."""
    mastery_threshold: Annotated[float, Field(gt=0.5, lt=1.0)] = 0.95
    """p_mastery at or above which a concept counts as mastered."""
    help_credit: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    """How much a correct_with_help attempt counts as correct in BKT (0 = as incorrect)."""
    min_profile_confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.7
    """Profile observations below this confidence are recorded but not applied (seed: 0.7)."""

    @model_validator(mode="after")
    def _identifiable(self) -> LearningSettings:
        if self.bkt_slip + self.bkt_guess >= 1.0:
            raise ValueError(
                "bkt_slip + bkt_guess must be below 1, or a right answer would be evidence of "
                "not knowing; lower one of them"
            )
        return self


class RetentionSettings(BaseModel):
    """How long records are kept before the purge job deletes them, in days (0 = keep)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transcript_days: Annotated[int, Field(ge=0)] = 365
    analysis_days: Annotated[int, Field(ge=0)] = 365 * 3
    audit_days: Annotated[int, Field(ge=0)] = 365 * 3


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AFTERCLASS_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("afterclass")))
    """Folder for the embedded SQLite database, queue and generated key files."""
    database_url: str | None = None
    """SQLAlchemy URL; default: SQLite file ``afterclass.sqlite3`` in ``data_dir``."""
    queue_url: str | None = None
    """Huey queue; default: SQLite file ``queue.sqlite3`` in ``data_dir``."""
    analyzer: str = "rules"
    """Analyzer name: ``rules`` (offline, the default) or ``llm``."""
    curriculum_path: Path | None = None
    """A curriculum YAML replacing the bundled K-8 mathematics one."""
    environment: Literal["development", "production"] = "development"
    """``production`` refuses to start without configured keys."""
    actor: str = "system"
    """Recorded as ``created_by`` and as the actor of audit events written by this process."""
    learning: LearningSettings = Field(default_factory=LearningSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'afterclass.sqlite3'}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with ``overrides`` taking precedence.

    Raises ConfigError naming the setting and what it accepts.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"AFTERCLASS_{'__'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
