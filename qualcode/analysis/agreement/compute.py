"""Agreement between two coders of a project, per code and pooled over codes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from qualcode.analysis.agreement import source
from qualcode.analysis.agreement.presence import CodeUnits, character_tables, unit_tables
from qualcode.analysis.agreement.statistics import (
    Statistic,
    TwoByTwo,
    brennan_prediger_kappa,
    cohen_kappa,
    krippendorff_alpha_nominal,
    observed_agreement,
    two_by_two,
)
from qualcode.analysis.agreement.table import ReliabilityTable
from qualcode.analysis.agreement.units import (
    ROLES,
    UNIT_KINDS,
    Unit,
    segment_units,
    selected_segments,
    sentence_units,
)
from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.core.models import Segment


ENGINE_SOURCES = ("run", "table")


@dataclass(frozen=True)
class EngineRun:
    """The suggestion engine as a coder, run on the compared turns (built by the caller, who knows the project).

    ``spans(segments)`` gets the selected segments (text filled, language in ``languages``) and returns
    (document id, code id) -> spans, each suggestion covering its whole turn.
    """

    spans: Callable[[Sequence[Segment], Mapping[int, str]], dict[tuple[int, str], list[tuple[int, int]]]]
    min_score: float
    description: str


def parse_share(value: object) -> float:
    """0.9, "0.9", "90%" and 90 all mean a 90% overlap."""
    text = str(value).strip()
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        raise QualcodeError(f"--overlap takes a share such as 0.9 or 90%, not {value!r}") from None
    return number / 100 if text.endswith("%") or number > 1 else number


@dataclass(frozen=True)
class AgreementOptions:
    coders: tuple[str, str]
    unit: str = "segment"
    role: str = "participant"
    overlap: float = 0.9
    codes: tuple[str, ...] = ()  # empty: every code either coder used, plus unused leaf codes listed
    documents: tuple[str, ...] = ()  # names or ids; empty: every current document
    min_score: float | None = None  # for the engine: lowest score; None = the engine's own ([nlp] min_score) or 0
    engine_source: str = "run"  # "run": the engine on the compared turns now; "table": stored suggestions

    def validate(self) -> None:
        if len(self.coders) != 2 or self.coders[0] == self.coders[1]:
            raise QualcodeError(f"name two different coders to compare, not {' '.join(self.coders) or 'none'}")
        if self.unit not in UNIT_KINDS:
            raise QualcodeError(f"unit must be one of {', '.join(UNIT_KINDS)}, not {self.unit!r}")
        if self.role not in ROLES:
            raise QualcodeError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        if self.engine_source not in ENGINE_SOURCES:
            raise QualcodeError(f"engine source must be one of {', '.join(ENGINE_SOURCES)}, not {self.engine_source!r}")
        if not 0 <= self.overlap <= 1:
            raise QualcodeError(f"overlap is a share between 0 and 1 (0.9 = 90%), not {self.overlap}")


@dataclass(frozen=True)
class CodeAgreement:
    code_id: str
    label: str
    counts: TwoByTwo
    observed: Statistic
    kappa: Statistic
    alpha: Statistic
    bp_kappa: Statistic
    passage_splits: int = 0
    labels: tuple[str, str] = ("", "")  # (zh, en): a report names the code in its own language

    @classmethod
    def of(cls, code_id: str, label: str, table: ReliabilityTable, passage_splits: int = 0,
           labels: tuple[str, str] = ("", "")) -> "CodeAgreement":
        return cls(code_id, label, two_by_two(table), observed_agreement(table), cohen_kappa(table),
                   krippendorff_alpha_nominal(table), brennan_prediger_kappa(table), passage_splits, labels)


@dataclass(frozen=True)
class AgreementResult:
    options: AgreementOptions
    documents: tuple[source.DocumentRef, ...]
    rows: tuple[CodeAgreement, ...]
    overall: CodeAgreement | None
    unused_codes: tuple[source.CodeInfo, ...]
    units_total: int  # units before leaving out those missing for a coder
    units_missing: int  # units left out because a coder did not code their document
    coverage: dict[str, set[int]] = field(default_factory=dict)
    # Per code, the rows where a coder marked the code (segments for character units).
    marked: dict[str, CodeUnits] = field(default_factory=dict)
    units: tuple[Unit, ...] = ()
    texts: dict[int, str] = field(default_factory=dict)
    engine_description: str = ""  # how the engine's codes were obtained, for the header


def _choose_codes(options: AgreementOptions, codes: list[source.CodeInfo],
                  used: set[str]) -> tuple[list[source.CodeInfo], list[source.CodeInfo]]:
    """(codes to tabulate, codes no coder used) in codebook order."""
    by_id = {c.id: c for c in codes}
    for code_id in used - set(by_id):
        by_id[code_id] = source.CodeInfo(code_id, None, None, False)
        codes = codes + [by_id[code_id]]
    if options.codes:
        unknown = [c for c in options.codes if c not in by_id]
        if unknown:
            raise NotFoundError(f"no code {', '.join(unknown)} in the codebooks")
        candidates = [by_id[c] for c in options.codes]
    else:
        candidates = [c for c in codes if c.id in used or not c.has_children]
    return [c for c in candidates if c.id in used], [c for c in candidates if c.id not in used]


def _engine_spans(conn: sqlite3.Connection, options: AgreementOptions, segments: list[Segment],
                  documents: list[source.DocumentRef], texts: dict[int, str], engine: EngineRun | None):
    """(spans, covered document ids, description) for the coder ``engine``."""
    document_ids = [d.id for d in documents]
    if options.engine_source == "run":
        if engine is None:
            raise QualcodeError("running the engine needs the project; use qualcode.app.team.coders.agreement")
        filled = [replace(s, text=texts[s.document_id][s.start:s.end]) for s in segments]
        languages = {d.id: d.language for d in documents}
        return engine.spans(filled, languages), set(document_ids), engine.description
    threshold = options.min_score or 0.0
    return (source.coded_spans(conn, source.ENGINE, document_ids, min_score=threshold),
            source.coverage(conn, source.ENGINE, document_ids),
            f"The engine's codes are its stored pending and accepted suggestions with score ≥ {threshold:g}, each "
            "covering its whole turn (rejected suggestions, and those never stored because the turn was already "
            "coded, count as not coded).")


def compute_agreement(conn: sqlite3.Connection, options: AgreementOptions, *,
                      engine: EngineRun | None = None) -> AgreementResult:
    """Every figure of the agreement table for two coders (see ``presence`` for the rules)."""
    options.validate()
    for coder in options.coders:
        if coder != source.ENGINE or options.engine_source == "table":
            source.check_coder(conn, coder)
    documents = source.select_documents(conn, options.documents)
    document_ids = [d.id for d in documents]
    segments = selected_segments(source.load_segments(conn, document_ids), options.role)
    texts = source.document_texts(conn, document_ids)
    units = sentence_units(segments, texts) if options.unit == "sentence" else segment_units(segments)
    spans, coverage, engine_description = {}, {}, ""
    for coder in options.coders:
        if coder == source.ENGINE:
            spans[coder], coverage[coder], engine_description = _engine_spans(conn, options, segments, documents,
                                                                             texts, engine)
        else:
            spans[coder] = source.coded_spans(conn, coder, document_ids)
            coverage[coder] = source.coverage(conn, coder, document_ids)
    # A code counts as used when a coder applied it inside the units compared.
    listing_overlap = 1.0 if options.unit == "character" else options.overlap
    all_codes = sorted({code for c in options.coders for (_doc, code) in spans[c]})
    marked = unit_tables(units, spans, coverage, options.coders, all_codes, overlap=listing_overlap)
    used = {code for code, result in marked.items() if result.marked}
    tabulated, unused = _choose_codes(options, source.load_codes(conn), used)
    if options.unit == "character":
        tables = {k: v.table for k, v in character_tables(units, spans, coverage, options.coders,
                                                          [c.id for c in tabulated]).items()}
    else:
        tables = {c.id: marked[c.id].table for c in tabulated}
    rows = tuple(CodeAgreement.of(c.id, c.label(), tables[c.id],
                                  marked[c.id].passage_splits if options.unit != "character" else 0,
                                  (c.label_zh or "", c.label_en or ""))
                 for c in tabulated)
    pooled = None
    for table in tables.values():
        pooled = table if pooled is None else pooled.merged(table)
    overall = CodeAgreement.of("ALL", "all codes pooled", pooled, sum(r.passage_splits for r in rows)) \
        if pooled is not None else None
    units_total = sum(u.end - u.start for u in units) if options.unit == "character" else len(units)
    missing = sum(u.end - u.start if options.unit == "character" else 1 for u in units
                  if any(u.document_id not in coverage[c] for c in options.coders))
    return AgreementResult(options, tuple(documents), rows, overall, tuple(unused), units_total, missing,
                           coverage, {c.id: marked[c.id] for c in tabulated}, tuple(units), texts,
                           engine_description)
