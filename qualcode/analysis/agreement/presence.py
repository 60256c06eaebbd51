"""From codings to reliability tables: which coder marked which unit with which code.

How a coding maps to a unit
---------------------------
A coder's codings of one code in one document are first joined into one set
of code points (overlapping or touching codings merge).  For a segment or
sentence unit, that set is clipped to the unit's span: the coder *marks* the
unit with the code when the clipped set is not empty (any overlap counts).

The span-overlap rule (segment and sentence units)
--------------------------------------------------
When two coders both mark a unit, they agree only if their clipped sets
overlap by at least ``overlap`` of their union: |A ∩ B| / |A ∪ B| >= overlap
(code points inside the unit).  Coders who mark a unit are grouped by that
rule (a chain of matching spans forms one group).  One group gives one unit
(members 1, other coders 0).  Several groups mean the coders marked
*different passages*: the unit counts once per group -- "A's passage, which B
did not code" and "B's passage, which A did not code" -- exactly as a reader
comparing coded passages would count them.  With ``overlap=0`` any two marks
of a unit agree.

Character units
---------------
Every code point inside a selected segment is a unit; a coder's value is 1
when one of their codings of the code covers it.  No overlap rule applies.

Missing data
------------
A coder who did no work in a document (see ``source.coverage``: no coding and no
turn marked reviewed; for the engine, no finished run and no suggestion) is
*missing* on all its units rather than taken to have said "absent": the unit
drops out of kappa and of that coder's pairs in alpha.
"""

from __future__ import annotations

import contextlib
import gc
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcode.analysis.agreement import spans as sp
from qualcode.analysis.agreement.table import ReliabilityTable
from qualcode.analysis.agreement.units import Unit

# coder -> (document_id, code_id) -> coded spans
CoderSpans = Mapping[str, Mapping[tuple[int, str], Sequence[sp.Span]]]


@dataclass(frozen=True)
class MarkedUnit:
    """One row of the reliability data where at least one coder marked the code."""

    unit: Unit
    code_id: str
    values: tuple[int | None, ...]  # per coder: 1, 0 or None (missing)
    spans: tuple[tuple[sp.Span, ...], ...]  # per coder: the marked code points inside the unit
    passage_split: bool  # part of a unit counted once per group of matching passages


@dataclass(frozen=True)
class CodeUnits:
    code_id: str
    table: ReliabilityTable
    marked: tuple[MarkedUnit, ...]  # empty for character units

    @property
    def passage_splits(self) -> int:
        """Units whose coders marked different passages (counted once per group)."""
        return len({m.unit for m in self.marked if m.passage_split})


def _merged_spans(coder_spans: CoderSpans, coders: Sequence[str]) -> dict[tuple[str, int, str], tuple[sp.Span, ...]]:
    merged = {}
    for coder in coders:
        for (document_id, code_id), spans in coder_spans.get(coder, {}).items():
            merged[(coder, document_id, code_id)] = sp.merge(spans)
    return merged


def _groups(marks: dict[int, tuple[sp.Span, ...]], overlap: float) -> list[list[int]]:
    """Coders (by index) grouped by chains of passages overlapping at least ``overlap``."""
    indices = sorted(marks)
    if len(indices) == 1:  # the common cases, without the union-find
        return [indices]
    if len(indices) == 2:
        first, second = indices
        together = sp.overlap_share(marks[first], marks[second]) >= overlap
        return [indices] if together else [[first], [second]]
    parent = {i: i for i in marks}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for x, i in enumerate(indices):
        for j in indices[x + 1:]:
            if sp.overlap_share(marks[i], marks[j]) >= overlap:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in indices:
        groups[root(i)].append(i)
    return list(groups.values())


def _units_touched(units: Sequence[Unit], ends: list[int], spans: tuple[sp.Span, ...]) -> set[int]:
    """Indices of the (sorted, non-overlapping) ``units`` that overlap ``spans``."""
    touched: set[int] = set()
    for start, end in spans:
        index = bisect_right(ends, start)  # the first unit ending after the span starts
        while index < len(units) and units[index].start < end:
            touched.add(index)
            index += 1
    return touched


def _mark_unit(unit: Unit, code_id: str, base: tuple[int | None, ...], marks: dict[int, tuple[sp.Span, ...]],
               overlap: float, counts: Counter, marked: list[MarkedUnit]) -> None:
    """Count one unit some coder marked: once, or once per group of matching passages."""
    groups = _groups(marks, overlap)
    for group in groups:
        values = tuple(1 if i in group else v for i, v in enumerate(base))
        counts[values] += 1
        group_spans = tuple(marks[i] if i in group else () for i in range(len(base)))
        marked.append(MarkedUnit(unit, code_id, values, group_spans, len(groups) > 1))


@contextlib.contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Measured in bench/agreement_bench.py: with it on, repeated collections over
    the growing list of marked units made 200 documents take twice as long per
    unit as 10; nothing built here forms a reference cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def unit_tables(units: Sequence[Unit], coder_spans: CoderSpans, coverage: Mapping[str, set[int]],
                coders: Sequence[str], code_ids: Sequence[str], *, overlap: float) -> dict[str, CodeUnits]:
    """Per code, the reliability table over segment or sentence ``units`` and the marked rows.

    Units of one document must not overlap each other (turns and their sentences do not).
    Only units some coder touched are examined one by one; the rest of a document's
    units are counted at once as "nobody marked it".
    """
    if not 0 <= overlap <= 1:
        raise ValueError(f"overlap must be a share between 0 and 1, not {overlap}")
    merged = _merged_spans(coder_spans, coders)
    by_document: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_document[unit.document_id].append(unit)
    for document_units in by_document.values():
        document_units.sort(key=lambda u: u.start)
    ends = {d: [u.end for u in us] for d, us in by_document.items()}
    bases = {d: tuple(0 if d in coverage.get(c, ()) else None for c in coders) for d in by_document}
    with _collector_paused():
        return {code_id: _code_units(code_id, by_document, ends, bases, merged, coders, overlap)
                for code_id in code_ids}


def _code_units(code_id: str, by_document: dict[int, list[Unit]], ends: dict[int, list[int]],
                bases: dict[int, tuple[int | None, ...]], merged: dict, coders: Sequence[str],
                overlap: float) -> CodeUnits:
    counts: Counter = Counter()
    marked: list[MarkedUnit] = []
    for document_id, document_units in by_document.items():
        base = bases[document_id]
        coded = {i: merged.get((coder, document_id, code_id), ()) for i, coder in enumerate(coders)
                 if base[i] is not None}
        touched: set[int] = set()
        for spans in coded.values():
            touched |= _units_touched(document_units, ends[document_id], spans)
        counts[base] += len(document_units) - len(touched)
        for index in sorted(touched):
            unit = document_units[index]
            marks = {i: clipped for i, spans in coded.items() if (clipped := sp.clip(spans, unit.start, unit.end))}
            _mark_unit(unit, code_id, base, marks, overlap, counts, marked)
    return CodeUnits(code_id, ReliabilityTable(tuple(coders), {k: v for k, v in counts.items() if v}), tuple(marked))


def character_tables(units: Sequence[Unit], coder_spans: CoderSpans, coverage: Mapping[str, set[int]],
                     coders: Sequence[str], code_ids: Sequence[str]) -> dict[str, CodeUnits]:
    """Per code, the reliability table with every code point of ``units`` as one unit.

    The text is cut at every span boundary; inside each piece every coder's value
    is constant, so the piece adds its length to one pattern's count.
    """
    merged = _merged_spans(coder_spans, coders)
    regions: dict[int, tuple[sp.Span, ...]] = {}
    by_document: dict[int, list[sp.Span]] = defaultdict(list)
    for unit in units:
        by_document[unit.document_id].append((unit.start, unit.end))
    for document_id, spans in by_document.items():
        regions[document_id] = sp.merge(spans)
    results = {}
    for code_id in code_ids:
        counts: Counter = Counter()
        for document_id, region in regions.items():
            coded = [merged.get((c, document_id, code_id), ()) for c in coders]
            present = [document_id in coverage.get(c, ()) for c in coders]
            cuts = sorted({p for s, e in region for p in (s, e)} | {p for spans in coded for s, e in spans
                                                                  for p in (s, e)})
            for left, right in zip(cuts, cuts[1:]):
                if not sp.contains(region, left):
                    continue
                pattern = tuple((1 if sp.contains(spans, left) else 0) if here else None
                                for spans, here in zip(coded, present))
                counts[pattern] += right - left
        results[code_id] = CodeUnits(code_id, ReliabilityTable(tuple(coders), dict(counts)), ())
    return results
