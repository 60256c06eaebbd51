"""From keyword hits to scored suggestions with evidence.

Each hit gets a weight from how it matched (exact 1.0 > lemma 0.9 > substring
0.8 > fuzzy ≤ 0.75). Per code, each distinct keyword contributes its best hit
as an independent piece of evidence, ``score = 1 - Π(1 - 0.6·w)``, so one
exact keyword scores 0.6, two 0.84, three 0.94; a repeated keyword adds a
little (0.2·w). Negated hits are removed from their code and, when the
codebook says so (``negated_suggests``), count for the named codes instead;
hedged hits (好像, maybe) count at 0.6 of their weight.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable
from operator import attrgetter

from qualcode.core.models import Evidence
from qualcode.nlp.compile import CompiledKeywords
from qualcode.nlp.matcher import Hit

KIND_WEIGHT = {"exact": 1.0, "lemma": 0.9, "regex": 0.9, "substring": 0.8, "near": 0.8}
FUZZY_WEIGHT = 0.75
NEGATED_FACTOR = 0.9  # a negated hit as evidence for the codebook's negated_suggests codes
HEDGE_FACTOR = 0.6
SHADOWED_FACTOR = 0.5  # a hit inside a longer hit of another code (压力 inside 学习压力)
KEYWORD_STRENGTH = 0.6
REPEAT_STRENGTH = 0.2


@dataclass(frozen=True, slots=True)  # slots: one per code a turn scores, built faster
class ScoredCode:
    code_id: str
    score: float
    evidence: tuple[Evidence, ...]


def hit_weight(hit: Hit) -> float:
    if hit.kind == "fuzzy":
        return FUZZY_WEIGHT * hit.similarity / 100.0
    return KIND_WEIGHT[hit.kind]


class _Spans:
    """Spans sorted by start, so the ones that can contain a hit are found by bisection, not by a scan.

    A long turn has thousands of hits; checking each against all the others made scoring quadratic.
    A span containing [start, end) starts at or before ``start`` and no earlier than ``end - longest``.
    """

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def around(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return self.spans[bisect_left(self.starts, end - self.longest):bisect_right(self.starts, start)]


def _shadowed(hit: Hit, code_id: str, spans: _Spans) -> bool:
    return any(s <= hit.start and hit.end <= e and (e - s) > (hit.end - hit.start) and other != code_id
               for s, e, other in spans.around(hit.start, hit.end))


def _overlapping(sorted_spans: Iterable[tuple]) -> bool:
    """Whether two of the spans (sorted by start; (start, end, ...) each) share a character, or one is
    empty: without that no span can contain another, and most turns' hits lie side by side."""
    reach = -1
    for span in sorted_spans:
        if span[0] < reach or span[1] <= span[0]:
            return True
        if span[1] > reach:
            reach = span[1]
    return False


def _drop_nested_same_code(code_of: list[str], hits: list[Hit]) -> list[Hit]:
    """自信 inside 要有自信 of the same code is one piece of evidence, not two."""
    by_code: dict[str, list[Hit]] = {}
    for hit in hits:
        code_id = code_of[hit.rule_index]
        group = by_code.get(code_id)
        if group is None:
            by_code[code_id] = [hit]
        else:
            group.append(hit)
    if len(by_code) == len(hits):  # one hit per code (most turns): nothing can contain it
        return hits
    kept = []
    for group in by_code.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        group.sort(key=_start)
        if not _overlapping(map(_span, group)):  # the same keyword twice in a turn, far apart: both stay
            kept += group
            continue
        kept += _uncontained(group)
    return kept


def _uncontained(group: list[Hit]) -> list[Hit]:
    """The hits of one code (sorted by start) that no better-ranked hit of the group contains."""
    # rank: longer, then better matched, then first written
    ranks = [(hit.end - hit.start, hit_weight(hit), -hit.rule_index) for hit in group]
    if len(group) <= _SMALL_GROUP:  # a handful of hits: each against those starting no later, no bisection
        return [hit for rank, hit in zip(ranks, group)
                if not any(other_rank > rank and hit.end <= other.end
                           for other_rank, other in zip(ranks, group) if other.start <= hit.start)]
    kept = []
    starts = [hit.start for hit in group]
    longest = max(hit.end - hit.start for hit in group)
    for rank, hit in zip(ranks, group):  # only hits starting within reach can contain this one (see _Spans)
        low, high = bisect_left(starts, hit.end - longest), bisect_right(starts, hit.start)
        if not any(other_rank > rank and other.start <= hit.start and hit.end <= other.end
                   for other_rank, other in zip(ranks[low:high], group[low:high])):
            kept.append(hit)
    return kept


_SMALL_GROUP = 8


_start = attrgetter("start")
_span = attrgetter("start", "end")


def evidence_by_code(compiled: CompiledKeywords, text: str, hits: list[Hit]) -> dict[str, list[Evidence]]:
    """Turn hits into evidence per code, applying negation, hedging and shadowing."""
    code_of, sources = compiled.rule_codes, compiled.rule_sources
    hits = _drop_nested_same_code(code_of, hits)
    spans = sorted([(h.start, h.end, code_of[h.rule_index]) for h in hits
                    if h.cue is None or h.cue.kind != "negation"]) if len(hits) > 1 else []
    shadowing = _overlapping(spans)  # no span holds another: nothing is shadowed (most turns)
    spans_of_others = _Spans(spans) if shadowing else None
    codes = compiled.codes
    found: dict[str, list[Evidence]] = defaultdict(list)
    for hit in hits:
        code_id = code_of[hit.rule_index]
        kind, cue = hit.kind, hit.cue
        # hit_weight(hit), written out: this loop runs for every hit of a run (change both together).
        weight = FUZZY_WEIGHT * hit.similarity / 100.0 if kind == "fuzzy" else KIND_WEIGHT[kind]
        matched = text[hit.start:hit.end]
        source = sources[hit.rule_index]
        if cue is not None and cue.kind == "negation":
            note = f"{cue.note()}; negates {code_id}"
            for target in codes[code_id].negated_suggests:
                found[target].append(Evidence(source, matched, hit.start, hit.end, "negated",
                                              round(weight * NEGATED_FACTOR, 3), note))
            continue
        if cue is None and not shadowing and kind != "fuzzy":  # most hits: no note
            found[code_id].append(Evidence(source, matched, hit.start, hit.end, kind, round(weight, 3), ""))
            continue
        notes = [f"fuzzy {hit.similarity:.0f}%"] if kind == "fuzzy" else []
        if cue is not None:
            weight *= HEDGE_FACTOR
            notes.append(cue.note())
        if shadowing and _shadowed(hit, code_id, spans_of_others):
            weight *= SHADOWED_FACTOR
            notes.append("inside a longer keyword of another code")
        found[code_id].append(Evidence(source, matched, hit.start, hit.end, kind, round(weight, 3),
                                       "; ".join(notes)))
    return found


def combine(evidence: list[Evidence]) -> float:
    """Several distinct keywords beat one; a repeated keyword adds a little."""
    if len(evidence) == 1:  # the loop below with one weight, written out (1.0 * x is x exactly)
        return round(min(1.0, max(0.0, 1.0 - (1.0 - KEYWORD_STRENGTH * evidence[0].weight))), 4)
    by_keyword: dict[str, list[float]] = defaultdict(list)
    for item in evidence:
        by_keyword[item.keyword].append(item.weight)
    remaining = 1.0
    for weights in by_keyword.values():
        weights.sort(reverse=True)
        remaining *= 1.0 - KEYWORD_STRENGTH * weights[0]
        for extra in weights[1:3]:
            remaining *= 1.0 - REPEAT_STRENGTH * extra
    return round(min(1.0, max(0.0, 1.0 - remaining)), 4)


def score_hits(compiled: CompiledKeywords, text: str, hits: list[Hit]) -> list[ScoredCode]:
    scored = [ScoredCode(code_id, combine(items), tuple(sorted(items, key=_span) if len(items) > 1 else items))
              for code_id, items in evidence_by_code(compiled, text, hits).items()]
    if len(scored) > 1:
        scored.sort(key=_best_first)
    return scored


def _best_first(scored: ScoredCode) -> tuple[float, str]:
    return -scored.score, scored.code_id
