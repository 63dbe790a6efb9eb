"""Shared model bases: strict at the boundary, frozen inside."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class BoundaryModel(BaseModel):
    """Input from outside (webhooks, files, LLM output): unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class ValueModel(BaseModel):
    """A value that travels inside afterclass and is stored: immutable, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)
