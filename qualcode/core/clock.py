"""Stored times (ISO 8601 in UTC, as the history and decisions record them) as a person reads them."""

from __future__ import annotations

from datetime import datetime, timezone


def parsed_utc(at: str) -> datetime | None:
    """The stored time, in UTC when it names no zone; None when it is not a time."""
    try:
        when = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def local_minute(at: str) -> str:
    """``2026-12-07T19:03:10.950+00:00`` as the machine's clock reads it to the minute: ``2026-12-07 19:03``
    (the text unchanged when it is not a time)."""
    when = parsed_utc(at)
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when is not None else at
