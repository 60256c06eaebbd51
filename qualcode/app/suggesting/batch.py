"""`qualcode suggest`: run the suggestion engine over a project.

Documents go in chunks to a process pool (every core by default) started
with forkserver or spawn, never fork, because this process holds an open
SQLite connection; each worker builds its engine once and reads documents
through its own read-only connection. This process is the only writer: a
batch of documents is written in one transaction together with each one's
progress row, so a run killed at any moment resumes at the first document
not committed, never duplicates (the table is UNIQUE(segment_id, code_id))
and never brings back a rejected suggestion.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids
from qualcode.app.collections_pause import collect_less, fewer_collections
from qualcode.app.suggesting.chunks import plan_chunks
from qualcode.app.suggesting.token_memory import TokenMemory
from qualcode.app.suggesting.warm_start import (CHARACTERS_PER_WORKER, select_documents, start_workers_early,
                                                worker_count)
from qualcode.core.config import count_setting
from qualcode.core.errors import QualcodeError
from qualcode.core.models import Codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.settings import NlpSettings
from qualcode.storage import db
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store

Progress = Callable[[int, int, str], None]  # documents done, total, current document name


@dataclass(frozen=True)
class SuggestReport:
    documents: int = 0  # processed in this run
    skipped: int = 0  # already finished by this engine with these keywords
    segments: int = 0
    new: int = 0
    updated: int = 0
    already_coded: int = 0
    decided: int = 0
    stale_removed: int = 0
    candidates: int = 0  # ranked candidates below min_score stored (never pending, counted or bulk-accepted)
    held_no_code: int = 0  # at or above min_score on turns the coder marked "no code applies": kept as candidates
    warnings: tuple[str, ...] = field(default_factory=tuple)
    engine: str = "keywords"  # which engines ran: keywords, learned or both
    learned: str = ""  # how the learned model was had (built, reused, ...) and from how many turns
    cancelled: bool = False  # stopped by ``cancelled()``: ``documents`` were saved, ``remaining`` were not
    remaining: int = 0


def project_settings(project) -> NlpSettings:
    return NlpSettings.from_config(project.config, path=str(project.root / "qualcode.toml"))


def build_engine(project, codebooks: Sequence[Codebook] | None = None) -> SuggestionEngine:
    """The engine for a project's codebooks and [nlp] settings; a clear error when there is nothing to match."""
    codebooks = list(project.codebooks() if codebooks is None else codebooks)
    if not codebooks:
        raise QualcodeError(f"no codebook in {project.root / 'codebooks'}; add a codebook YAML file "
                            "(`qualcode init` ships two) before running suggest")
    if not any(code.keywords.all() for book in codebooks for code in book.codes):
        raise QualcodeError("the codebooks have no keywords, so there is nothing to suggest; add `keywords:` "
                            "to some codes (see docs/suggestions.md)")
    return SuggestionEngine(codebooks, project_settings(project))


def build_suggest_engine(project, codebooks: Sequence[Codebook] | None = None, *, engine: str = "both",
                         min_score: float | None = None, train_coders: Sequence[str] | None = None,
                         embeddings: bool | None = None):
    """The engine ``suggest`` runs: keywords alone (as before), learned alone, or both combined.

    "both" falls back to whichever engine can run: keywords when there are no human codings yet (or
    none by the chosen ``train_coders``), the learned model when the codebooks have no keywords.
    ``embeddings``: with sentence embeddings (None: as qualcode.toml's ``[suggest] embeddings`` says).
    Returns (engine, what ran, training note).
    """
    if engine == "keywords":  # the keyword engine alone: the learned engine's modules are not even imported
        return build_engine(project, codebooks), "keywords", ""
    from qualcode.app.suggesting.learning import train_for_project, why_nothing_was_learned
    from qualcode.nlp.combined import ENGINES, CombinedEngine

    if engine not in ENGINES:
        raise QualcodeError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    books = list(project.codebooks() if codebooks is None else codebooks)
    if not books:
        build_engine(project, books)  # raises the "no codebook" message
    has_keywords = any(code.keywords.all() for book in books for code in book.codes)
    training = train_for_project(project, books, coders=train_coders, embeddings=embeddings)
    note = training.summary()
    # A coder named on the command line with no codings is a typo (`--train-coder a` for A): stop, as `next` does,
    # instead of falling back to keywords and withdrawing every learned suggestion. One named in qualcode.toml
    # before anyone coded keeps the fallback.
    if training.wrong_coder and (engine == "learned" or not has_keywords or train_coders):
        raise QualcodeError(training.how)
    if training.engine is None:
        if engine == "learned" or not has_keywords:
            raise QualcodeError(f"nothing to learn from: {why_nothing_was_learned(training)}"
                                + "; code some participant turns (at least 3 per code) first"
                                + (", or add `keywords:` to some codes" if not has_keywords else
                                   ", or use --engine keywords"))
        return build_engine(project, books), "keywords", note
    keywords = build_engine(project, books) if engine == "both" and has_keywords else None
    settings = keywords.settings if keywords else project_settings(project)
    threshold = settings.min_score if min_score is None else min_score
    combined = CombinedEngine(keywords, training.engine, threshold, training.key, tuple(books), settings,
                              training.messages)
    return combined, "both" if keywords else "learned", note


def run_suggest(project, *, documents: Sequence[str] = (), min_score: float | None = None, jobs: int | None = None,
                force: bool = False, progress: Progress | None = None,
                codebooks: Sequence[Codebook] | None = None,
                commit_documents: int | None = None, engine_kind: str = "keywords",
                train_coders: Sequence[str] | None = None, embeddings: bool | None = None,
                ask_no_code_turns: bool = False, cancelled: Callable[[], bool] | None = None) -> SuggestReport:
    """Suggest codes for every participant segment of the project's current documents (or ``documents``).

    Results are committed every ``commit_documents`` documents (default COMMIT_DOCUMENTS) or COMMIT_ROWS rows.
    ``engine_kind`` is keywords, learned or both (see :func:`build_suggest_engine`); ``train_coders``
    (default: qualcode.toml's ``[suggest] train_coders``) are whose codings train the learned model, with
    sentence embeddings when ``embeddings`` (default: ``[suggest] embeddings``). Turns the project's coder
    marked "no code applies" get no pending suggestions (kept as ranked candidates, counted in the report)
    unless ``ask_no_code_turns``. ``cancelled()`` (the TUI's Esc) is asked before each document's results are
    kept: once it says yes, the batch not yet committed is dropped and the report says how many documents were
    saved before (they stay: a later run goes on with the rest) and how many were not.
    """
    per_commit = commit_documents or count_setting(project.config, "suggest.commit_documents", COMMIT_DOCUMENTS,
                                                   "documents")
    conn = project.conn
    try:
        chosen = select_documents(conn, documents)
    except QualcodeError as error:  # said after the codebooks are checked and mirrored, as always
        chosen, not_found = [], error
    else:
        not_found = None
        # Workers' tokenizers load in the fork server while this process reads the codebooks.
        start_workers_early(project, [d for d, _ in chosen], jobs, CHARACTERS_PER_WORKER)
    engine, ran, learned_note = build_suggest_engine(project, codebooks, engine=engine_kind, min_score=min_score,
                                                     train_coders=train_coders, embeddings=embeddings)
    with db.transaction(conn):  # suggestions reference codes: mirror the codebooks first
        codes = [code for book in engine.codebooks for code in book.codes]
        if codebooks is None:
            repo.upsert_codes(conn, codes)  # the project's codebooks: the same as api.sync_codes
        else:
            store.ensure_codes(conn, codes)
    if not_found is not None:
        raise not_found
    finished = set() if force else store.finished_documents(conn, engine.fingerprint)
    todo = [(doc_id, name) for doc_id, name in chosen if doc_id not in finished]
    threshold = engine.settings.min_score if min_score is None else min_score
    if not 0 <= threshold <= 1:
        raise QualcodeError(f"--min-score must be between 0 and 1, not {threshold}")
    held = set() if ask_no_code_turns else reviewed_uncoded_segment_ids(conn, coder=project.coder)
    done, totals, stopped = _suggest_in_batches(project, engine, todo, threshold, jobs, per_commit, held, progress,
                                                cancelled)
    warnings = tuple(engine.warnings) + tuple(getattr(engine, "training_messages", ()))  # keyword engine has none
    return SuggestReport(documents=done, skipped=len(chosen) - len(todo), warnings=warnings, engine=ran,
                         learned=learned_note, cancelled=stopped, remaining=len(todo) - done if stopped else 0,
                         **totals)


def _suggest_in_batches(project, engine, todo: list[tuple[int, str]], threshold: float, jobs: int | None,
                        per_commit: int, held: set[int], progress: Progress | None,
                        cancelled: Callable[[], bool] | None = None) -> tuple[int, dict[str, int], bool]:
    """Suggest for each document of ``todo`` and write the results in batches of documents (``per_commit``, or
    COMMIT_ROWS rows); progress after each commit; ``cancelled()`` asked before each document's results are
    kept. (documents done, the report's counts, whether it was cancelled)."""
    conn = project.conn
    totals = dict.fromkeys(("segments", "new", "updated", "already_coded", "decided", "stale_removed",
                            "candidates", "held_no_code"), 0)
    names = dict(todo)
    done = 0
    if progress:
        progress(0, len(todo), "")
    batch: list[tuple[int, list, int]] = []
    batch_rows = 0

    def commit_batch() -> None:
        # One transaction per batch, not per document: each keeps its own suggest_progress row,
        # so an interrupted run still resumes at the first uncommitted document.
        nonlocal done, batch_rows
        with db.transaction(conn):
            written = [(doc_id, segments, store.write_document_suggestions(
                conn, doc_id, found, engine_version=engine.version, fingerprint=engine.fingerprint,
                segments=segments, min_score=threshold, held=held)) for doc_id, found, segments in batch]
        for doc_id, segments, counts in written:
            totals["segments"] += segments
            for key, value in vars(counts).items():
                totals[key] += value
            done += 1
            if progress:
                progress(done, len(todo), names[doc_id])
        batch.clear()
        batch_rows = 0

    stopped = bool(cancelled and cancelled())
    results = _no_results() if stopped else _results(project, engine, [d for d, _ in todo], threshold, jobs)
    with fewer_collections(), contextlib.closing(results):   # a cancelled run's worker pool ends at once
        for result in results:
            if cancelled and cancelled():
                stopped = True
                break
            batch.append(result)
            batch_rows += len(result[1]) + result[2]
            if len(batch) >= per_commit or batch_rows >= COMMIT_ROWS:
                commit_batch()
        if batch and not stopped:
            commit_batch()
    return done, totals, stopped


# --------------------------------------------------------------------------- workers
_worker: dict[str, object] = {}
COMMIT_DOCUMENTS = 200  # documents per transaction (survey answers are tiny: one commit each cost most)
COMMIT_ROWS = 20_000  # segments + suggestions per transaction (long interviews commit sooner)
# Documents go to workers in chunks (see chunks.py): longest first, big chunks first and small ones last,
# so the workers finish together.


def _start_worker(db_path: str, engine, codebooks, settings, threshold: float, parent_pid: int) -> None:
    # Workers start fresh (forkserver or spawn), so each builds its keyword engine once here; a combined
    # engine arrives pickled whole (its trained model is never retrained in a worker).
    from qualcode.app.suggesting.orphan_guard import exit_with

    exit_with(parent_pid)
    collect_less()
    _worker["engine"] = engine if engine is not None else SuggestionEngine(codebooks, settings)
    _worker["conn"] = db.connect(db_path, readonly=True)
    _worker["threshold"] = threshold
    _worker["memory"] = token_memory(_worker["engine"], Path(db_path).parent)


def _suggest_document(document_id: int) -> tuple[int, list[tuple[int, str, float, str]], int]:
    engine: SuggestionEngine = _worker["engine"]  # type: ignore[assignment]
    conn = _worker["conn"]
    return (document_id, *suggest_document(conn, engine, document_id, _worker["threshold"],  # type: ignore
                                           _worker.get("memory")))  # type: ignore


def _suggest_chunk(document_ids: list[int]) -> list[tuple[int, list[tuple[int, str, float, str]], int]]:
    found = [_suggest_document(document_id) for document_id in document_ids]
    memory = _worker.get("memory")
    if memory is not None:   # a worker is ended, not asked to finish: what it split is written per chunk
        memory.flush()  # type: ignore[attr-defined]
    return found


def token_memory(engine, private_folder: Path) -> TokenMemory | None:
    """The remembered tokens of an engine that splits every turn (the learned one); None for keywords only,
    which split just the clauses around a keyword."""
    return TokenMemory(private_folder) if getattr(engine, "learned", None) is not None else None


def suggest_document(conn, engine: SuggestionEngine, document_id: int, threshold: float,
                     memory: TokenMemory | None = None) -> tuple[list[tuple[int, str, float, str]], int]:
    """One document's suggestions as rows (segment_id, code_id, score, evidence JSON), and its segment count;
    with ``memory``, the turns' tokens remembered from an earlier run (the same rows, less jieba)."""
    document = repo.get_document(conn, document_id, with_text=False)
    segments = repo.list_segments(conn, document_id)
    questions, question = [], ""
    for segment in segments:
        if segment.role == "interviewer":
            question = segment.text  # the learned engine reads a turn with the question before it
        questions.append(question if segment.role != "interviewer" else "")
    # The whole document at once: the learned engine tokenises its turns before scoring them (less CPU).
    with (contextlib.nullcontext() if memory is None else
          memory.remembering(text for segment, question in zip(segments, questions) if segment.role != "interviewer"
                             for text in (segment.text, question))):
        results = engine.suggest_segments(segments, questions, min_score=threshold,
                                          default_language=document.language or "zh")
    found = [(segment.id, scored.code_id, scored.score, store.evidence_to_json(scored.evidence))
             for segment, result in zip(segments, results) for scored in result.codes]
    return found, len(segments)


def process_context():
    """How worker processes start. Never fork: the parent holds an open SQLite connection (and maybe
    threads), which a forked child would inherit mid-state. forkserver forks from a clean server
    process; spawn starts afresh."""
    return multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")


def _no_results() -> Iterator[tuple[int, list, int]]:
    yield from ()


def _results(project, engine: SuggestionEngine, document_ids: list[int], threshold: float,
             jobs: int | None) -> Iterator[tuple[int, list, int]]:
    workers = worker_count(project.conn, document_ids, jobs, CHARACTERS_PER_WORKER)
    if workers == 1:
        memory = token_memory(engine, project.db_path.parent)
        try:
            for document_id in document_ids:
                yield (document_id, *suggest_document(project.conn, engine, document_id, threshold, memory))
        finally:
            if memory is not None:
                memory.close()
        return
    context = process_context()
    pickled = engine if not isinstance(engine, SuggestionEngine) else None
    init_args = (str(project.db_path), pickled, engine.codebooks, engine.settings, threshold, os.getpid())
    chunks = plan_chunks(store.text_lengths(project.conn, document_ids), workers)
    pool = context.Pool(workers, initializer=_start_worker, initargs=init_args)
    try:
        for results in pool.imap_unordered(_suggest_chunk, chunks):
            yield from results
        pool.close()
    finally:
        pool.terminate()
        pool.join()
