"""`qualcode export transcript DOC|--all --format docx|html`: transcripts annotated with their coding.

One file per document, ``exports/transcripts/<name>.<format>`` unless ``--out`` names a folder (or, for one
document, a file). Nothing is written when a named document does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualcode.analysis.frames import natural_key
from qualcode.analysis.transcript_view import transcript_view
from qualcode.app.exporting.results import ExportResult
from qualcode.app.exporting.report_info import document_info, report_language
from qualcode.core.errors import ExportError, NotFoundError
from qualcode.core.report_words import report_words

TRANSCRIPT_FORMATS = ("docx", "html")


def _documents(conn, names: Sequence[str], every: bool) -> list[tuple[int, str]]:
    current = {name: doc_id for doc_id, name in conn.execute("SELECT id, name FROM documents WHERE is_current = 1")}
    if every:
        if names:
            raise ExportError("name documents or give --all, not both")
        return sorted(((i, n) for n, i in current.items()), key=lambda pair: natural_key(pair[1]))
    if not names:
        raise ExportError("name a document (qualcode export transcript S01_pre) or give --all")
    missing = [n for n in names if n not in current]
    if missing:
        known = ", ".join(sorted(current, key=natural_key)[:12]) or "none"
        raise NotFoundError(f"no document {', '.join(repr(m) for m in missing)} in this project (documents: {known})")
    return [(current[n], n) for n in dict.fromkeys(names)]


def _targets(project, documents: list[tuple[int, str]], fmt: str, out: Path | None) -> list[Path]:
    if out is not None and Path(out).suffix.lower() == f".{fmt}":
        if len(documents) != 1:
            raise ExportError(f"--out names one file but {len(documents)} documents are asked for; give a folder")
        return [Path(out)]
    folder = Path(out) if out is not None else project.root / "exports" / "transcripts"
    return [folder / f"{name}.{fmt}" for _doc_id, name in documents]


def export_transcripts(project, names: Sequence[str] = (), *, every: bool = False, fmt: str = "docx",
                       out: Path | None = None, language: str | None = None,
                       coders: tuple[str, ...] | None = None, force: bool = False) -> ExportResult:
    from qualcode.io.annotated_transcript import write_transcript_docx, write_transcript_html

    if fmt not in TRANSCRIPT_FORMATS:
        raise ExportError(f"an annotated transcript is written as docx or html, not {fmt!r}")
    language = report_language(project, language)
    documents = _documents(project.conn, names, every)
    targets = _targets(project, documents, fmt, out)
    if not force:
        taken = [t for t in targets if t.exists()]
        if taken:  # checked for all first, so a batch never stops half-way
            raise ExportError(f"{taken[0]} already exists ({len(taken)} of {len(targets)} files); use --force")
    info = document_info(project, report_words(language)["transcript"])
    paths, notes, codings = [], [], 0
    for (doc_id, name), target in zip(documents, targets):
        view = transcript_view(project.conn, doc_id, coders=coders)
        if fmt == "docx":
            paths.append(write_transcript_docx(view, target, language=language, info=info, force=force))
        else:
            paths.append(write_transcript_html(view, target, language=language, title=info.title, force=force))
        memos = len(view.memos) + sum(len(t.memos) + sum(len(m.memos) for m in t.marks) for t in view.turns)
        codings += len(view.marks)
        notes.append(f"{name}: {len(view.marks)} coding(s), {memos} memo(s), {len(view.turns)} turns"
                     + (f"; {view.unplaced} coding(s) on no turn not shown (run `qualcode doctor`)"
                        if view.unplaced else ""))
    return ExportResult(paths, codings, 0, notes)
