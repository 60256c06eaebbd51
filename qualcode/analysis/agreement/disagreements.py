"""The units on which two coders disagree: the text, A's codes, B's codes.

A unit is listed when, for at least one tabulated code, exactly one coder
marked it or both marked it on different passages (the span-overlap rule).
Character-unit comparisons are listed by segment, a segment being listed when
the coders' coded characters of some code differ inside it.  Units missing for
a coder (their document uncoded) are not disagreements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from qualcode.analysis.agreement.compute import AgreementResult
from qualcode.analysis.agreement.units import Unit


@dataclass(frozen=True)
class Disagreement:
    unit: Unit
    document_name: str
    text: str
    codes_a: tuple[str, ...]  # every tabulated code A marked on the unit
    codes_b: tuple[str, ...]
    differing: tuple[str, ...]  # codes on which the coders disagree
    passage_only: tuple[str, ...]  # of those, codes both applied but to different passages

    @property
    def label(self) -> str:
        return self.unit.label(self.document_name)


def list_disagreements(result: AgreementResult) -> list[Disagreement]:
    """Disagreements in document and unit order."""
    codes_a: dict[Unit, set[str]] = defaultdict(set)
    codes_b: dict[Unit, set[str]] = defaultdict(set)
    differing: dict[Unit, set[str]] = defaultdict(set)
    passage: dict[Unit, set[str]] = defaultdict(set)
    for code_id, code_units in result.marked.items():
        for row in code_units.marked:
            a, b = row.values
            if a is None or b is None:
                continue
            if a:
                codes_a[row.unit].add(code_id)
            if b:
                codes_b[row.unit].add(code_id)
            if a != b:
                differing[row.unit].add(code_id)
                if row.passage_split:
                    passage[row.unit].add(code_id)
    order = [c.code_id for c in result.rows]
    names = {d.id: d.name for d in result.documents}

    def ordered(codes: set[str]) -> tuple[str, ...]:
        return tuple(sorted(codes, key=order.index))

    listed = []
    for unit in sorted(differing, key=lambda u: (names[u.document_id], u.key)):
        text = result.texts[unit.document_id][unit.start:unit.end]
        listed.append(Disagreement(unit, names[unit.document_id], text, ordered(codes_a[unit]),
                                   ordered(codes_b[unit]), ordered(differing[unit]), ordered(passage[unit])))
    return listed


LIST_WORDS = {
    "en": {"head": "{n} units where {a} and {b} disagree", "by_segment": " (listed by segment)", "colon": ":",
           "passage": "same code, different passage: ", "sep": ", "},
    "zh": {"head": "{a} 与 {b} 有分歧的单位：{n} 个", "by_segment": "（按话轮列出）", "colon": "",
           "passage": "同一编码，不同片段：", "sep": "、"},
}


def format_disagreements(result: AgreementResult, disagreements: list[Disagreement], *, width: int = 0,
                         language: str = "en") -> str:
    """Plain text for the terminal: one block per unit, its words in ``language`` (en or zh)."""
    a, b = result.options.coders
    words = LIST_WORDS.get(language, LIST_WORDS["en"])
    lines = [words["head"].format(n=len(disagreements), a=a, b=b)
             + (words["by_segment"] if result.options.unit == "character" else "") + words["colon"]]
    for item in disagreements:
        text = " ".join(item.text.split())
        if width and len(text) > width:
            text = text[: width - 1] + "…"
        lines += ["", f"{item.label}  {text}",
                  f"  {a}: {', '.join(item.codes_a) or '—'}",
                  f"  {b}: {', '.join(item.codes_b) or '—'}"]
        if item.passage_only:
            lines.append(f"  {words['passage']}{words['sep'].join(item.passage_only)}")
    return "\n".join(lines) + "\n"
