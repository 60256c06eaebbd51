"""`qualcode eval suggestions`: the engine against a human coder, on a project.

The reference is a coder's codings in the project database, or a CSV file
with columns ``document, segment, code`` (and optionally ``coder``), one row
per (segment, code), segments numbered 1, 2, 3 ... as in the transcript.
Only participant segments of documents the reference coded are evaluated. With the project's codings as
the reference, turns where the coder accepted a suggestion are left out entirely (counted in the report):
the accepted coding is the coder's judgement, but grading a suggestion against the coding it produced is
circular, and leaving the accepted coding out of the reference made the suggestion a false positive.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Mapping, Sequence

from qualcode.core.errors import ImportFormatError, Location, QualcodeError
from qualcode.core.models import Codebook, Keywords
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.evaluation import EvalResult, cross_validate
from qualcode.nlp.keyness import LabeledSegment, rank_keywords
from qualcode.nlp.language import detect_segment_language
from qualcode.storage import repository as repo
from qualcode.app.suggesting.batch import build_engine, project_settings

SegmentKey = tuple[str, int]  # (document name, segment number)
# A learned keyword must be right three times in four on the training coding: on a
# small corpus, looser words ("家里" for life pressure) cost more precision than they win.
LEARN_MIN_PRECISION = 0.75


@dataclass(frozen=True)
class EvalReport:
    result: EvalResult
    reference: str
    min_score: float
    learned: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # code -> words learned (all folds)
    warnings: tuple[str, ...] = ()
    engine: str = "keywords"
    recall_at_k: float | None = None  # share of human (turn, code) pairs among the turn's k best-ranked codes
    k: int = 3
    repeats_micro_f1: tuple[float, ...] = ()   # one per repeated --train-fraction split
    documents_coded: tuple[int, int] | None = None   # (training documents, documents) of a --train-fraction split
    accepted_turns_left_out: int = 0      # turns of evaluated documents where the coder accepted a suggestion
    accepted_codings_left_out: int = 0    # the codings made by accepting suggestions on those turns


def reference_from_csv(path: Path, *, coder: str | None = None) -> dict[SegmentKey, set[str]]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"cannot read the reference codings: {exc}", Location(path)) from exc
    if not rows or not {"document", "segment", "code"} <= set(rows[0]):
        raise ImportFormatError("the reference CSV needs the columns document, segment, code", Location(path, 1))
    found: dict[SegmentKey, set[str]] = {}
    for line, row in enumerate(rows, start=2):
        if coder and row.get("coder", coder) != coder:
            continue
        number = (row["segment"] or "").strip()
        if not number.isdigit():
            raise ImportFormatError(f"segment must be a turn number, not {number!r}", Location(path, line))
        found.setdefault((row["document"].strip(), int(number)), set()).add(row["code"].strip())
    if not found:
        raise ImportFormatError(f"no codings{' by ' + coder if coder else ''} in the reference", Location(path))
    return found


def reference_from_project(project, coder: str) -> dict[SegmentKey, set[str]]:
    rows = project.conn.execute(
        """SELECT d.name, s.ordinal, c.code_id FROM codings c JOIN segments s ON s.id = c.segment_id
           JOIN documents d ON d.id = s.document_id
           WHERE d.is_current = 1 AND c.coder = ? AND c.origin != 'suggestion'""", (coder,))
    found: dict[SegmentKey, set[str]] = {}
    for name, ordinal, code_id in rows:
        found.setdefault((name, ordinal), set()).add(code_id)
    if not found:
        raise QualcodeError(f"{coder} has no codings in this project to compare with{_who_has_codings(project)}; "
                            "code some segments, import codings, or pass --reference FILE.csv")
    return found


def accepted_suggestion_turns(project, coder: str) -> dict[SegmentKey, int]:
    """(document, turn) -> how many of ``coder``'s codings there were made by accepting a suggestion."""
    rows = project.conn.execute(
        """SELECT d.name, s.ordinal, count(*) FROM codings c JOIN segments s ON s.id = c.segment_id
           JOIN documents d ON d.id = s.document_id
           WHERE d.is_current = 1 AND c.coder = ? AND c.origin = 'suggestion' GROUP BY d.name, s.ordinal""",
        (coder,))
    return {(name, ordinal): count for name, ordinal, count in rows}


def _who_has_codings(project) -> str:
    """The coders a reference could come from, with their counts (the default coder is the OS user name,
    which is often not the name the codings were made under)."""
    from qualcode.app.suggesting.learning import codings_per_coder, counts_in_brief

    counts = codings_per_coder(project.conn, accepted_suggestions=False)
    if not counts:
        return " (no one has coded a turn yet)"
    return f" (codings by: {counts_in_brief(counts)}; pass --coder {counts[0][0]})"


def participant_segments(project, documents: set[str]) -> dict[SegmentKey, LabeledSegment]:
    found: dict[SegmentKey, LabeledSegment] = {}
    for document in repo.list_documents(project.conn):
        if document.name not in documents:
            continue
        for segment in repo.list_segments(project.conn, document.id):
            if segment.role == "participant":
                language = detect_segment_language(segment.text, document.language or "zh")
                key = (document.name, segment.ordinal)
                found[key] = LabeledSegment(key, segment.text, language, frozenset(), document.name)
    return found


def evaluate_suggestions(project, *, reference: Path | None = None, coder: str | None = None, folds: int = 5,
                         train_fraction: float | None = None, learn: bool = False, min_score: float | None = None,
                         learn_top: int = 5, codebooks: Sequence[Codebook] | None = None,
                         seed: int = 0, engine: str = "keywords", k: int = 3,
                         embeddings: bool | None = None) -> EvalReport:
    """Score suggestions against a human reference, split by document.

    ``engine`` keywords (optionally ``learn`` keywords per fold), learned or both: the learned model is
    trained on each split's training documents only, with sentence embeddings when ``embeddings`` (None:
    qualcode.toml's ``[suggest] embeddings``, as ``suggest``). With ``train_fraction`` and ``folds`` > 1 the
    split is repeated ``folds`` times with different seeds; the per-code table is the first split's.
    """
    _check_split(folds, train_fraction)
    books = list(project.codebooks() if codebooks is None else codebooks)
    base = _base_engine(project, books, engine)
    settings = base.settings if base is not None else project_settings(project)
    threshold = settings.min_score if min_score is None else min_score
    gold_raw, source, coder = _reference(project, reference, coder)
    segments = participant_segments(project, {name for name, _ in gold_raw})
    if not segments:
        raise QualcodeError("none of the reference's documents is in this project; import the transcripts first")
    known = {code.id: code for book in books for code in book.codes}
    warnings = _reference_warnings(gold_raw, segments, known)
    segments, left_out = _without_accepted_turns(project, coder, reference, segments)
    gold = {key: frozenset(c for c in gold_raw.get(key, ()) if c in known) for key in segments}
    labeled = {key: dataclasses.replace(seg, codes=gold[key]) for key, seg in segments.items()}
    parents = {c.parent_id for c in known.values()}
    leaves = {c for c in known if c not in parents}
    codes = sorted(leaves | {c for codes in gold.values() for c in codes})
    learned: dict[str, set[str]] = {}
    documents = sorted({name for name, _ in segments})
    if (engine != "keywords" or learn) and len(documents) < 2:
        # Training and held-out turns come from different documents: with one document a split trains on
        # nothing and every figure was 0.00, exit 0, as if the model had been tried and failed.
        raise QualcodeError(f"{source} cover one document ({documents[0]}); the {engine} engine is evaluated on "
                            "documents it did not learn from, so code turns in at least one more document (or "
                            "evaluate the keywords alone with --engine keywords)")
    if engine != "keywords":
        coded_elsewhere = {key for key in segments if gold_raw.get(key) and not gold[key]}
        report = _evaluate_learned(project, books, base, engine, gold, segments, codes, threshold, folds,
                                   train_fraction, seed, k, source, warnings, coded_elsewhere, embeddings)
        return dataclasses.replace(report, **left_out)

    def predict(train: Sequence[Hashable], test: Sequence[Hashable]) -> dict[Hashable, frozenset[str]]:
        engine = base
        if learn:
            engine, words = _learned_engine(base, [labeled[k] for k in labeled if k[0] in set(train)], learn_top)
            for code_id, new in words.items():
                learned.setdefault(code_id, set()).update(new)
        test_docs = set(test)
        return {key: frozenset(s.code_id for s in engine.suggest_text(seg.text, language=seg.language,
                                                                       min_score=threshold))
                for key, seg in segments.items() if key[0] in test_docs}

    document_of = {key: key[0] for key in segments}
    result = cross_validate(gold, document_of, codes, predict, folds=folds if learn or train_fraction else 1,
                            train_fraction=train_fraction, seed=seed)
    return EvalReport(result, source, threshold, {k: tuple(sorted(v)) for k, v in sorted(learned.items())},
                      tuple(warnings), **left_out)


def _check_split(folds: int, train_fraction: float | None) -> None:
    if folds < 1:
        raise QualcodeError(f"--folds must be at least 1, not {folds}")
    if train_fraction is not None and not 0 < train_fraction < 1:
        raise QualcodeError(f"--train-fraction must be between 0 and 1, not {train_fraction}")


def _base_engine(project, books: list[Codebook], engine: str):
    """The keyword engine the evaluation starts from; None for a learned-only evaluation on a codebook without
    keywords."""
    if engine == "keywords" or any(code.keywords.all() for book in books for code in book.codes):
        return build_engine(project, books)
    elif not books:
        return build_engine(project, books)   # raises the "no codebook" message
    else:
        return None   # a learned-only evaluation on a codebook without keywords


def _reference(project, reference: Path | None, coder: str | None):
    """(the reference's codes per turn, where they come from, the coder): a CSV file, else a coder's codings
    (``coder``, else the project's)."""
    if reference is not None:
        gold_raw, source = reference_from_csv(reference, coder=coder), str(reference)
    else:
        coder = coder or project.coder
        gold_raw, source = reference_from_project(project, coder), f"codings by {coder}"
    return gold_raw, source, coder


def _without_accepted_turns(project, coder: str | None, reference: Path | None, segments: dict):
    """(the turns left to score, the counts left out for the report): a turn where the coder accepted a
    suggestion is neither scored nor trained on: see the module docstring."""
    accepted = accepted_suggestion_turns(project, coder) if reference is None else {}
    accepted = {key: n for key, n in accepted.items() if key in segments}
    segments = {key: seg for key, seg in segments.items() if key not in accepted}
    if not segments:
        raise QualcodeError(f"every participant turn of the documents {coder} coded has a coding made by accepting "
                            "a suggestion; "
                            "there is nothing the engine can be compared with (code turns by hand, or pass "
                            "--reference FILE.csv)")
    left_out = {"accepted_turns_left_out": len(accepted), "accepted_codings_left_out": sum(accepted.values())}
    return segments, left_out


def _questions(project, documents: set[str]) -> dict[SegmentKey, str]:
    """Each participant turn's previous interviewer turn, as the learned engine reads it."""
    found: dict[SegmentKey, str] = {}
    for document in repo.list_documents(project.conn):
        if document.name not in documents:
            continue
        question = ""
        for segment in repo.list_segments(project.conn, document.id):
            if segment.role == "interviewer":
                question = segment.text
            elif segment.role == "participant":
                found[(document.name, segment.ordinal)] = question
    return found


def _evaluate_learned(project, books, base, engine_kind, gold, segments, codes, threshold, folds,
                      train_fraction, seed, k, source, warnings, coded_elsewhere=frozenset(),
                      chosen_embeddings: bool | None = None) -> EvalReport:
    """The learned (or combined) engine trained on each split's training documents. Those documents are
    complete by the protocol (a suggestion on an uncoded turn counts as a false positive), so their
    uncoded participant turns train as negatives too; a turn coded only with codes outside the codebooks
    (``coded_elsewhere``) is neither."""
    from qualcode.app.suggesting.learning import code_hints, embedding_weight
    from qualcode.core.models import Segment
    from qualcode.nlp.combined import CombinedEngine
    from qualcode.nlp.compile import give_jieba_the_keywords
    from qualcode.nlp.learned import CodedTurn, train

    questions = _questions(project, {name for name, _ in segments})
    ranked: dict[Hashable, list[str]] = {}
    unlearned = _Unlearned()
    split_sizes: set[tuple[int, int]] = set()
    embeddings = embedding_weight(project, chosen_embeddings)   # as suggest trains: --embeddings, else the setting
    give_jieba_the_keywords(books)   # as suggest trains and scores: the codebook's keywords kept whole by jieba

    def predict(train_docs: Sequence[Hashable], test_docs: Sequence[Hashable]) -> dict[Hashable, frozenset[str]]:
        chosen, test_set = set(train_docs), set(test_docs)
        split_sizes.add((len(chosen), len(chosen) + len(test_set)))
        turns = [CodedTurn(seg.text, gold[key], f"{key[0]} #{key[1]}", questions.get(key, ""), seg.language,
                           str(key[0]))
                 for key, seg in segments.items()
                 if key[0] in chosen and key not in coded_elsewhere and seg.text.strip()]
        used = {c for t in turns for c in t.codes}
        language = max(("zh", "en"), key=lambda lang: sum(t.language == lang for t in turns if t.codes))
        model = train(turns, code_hints(books, used), language=language, embeddings=embeddings) if used else None
        unlearned.add(model.report if model is not None else None,
                      absent={code for key in segments if key[0] in test_set for code in gold[key]} - used)
        keywords = base if engine_kind == "both" else None
        combined = CombinedEngine(keywords, model if model is not None and model.models else None, threshold)
        out = {}
        for key, seg in segments.items():
            if key[0] not in test_set:
                continue
            segment = Segment(0, 0, key[1], 0, len(seg.text), None, "participant", text=seg.text)
            found = combined.suggest_segment(segment, min_score=threshold, default_language=seg.language,
                                             question=questions.get(key, ""))
            ranked[key] = [s.code_id for s in found.codes]   # already best first
            out[key] = frozenset(s.code_id for s in found.codes if s.score >= threshold)
        return out

    document_of = {key: key[0] for key in segments}
    results, recalls = [], []
    for repeat in range(folds if train_fraction is not None else 1):
        ranked.clear()
        result = cross_validate(gold, document_of, codes, predict, folds=folds, train_fraction=train_fraction,
                                seed=seed + repeat)
        results.append(result)
        pairs = [(key, code) for key in ranked for code in gold[key]]
        hits = sum(code in ranked[key][:k] for key, code in pairs)
        recalls.append(hits / len(pairs) if pairs else 0.0)
    return EvalReport(results[0], source, threshold, {}, tuple(warnings) + unlearned.messages(),
                      # "+embeddings": the figures are those of the engine suggest runs with [suggest] embeddings
                      engine=engine_kind + ("+embeddings" if embeddings else ""),
                      recall_at_k=sum(recalls) / len(recalls), k=k,
                      repeats_micro_f1=tuple(r.micro.f1 for r in results),
                      documents_coded=min(split_sizes) if train_fraction is not None and split_sizes else None)


class _Unlearned:
    """The codes a split's model could not learn, said once per code over every split of an evaluation:
    each split trains on other documents, and one line per split and code ("only 1 …", "only 2 …" for the
    same code, with no split named) read as a contradiction."""

    def __init__(self) -> None:
        self.splits = 0
        self.few: dict[str, list[int]] = {}
        self.everywhere: dict[str, int] = {}

    def add(self, report, absent: set[str]) -> None:
        """One split: its model's report (None: nothing coded to train on) and the codes the held-out documents
        carry that its coded documents never show (they count as misses)."""
        self.splits += 1
        for code in absent:
            self.few.setdefault(code, []).append(0)
        if report is None:
            return
        for code, count in report.too_few_examples.items():
            self.few.setdefault(code, []).append(count)
        for code in report.no_negatives:
            self.everywhere[code] = self.everywhere.get(code, 0) + 1

    def messages(self) -> tuple[str, ...]:
        from qualcode.nlp.learned import NEEDED

        of = f" of {self.splits}" if self.splits > 1 else ""
        lines = []
        if len(self.few) == 1:
            ((code, counts),) = self.few.items()
            lines.append(f"code {code}: only {_examples(counts)} human example(s) in the coded documents of "
                         f"{len(counts)}{of} split(s), {NEEDED}; not learned there")
        elif self.few:   # one line for them all: a 42-code project printed 19 lines, one per thin code
            listed = ", ".join(f"{code} ({_examples(counts)}"
                               + (f", in {len(counts)}{of} split(s)" if len(counts) != self.splits else "") + ")"
                               for code, counts in sorted(self.few.items()))
            lines.append(f"{len(self.few)} codes with too few human examples in the coded documents of "
                         f"{self.splits} split(s), {NEEDED}; not learned there: {listed}")
        if len(self.everywhere) == 1:
            ((code, times),) = self.everywhere.items()
            lines.append(f"code {code}: every coded turn has it in {times}{of} split(s), nothing to contrast "
                         "with; not learned there")
        elif self.everywhere:
            listed = ", ".join(f"{code} ({times}{of})" for code, times in sorted(self.everywhere.items()))
            lines.append(f"{len(self.everywhere)} codes on every coded turn of a split, nothing to contrast with; "
                         f"not learned there (splits): {listed}")
        return tuple(lines)


def _examples(counts: list[int]) -> str:
    """A code's human examples over the splits: ``2`` or ``0-2``."""
    low, high = min(counts), max(counts)
    return f"{low}" if low == high else f"{low}-{high}"


def _reference_warnings(gold: Mapping[SegmentKey, set[str]], segments: Mapping[SegmentKey, LabeledSegment],
                        known: Mapping[str, object]) -> list[str]:
    warnings = []
    unknown = sorted({c for codes in gold.values() for c in codes if c not in known})
    if unknown:
        warnings.append(f"reference codes not in the codebooks are ignored: {', '.join(unknown)}")
    missing = sorted(k for k in gold if k not in segments)
    if missing:
        shown = ", ".join(f"{d} #{o}" for d, o in missing[:5])
        warnings.append(f"{len(missing)} reference segment(s) are not participant turns of this project "
                        f"(ignored): {shown}{' ...' if len(missing) > 5 else ''}")
    return warnings


def _learned_engine(base: SuggestionEngine, train: list[LabeledSegment],
                    top: int) -> tuple[SuggestionEngine, dict[str, set[str]]]:
    """The base codebooks plus the best keywords learned from the training segments only."""
    def already_matched(code_id: str, word: str, language: str) -> bool:
        return any(s.code_id == code_id for s in base.suggest_text(word, language=language, min_score=0))

    ranked = rank_keywords(train, top=top, already_matched=already_matched, settings=base.settings)
    words: dict[str, set[str]] = {}
    books = []
    for book in base.codebooks:
        codes = []
        for code in book.codes:
            chosen = [c for c in ranked.get(code.id, []) if c.precision >= LEARN_MIN_PRECISION]
            if chosen:
                words[code.id] = {c.word for c in chosen}
                zh = code.keywords.zh + tuple(c.word for c in chosen if c.language == "zh")
                en = code.keywords.en + tuple(c.word for c in chosen if c.language == "en")
                code = dataclasses.replace(code, keywords=Keywords(zh=zh, en=en))
            codes.append(code)
        books.append(dataclasses.replace(book, codes=tuple(codes)))
    return SuggestionEngine(books, base.settings), words


def write_eval_csv(report: EvalReport, path: Path) -> Path:
    """One row per code plus micro and macro rows; ASCII column names. Two last rows count, in ``support``,
    the turns left out because the coder's codings there came from accepting suggestions and those codings
    (``_left_out_turns``, ``_left_out_codings``; 0 when none): the file says what the figures were computed
    without, as the terminal does."""
    path = Path(path)
    result = report.result
    rows = [(c.code_id, c.support, c.tp, c.fp, c.fn, c.precision, c.recall, c.f1, c.kappa) for c in result.per_code]
    m = result.micro
    rows.append(("_micro", m.support, m.tp, m.fp, m.fn, m.precision, m.recall, m.f1, result.kappa))
    rows.append(("_macro", m.support, "", "", "", result.macro_precision, result.macro_recall, result.macro_f1, ""))
    rows.append(("_left_out_turns", report.accepted_turns_left_out, "", "", "", "", "", "", ""))
    rows.append(("_left_out_codings", report.accepted_codings_left_out, "", "", "", "", "", "", ""))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("code", "support", "tp", "fp", "fn", "precision", "recall", "f1", "kappa"))
            for row in rows:
                writer.writerow([f"{v:.4f}" if isinstance(v, float) else v for v in row])
    except OSError as exc:
        raise QualcodeError(f"cannot write the evaluation CSV: {exc.strerror}", Location(path)) from exc
    return path
