"""Moving spans from an old version of a text onto a revised one.

A revised transcript (a typo fixed, a name removed, a passage added) must keep
its codings on the same words. We align the two texts line by line first
(cheap, and robust to repeated phrases elsewhere in the document), then
character by character inside the lines that changed, and map each span's
endpoints through that alignment.
"""

from __future__ import annotations


from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Outcome = Literal["exact", "changed", "deleted"]


@dataclass(frozen=True)
class MappedSpan:
    start: int
    end: int
    outcome: Outcome  # exact: same words; changed: moved but the words differ; deleted: no counterpart
    similarity: float  # 0-100: share of the old span's characters kept in the new text


class TextAlignment:
    """Character offsets of ``old`` mapped onto ``new`` through matching blocks."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        blocks, replaced = _alignment(old, new)
        self._old_starts = [b[0] for b in blocks]
        self._blocks = blocks  # (old_start, new_start, size), sorted by old_start
        self._replaced = replaced  # (old_start, old_end, new_start, new_end): words swapped for others

    def map_offset(self, offset: int, *, prefer: Literal["left", "right"]) -> int | None:
        """Where ``offset`` of the old text is in the new one (None inside deleted text)."""
        index = bisect_right(self._old_starts, offset) - 1
        if index >= 0:
            old_start, new_start, size = self._blocks[index]
            if offset < old_start + size or (offset == old_start + size and prefer == "right" and size):
                return new_start + (offset - old_start)
        return None

    def nearest_place(self, offset: int) -> int:
        """Where a reader at ``offset`` of the old text is in the new one: the same character, else the first
        surviving one after it (the words that were there are gone), else the last one before it."""
        for forward, limit in ((True, len(self.old)), (False, 0)):
            mapped = self._nearest(offset, forward=forward, limit=limit)
            if mapped is not None:
                return min(mapped, max(len(self.new) - 1, 0))
        return 0

    def map_span(self, start: int, end: int, *, threshold: float = 60.0,
                 intended_edit: Callable[[str], str] | None = None) -> MappedSpan:
        """``intended_edit``: a change made on purpose (names -> placeholders); old words that become the
        new words under it count as the same words."""
        new_start = self._nearest(start, forward=True, limit=end)
        new_end = self._nearest(end, forward=False, limit=start)
        old_text = self.old[start:end]
        if new_start is not None and new_end is not None and self.new[new_start:new_end] == old_text:
            return MappedSpan(new_start, new_end, "exact", 100.0)
        if (intended_edit is not None and new_start is not None and new_end is not None
                and self.new[new_start:new_end] == intended_edit(old_text)):
            return MappedSpan(new_start, new_end, "exact", 100.0)
        relocated = self._relocate(start, old_text)
        if relocated is not None:
            return MappedSpan(relocated, relocated + len(old_text), "exact", 100.0)
        if new_start is None or new_end is None or new_end <= new_start:
            return MappedSpan(start, end, "deleted", 0.0)
        similarity = self._preserved_share(start, end)
        return MappedSpan(new_start, new_end, "changed" if similarity >= threshold else "deleted", similarity)

    def _preserved_share(self, start: int, end: int) -> float:
        """Percentage of the span's old characters that survive unchanged in the new text.

        (A string ratio would punish a short span for a long replacement, such
        as a two-character name swapped for the placeholder [P02].)
        """
        kept = sum(max(0, min(end, old + size) - max(start, old)) for old, _, size in self._blocks)
        return 100.0 * kept / max(end - start, 1)

    def _relocate(self, start: int, old_text: str) -> int | None:
        """The same words elsewhere in the new text, nearest to where the alignment expects them.

        Repeated turns (嗯。, a phrase said twice) can make the diff pair the
        wrong copies; the words themselves are still there, close by.
        """
        if not old_text.strip():
            return None
        expected = self._expected_position(start)
        best: int | None = None
        position = self.new.find(old_text)
        while position != -1:
            if best is None or abs(position - expected) < abs(best - expected):
                best = position
            position = self.new.find(old_text, position + 1)
        return best

    def _expected_position(self, offset: int) -> int:
        index = bisect_right(self._old_starts, offset) - 1
        if index < 0:
            return offset
        old_start, new_start, _ = self._blocks[index]
        return new_start + (offset - old_start)

    def _nearest(self, offset: int, *, forward: bool, limit: int) -> int | None:
        """Map an endpoint; in replaced text take the replacement's edge, in deleted text walk inward."""
        for old_start, old_end, new_start, new_end in self._replaced:
            if old_start <= offset < old_end and forward:
                return new_start
            if old_start < offset <= old_end and not forward:
                return new_end
        step = 1 if forward else -1
        position = offset
        while (position <= limit) if forward else (position >= limit):
            mapped = self.map_offset(position, prefer="left" if forward else "right")
            if mapped is not None:
                return mapped
            position += step
        return None


def _alignment(old: str, new: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int, int]]]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_pos, new_pos = _line_starts(old_lines), _line_starts(new_lines)
    blocks: list[tuple[int, int, int]] = []
    replaced: list[tuple[int, int, int, int]] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append((old_pos[i1], new_pos[j1], old_pos[i2] - old_pos[i1]))
        elif tag == "replace":
            old_chunk, new_chunk = old[old_pos[i1]:old_pos[i2]], new[new_pos[j1]:new_pos[j2]]
            chars = SequenceMatcher(None, old_chunk, new_chunk, autojunk=False)
            base_old, base_new = old_pos[i1], new_pos[j1]
            for kind, a1, a2, b1, b2 in chars.get_opcodes():
                if kind == "equal":
                    blocks.append((base_old + a1, base_new + b1, a2 - a1))
                elif kind == "replace":
                    replaced.append((base_old + a1, base_old + a2, base_new + b1, base_new + b2))
    return sorted(blocks), replaced


def _line_starts(lines: list[str]) -> list[int]:
    starts, total = [0], 0
    for line in lines:
        total += len(line)
        starts.append(total)
    return starts
