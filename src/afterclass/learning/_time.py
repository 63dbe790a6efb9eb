"""The one check every learning function makes on the time it is given."""

from __future__ import annotations

from datetime import datetime

from afterclass.errors import InputError


def require_aware(at: datetime) -> datetime:
    """``at`` itself, or InputError when it has no timezone."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(
            f"{at.isoformat()} has no timezone; pass an aware datetime such as datetime.now(UTC)",
            field="at",
        )
    return at
