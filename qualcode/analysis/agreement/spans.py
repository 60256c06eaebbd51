"""Sets of code points as sorted, disjoint ``(start, end)`` intervals (end exclusive)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

Span = tuple[int, int]


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """The union of possibly overlapping spans as sorted disjoint spans (touching spans join)."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def clip(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """The part of disjoint sorted ``spans`` inside ``[start, end)``."""
    first = max(bisect_right(spans, (start, start)) - 1, 0)
    clipped: list[Span] = []
    for s, e in spans[first:]:
        if s >= end:
            break
        s, e = max(s, start), min(e, end)
        if e > s:
            clipped.append((s, e))
    return tuple(clipped)


def length(spans: Iterable[Span]) -> int:
    return sum(e - s for s, e in spans)


def intersection(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    """Code points in both disjoint sorted span sets."""
    result: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if e > s:
            result.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(result)


def overlap_share(a: tuple[Span, ...], b: tuple[Span, ...]) -> float:
    """|a ∩ b| / |a ∪ b| (the Jaccard index of the two code-point sets); 0 when both are empty."""
    both = length(intersection(a, b))
    union = length(a) + length(b) - both
    return both / union if union else 0.0


def contains(spans: tuple[Span, ...], point: int) -> bool:
    index = bisect_right(spans, (point, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= point < spans[index][1]
