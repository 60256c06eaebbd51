"""Placing a span another tool selected onto our turns.

Line-based tools (ATLAS.ti, MAXQDA, spreadsheets) let a coder select whole
lines: the selection then carries the speaker label (``受访者：``), the line
break, or runs over into the next turn. Our turns cover the utterance only,
so a span is clipped to every turn it overlaps and trimmed of surrounding
whitespace; what falls outside every turn (labels, blank lines) is dropped.
Pure: no storage, so the rule is the same for every import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    segment_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    segment_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Placement:
    """How a span lands: ``kind`` is "exact", "trimmed", "split" or "skipped"."""

    kind: str
    pieces: tuple[Piece, ...]
    why: str = ""  # for "skipped": what the span covered instead of turn text


def place_span(text: str, turns: Sequence[Turn], start: int, end: int) -> Placement:
    """Clip ``[start, end)`` to each turn it overlaps, trimming whitespace at both ends of each piece."""
    for turn in turns:
        if turn.start <= start and end <= turn.end and text[start:end].strip() == text[start:end] and end > start:
            return Placement("exact", (Piece(turn.segment_id, start, end),))
    pieces = []
    for turn in turns:
        lo, hi = max(start, turn.start), min(end, turn.end)
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            pieces.append(Piece(turn.segment_id, lo, hi))
    if not pieces:
        covered = text[start:end].strip()
        why = (f"covers no turn text, only {covered[:20]!r} (a speaker label or text between turns)" if covered
               else "covers only whitespace or line breaks")
        return Placement("skipped", (), why)
    return Placement("split" if len(pieces) > 1 else "trimmed", tuple(pieces))
