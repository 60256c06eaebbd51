"""Turns too long to be one segment are cut at sentence ends into several segments of the same speaker.

A transcript pasted as one line (an export that lost its line breaks, a
speech-to-text dump) is one turn of millions of characters. Coding such a turn
means nothing, and every per-segment step -- tokenising, matching, scoring,
showing it in the TUI -- then works on one giant string, which made `suggest`
run for over ten minutes on a 20 MB line. So a turn longer than
``max_segment_chars`` is cut, preferably after a sentence end (。！？!?.;；…),
else at a space, else hard at the limit; each piece keeps the turn's speaker,
role and time. The cost is linear: each cut searches only the window before it.
The import report says how many turns were cut into how many segments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qualcode.core.models import Turn

DEFAULT_MAX_SEGMENT_CHARS = 5000
# A sentence end: Chinese marks (closing quotes and brackets may follow), or Western ones followed by a space.
_SENTENCE_END = re.compile(r"[。！？；…]+[”’」』）)\"']*|[.!?;]+[\"')\]]*(?=\s)")
_SPACE = re.compile(r"\s+")


def split_long_turns(text: str, turns: list[Turn] | tuple[Turn, ...],
                     limit: int = DEFAULT_MAX_SEGMENT_CHARS) -> tuple[list[Turn], str | None]:
    """The turns with every one over ``limit`` characters cut into pieces; and a warning when any was."""
    result: list[Turn] = []
    long_turns = pieces = 0
    for turn in turns:
        if turn.end - turn.start <= limit:
            result.append(turn)
            continue
        cut = [replace(turn, start=start, end=end) for start, end in _pieces(text, turn.start, turn.end, limit)]
        long_turns, pieces = long_turns + 1, pieces + len(cut)
        result.extend(cut)
    if not long_turns:
        return result, None
    return result, (f"{long_turns} turn(s) longer than {limit:,} characters were cut at sentence ends into "
                    f"{pieces:,} segments of the same speaker ([transcripts] max_segment_chars)")


def _pieces(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > limit:
        cut = _cut_point(text, start, start + limit)
        spans.append((start, _rstrip(text, start, cut)))
        start = _lstrip(text, cut, end)
    if start < end:
        spans.append((start, end))
    return [(s, e) for s, e in spans if e > s]


def _cut_point(text: str, start: int, window_end: int) -> int:
    """The last sentence end in the window (not in its first quarter), else the last space, else the limit."""
    floor = start + (window_end - start) // 4
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for match in pattern.finditer(text, floor, window_end):
            last = match
        if last is not None and last.end() > floor:
            return last.end()
    return window_end


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start
