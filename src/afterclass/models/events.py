"""Audit events: small values saying who changed what, when, and from what to what.

Payloads hold learned values (levels, probabilities, scores), never transcript text or names;
the store encrypts them anyway.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime

from afterclass.models._base import ValueModel


class AuditEvent(ValueModel):
    kind: str
    actor: str
    at: AwareDatetime
    session_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class ProfileUpdated(AuditEvent):
    kind: Literal["profile_updated"] = "profile_updated"


class ProfileUpdateHeld(AuditEvent):
    """A proposed profile change below the confidence threshold: recorded, not applied."""

    kind: Literal["profile_update_held"] = "profile_update_held"


class MasteryChanged(AuditEvent):
    kind: Literal["mastery_changed"] = "mastery_changed"
    concept: str


class TrajectoryExtended(AuditEvent):
    kind: Literal["trajectory_extended"] = "trajectory_extended"


class AnalysisStored(AuditEvent):
    kind: Literal["analysis_stored"] = "analysis_stored"


class RecordErased(AuditEvent):
    kind: Literal["record_erased"] = "record_erased"
