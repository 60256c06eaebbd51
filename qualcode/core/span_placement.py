"""Placing a span another tool selected onto our turns.

Line-based tools (ATLAS.ti, MAXQDA, spreadsheets) let a coder select whole
lines: the selection then carries the speaker label (``受访者：``), the line
break, or runs over into the next turn. Our turns cover the utterance only,
so a span is clipped to every turn it overlaps and trimmed of surrounding
whitespace; what falls outside every turn (labels, blank lines) is dropped.
Pure: no storage, so the rule is the same for every import.
"""

from __future__ import annotations

import bisect
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


class TurnIndex:
    """A document's turns, for finding those a span overlaps without a walk over all of them."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.turns = list(turns)
        self.starts = [t.start for t in self.turns]
        self.in_order = all(a.end <= b.start for a, b in zip(self.turns, self.turns[1:]))

    def overlapping(self, start: int, end: int) -> list[Turn]:
        if not self.in_order:  # turns that overlap each other: look at every one
            return [t for t in self.turns if t.start < end and start < t.end]
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        found = []
        for turn in self.turns[first:]:
            if turn.start >= end:
                break
            if turn.end > start:
                found.append(turn)
        return found


def place_span(text: str, turns: TurnIndex | Sequence[Turn], start: int, end: int) -> Placement:
    """Clip ``[start, end)`` to each turn it overlaps, trimming whitespace at both ends of each piece."""
    index = turns if isinstance(turns, TurnIndex) else TurnIndex(turns)
    candidates = index.overlapping(start, end)
    for turn in candidates:
        if turn.start <= start and end <= turn.end and end > start and text[start:end].strip() == text[start:end]:
            return Placement("exact", (Piece(turn.segment_id, start, end),))
    pieces = []
    for turn in candidates:
        lo, hi = max(start, turn.start), min(end, turn.end)
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            pieces.append(Piece(turn.segment_id, lo, hi))
    if not pieces:
        covered = text[start:end].strip()
        if end <= start:
            return Placement("skipped", (), "is empty")
        why = (f"covers no turn text, only {covered[:20]!r} (a speaker label or text between turns)" if covered
               else "covers only whitespace or line breaks")
        return Placement("skipped", (), why)
    return Placement("split" if len(pieces) > 1 else "trimmed", tuple(pieces))
