"""Wrapping a transcript into screen lines, aware of double-width CJK characters.

Pure functions and plain data (no Textual), so the wrapping rules are tested on
their own and the transcript widget only asks "which text is on visual line y".

A visual line is a slice ``text[start:end]`` of one segment's utterance. Lines
break at the last allowed place before the width is exceeded: after a space,
or next to a wide (CJK) character -- Chinese has no spaces, so any place
between two hanzi is fine -- and never put closing punctuation such as ，。」
at the start of a line (a light form of the Chinese line-breaking rules,
禁则). A run of Latin letters longer than the line is cut hard.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size, set_cell_size

# Closing punctuation that must not begin a line (行首禁则).
NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】〕…—,.;:?!)]}%")
NO_LINE_END = frozenset("（「『“‘《〈【〔([{")  # an opening mark stays with what it opens


@dataclass(frozen=True)
class SegmentSpan:
    """Just what layout needs from a segment (a models.Segment fits)."""

    start: int
    end: int


@dataclass
class WrappedLines:
    """Visual lines for one width, as parallel lists (compact for 10,000s of lines)."""

    width: int
    segment: list[int]  # index into the segment list
    start: list[int]  # document offsets, end exclusive
    end: list[int]
    first_line_of_segment: list[int]  # per segment: index of its first visual line
    line_count_of_segment: list[int]

    def __len__(self) -> int:
        return len(self.segment)

    def lines_of(self, segment_index: int) -> range:
        first = self.first_line_of_segment[segment_index]
        return range(first, first + self.line_count_of_segment[segment_index])

    def line_of_offset(self, segment_index: int, offset: int) -> int:
        """The visual line of ``segment_index`` that shows document offset ``offset``."""
        lines = self.lines_of(segment_index)
        starts = self.start[lines.start:lines.stop]
        position = bisect.bisect_right(starts, offset) - 1
        return lines.start + max(0, position)


@lru_cache(maxsize=8192)
def char_width(character: str) -> int:
    return get_character_cell_size(character)


def _is_wide(character: str) -> bool:
    return char_width(character) == 2


def _break_allowed(text: str, position: int) -> bool:
    """May a line end just before ``text[position]``?"""
    before, after = text[position - 1], text[position]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return before == " " or after == " " or _is_wide(before) or _is_wide(after)


def clip_cells(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells (a CJK character takes two), ending in "…" when cut: a
    wide character that does not fit is dropped, so … follows the last character. The command line's cut
    text columns (`qualcode next`) and the TUI's bar labels (padded) both cut here."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, max(cells - 1, 0)).rstrip() + "…"


def wrap_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (no newlines) into ``(start, end)`` lines of at most ``width`` cells."""
    if start >= end:
        return [(start, start)]
    width = max(2, width)  # one wide character must always fit
    if cell_len(text[start:end]) <= width:
        return [(start, end)]
    cumulative = [0, *accumulate(map(char_width, text[start:end]))]
    lines: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        base = cumulative[line_start - start]
        # The first character that would overflow the line.
        overflow = bisect.bisect_right(cumulative, base + width) - 1 + start
        if overflow >= end:
            lines.append((line_start, end))
            break
        cut = overflow
        while cut > line_start + 1 and not _break_allowed(text, cut):
            cut -= 1
        if cut <= line_start + 1 and not _break_allowed(text, cut):
            cut = max(overflow, line_start + 1)  # an unbreakable run: cut it hard
        line_end = cut
        while line_end > line_start + 1 and text[line_end - 1] == " ":
            line_end -= 1  # trailing spaces do not need a cell
        lines.append((line_start, line_end))
        line_start = cut
        while line_start < end and text[line_start] == " ":
            line_start += 1
    return lines


def wrap_segment(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Lines for one segment: each non-empty paragraph wrapped on its own."""
    lines: list[tuple[int, int]] = []
    paragraph_start = start
    while paragraph_start <= end:
        newline = text.find("\n", paragraph_start, end)
        paragraph_end = end if newline == -1 else newline
        if paragraph_end > paragraph_start and text[paragraph_start:paragraph_end].strip():
            lines.extend(wrap_paragraph(text, paragraph_start, paragraph_end, width))
        if newline == -1:
            break
        paragraph_start = newline + 1
    return lines or [(start, start)]


def wrap_transcript(text: str, segments: Sequence[SegmentSpan], width: int) -> WrappedLines:
    wrapped = WrappedLines(width, [], [], [], [], [])
    for index, segment in enumerate(segments):
        lines = wrap_segment(text, segment.start, segment.end, width)
        wrapped.first_line_of_segment.append(len(wrapped.segment))
        wrapped.line_count_of_segment.append(len(lines))
        for line_start, line_end in lines:
            wrapped.segment.append(index)
            wrapped.start.append(line_start)
            wrapped.end.append(line_end)
    return wrapped


class WrapCache:
    """Wrapped lines per width; a resize back to a known width costs nothing."""

    def __init__(self, text: str, segments: Sequence[SegmentSpan], *, keep: int = 4) -> None:
        self.text = text
        self.segments = list(segments)
        self._by_width: dict[int, WrappedLines] = {}
        self._keep = keep

    def get(self, width: int) -> WrappedLines:
        found = self._by_width.get(width)
        if found is None:
            found = wrap_transcript(self.text, self.segments, width)
            if len(self._by_width) >= self._keep:
                self._by_width.pop(next(iter(self._by_width)))
            self._by_width[width] = found
        return found


def offset_at_cell(text: str, start: int, end: int, cell: int) -> int:
    """The document offset shown at ``cell`` cells into the line ``text[start:end]``."""
    used = 0
    for offset in range(start, end):
        used += char_width(text[offset])
        if used > cell:
            return offset
    return end


def fit_cells(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` cells, padded with spaces to exactly ``cells``."""
    out: list[str] = []
    used = 0
    for character in text:
        width = char_width(character)
        if used + width > cells:
            break
        out.append(character)
        used += width
    return "".join(out) + " " * (cells - used)


def label_cells(speakers, narrowest: int, widest: int) -> int:  # type: ignore[no-untyped-def]
    """Cells of a transcript's label column: "123 " + the longest speaker + a space, within bounds."""
    longest = max((cell_len(speaker) for speaker in speakers if speaker), default=0)
    return max(narrowest, min(widest, 4 + longest + 1))
