"""Codings an import put on interviewer turns, placed the same way by every importer (coded sheets, .qdpx)."""

from __future__ import annotations

from collections.abc import Sequence

SHOWN = 5   # turns named in the line; more are "..."


def turns_and_places(places: Sequence[tuple[str, int]]) -> tuple[int, str]:
    """How many turns ``places`` (document name and turn number, one per coding) are on, and the first
    :data:`SHOWN` of them in order, ``S01_pre #1, S01_pre #3``, followed by `` ...`` when there are more."""
    turns = sorted(set(places))
    shown = ", ".join(f"{name} #{ordinal}" for name, ordinal in turns[:SHOWN])
    return len(turns), shown + (" ..." if len(turns) > SHOWN else "")
