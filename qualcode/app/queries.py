"""Read-only queries the faces (CLI, TUI) use to show a project.

The faces never import :mod:`qualcode.storage`; they read through these
functions, which take an open :class:`~qualcode.app.project.Project` and return
the domain's plain models. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcode.app.coders import coders_with_codings  # noqa: F401  (the faces ask here; exports import it alone)
from qualcode.core.errors import NotFoundError
from qualcode.core.models import Case, Coding, Document, Memo, Segment
from qualcode.storage import progress
from qualcode.storage import repository as repo


def list_documents(project, *, current_only: bool = True) -> list[Document]:
    return repo.list_documents(project.conn, current_only=current_only)


def get_document(project, ref: int | str, *, with_text: bool = True) -> Document:
    """A document by id or name (the current version); NotFoundError names what is missing."""
    return repo.get_document(project.conn, ref, with_text=with_text)


def document_text(project, document_id: int) -> str:
    return repo.document_text(project.conn, document_id)


def list_segments(project, document_id: int, *, with_text: bool = True) -> list[Segment]:
    return repo.list_segments(project.conn, document_id, with_text=with_text)


def segment_by_ordinal(project, document_id: int, ordinal: int) -> Segment:
    """Segment number ``ordinal`` (1-based, interviewer turns counted) of a document."""
    return repo.segment_by_ordinal(project.conn, document_id, ordinal)


def list_codings(project, *, document_id: int | None = None, segment_id: int | None = None,
                 coder: str | None = None, code_ids: Sequence[str] | None = None) -> list[Coding]:
    return repo.list_codings(project.conn, document_id=document_id, segment_id=segment_id, coder=coder,
                             code_ids=code_ids)


def get_coding(project, coding_id: int) -> Coding:
    return repo.get_coding(project.conn, coding_id)


def find_coding(project, document_id: int, start: int, end: int, code_id: str, coder: str) -> Coding | None:
    """The coder's coding of exactly this span with this code, if any."""
    return repo.find_coding(project.conn, document_id, start, end, code_id, coder)


def list_cases(project) -> list[Case]:
    return repo.list_cases(project.conn)


def list_memos(project, *, target_type: str | None = None, target_id: str | None = None) -> list[Memo]:
    return repo.list_memos(project.conn, target_type=target_type, target_id=target_id)


# --------------------------------------------------------------------------- retrieval (TUI, issue 16)
@dataclass(frozen=True)
class CodedPassage:
    """One coding of a code with where it sits and who coded it: a row of the retrieval screen."""

    coding_id: int
    document_id: int
    document: str
    segment_id: int | None
    ordinal: int | None
    case_id: str
    attributes: Mapping[str, str]  # the case's attributes, then the document's (the document wins)
    coder: str
    text: str  # the coded words
    memos: tuple[Memo, ...]  # memos on the coding and on its turn, every author


def coded_passages(project, code_id: str, *, coder: str | None = None,
                   attributes: Mapping[str, str] | None = None) -> list[CodedPassage]:
    """Every coding of ``code_id`` on current documents, in document and text order.

    ``coder`` keeps one coder's codings; ``attributes`` keeps passages whose case
    or document has each attribute equal to the value given (wave=pre).
    """
    documents = {d.id: d for d in repo.list_documents(project.conn)}
    cases = {c.id: c.attributes for c in repo.list_cases(project.conn)}
    memos: dict[tuple[str, str], list[Memo]] = {}
    for memo in repo.list_memos(project.conn):
        if memo.target_type in ("coding", "segment"):
            memos.setdefault((memo.target_type, memo.target_id), []).append(memo)
    codings = [c for c in repo.list_codings(project.conn, coder=coder, code_ids=[code_id])
               if c.document_id in documents]
    passages: list[CodedPassage] = []
    texts: dict[int, str] = {}
    ordinals: dict[int, dict[int, int]] = {}
    for coding in sorted(codings, key=lambda c: (documents[c.document_id].name, c.start, c.coder)):
        document = documents[coding.document_id]
        merged = {**cases.get(document.case_id or "", {}), **document.attributes}
        if attributes and any(str(merged.get(k, "")) != v for k, v in attributes.items()):
            continue
        if coding.document_id not in texts:
            texts[coding.document_id] = repo.document_text(project.conn, coding.document_id)
            ordinals[coding.document_id] = {s.id: s.ordinal for s in
                                            repo.list_segments(project.conn, coding.document_id, with_text=False)}
        found = memos.get(("coding", str(coding.id)), []) + (
            memos.get(("segment", str(coding.segment_id)), []) if coding.segment_id is not None else [])
        passages.append(CodedPassage(
            coding.id, coding.document_id, document.name, coding.segment_id,
            ordinals[coding.document_id].get(coding.segment_id) if coding.segment_id is not None else None,
            document.case_id or "", merged, coding.coder, texts[coding.document_id][coding.start:coding.end],
            tuple(found)))
    return passages


def attribute_names(project) -> list[str]:
    """Every case and document attribute name in the project, sorted (for the retrieval filter's hint)."""
    names = {name for case in repo.list_cases(project.conn) for name in case.attributes}
    names |= {name for document in repo.list_documents(project.conn) for name in document.attributes}
    return sorted(names)


def memo_place(project, memo: Memo) -> tuple[int, int | None] | None:
    """(document id, segment id) a memo is about, for "go there"; None for project, case and code memos
    or a target that no longer exists."""
    from qualcode.core.errors import NotFoundError

    target = memo.target_id
    try:
        if memo.target_type == "document" and target.isdigit():
            return repo.get_document(project.conn, int(target), with_text=False).id, None
        if memo.target_type == "segment" and target.isdigit():
            segment = repo.get_segment(project.conn, int(target), with_text=False)
            return segment.document_id, segment.id
        if memo.target_type == "coding" and target.isdigit():
            coding = repo.get_coding(project.conn, int(target))
            return coding.document_id, coding.segment_id
    except NotFoundError:
        return None
    return None


def coded_units_per_code(project, *, coder: str | None = None) -> dict[str, int]:
    """Per code, the distinct turns coded with it that the exports count (:func:`counted_codings`: participant
    turns of current documents), as the home screen and the codebook editor show them. They counted every
    coding, an interviewer's question too, so a code read 12 there and 10 in `export matrix` without a word;
    :func:`codings_not_counted` says how many they leave out."""
    from qualcode.analysis.coding_units import ExportFilter, coding_unit_rows

    # counted_codings' rows without their participant and wave made strings: a third of the time at 2,000 documents
    units = {(unit, code_id) for unit, code_id, _ in
             coding_unit_rows(project.conn, ExportFilter(coder=(coder,) if coder else None))}
    counts: dict[str, int] = {}
    for _, code_id in units:
        counts[code_id] = counts.get(code_id, 0) + 1
    return counts


def codings_not_counted(project, *, coder: str | None = None) -> list[str]:
    """The exports' note on codings they leave out because they are on interviewer (or other) turns (empty when
    none is): the screens that count as the exports do say it too."""
    from qualcode.analysis.coding_units import ExportFilter, codings_on_other_turns

    return codings_on_other_turns(project.conn, ExportFilter(coder=(coder,) if coder else None))


def first_documents(project, limit: int) -> list[tuple]:
    """(id, name, case id, wave, language) of the first ``limit`` current documents by name, uncounted:
    what the home screen shows in its first frame while the counts are made in a worker thread."""
    return progress.documents_by_name(project.conn, limit)


def open_review_count(project, *, coder: str | None = None) -> int:
    """How many revised codings wait for review (only ``coder``'s when set), counted without reading them:
    the TUI's title line says it before the first paint."""
    where, params = ("AND r.coder = ?", (coder,)) if coder is not None else ("", ())
    return project.conn.execute(
        f"""SELECT count(*) FROM coding_reviews r JOIN documents d ON d.id = r.document_id
            WHERE r.status = 'open' {where}""", params).fetchone()[0]


def current_version_of(project, document_id: int, name: str | None = None) -> Document | None:
    """The current version of the document ``document_id`` is a version of (itself when it is current); None
    when the document was deleted meanwhile. A window still showing a replaced version asks this. ``name``: the
    document's name as the window knows it, for a version that is gone while the document stays (its import
    undone: the version before is current again)."""
    row = project.conn.execute("SELECT name FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None and name is None:
        return None
    try:
        return repo.get_document(project.conn, row[0] if row is not None else name, with_text=False)
    except NotFoundError:
        return None


def offset_in_version(project, old_document_id: int, new_document_id: int, offset: int) -> int:
    """Where ``offset`` of one version's text is in another's (the same words; the nearest place when they
    were deleted), so a window moved to the new version stays on what the researcher was reading."""
    from qualcode.core.alignment import TextAlignment

    return TextAlignment(repo.document_text(project.conn, old_document_id),
                         repo.document_text(project.conn, new_document_id)).nearest_place(offset)


def moved_coding(project, coding_id: int, document_id: int) -> Coding | None:
    """The copy a re-import made of coding ``coding_id`` on version ``document_id`` (a copy keeps the code, coder
    and creation time of the coding it moved from), or None."""
    row = project.conn.execute(
        "SELECT c.id FROM codings c JOIN codings o ON o.id = ? WHERE c.document_id = ? AND c.code_id = o.code_id "
        "AND c.coder = o.coder AND c.created_at = o.created_at ORDER BY c.id LIMIT 1",
        (coding_id, document_id)).fetchone()
    return repo.get_coding(project.conn, row[0]) if row else None


def unknown_filter_values(project, *, waves: Sequence[str] | None = None,
                          documents: Sequence[str] | None = None) -> list[str]:
    """Waves and documents an export filter names that no current document has (a typo): one phrase each,
    naming what there is, so the export can refuse instead of writing an empty table."""
    rows = project.conn.execute(
        "SELECT id, name, json_extract(attributes, '$.wave') FROM documents WHERE is_current = 1").fetchall()
    problems = []
    present_waves = sorted({str(r[2]) for r in rows if r[2] is not None})
    from qualcode.core.frontmatter import normalise_wave

    missing_waves = [w for w in waves or () if w not in present_waves and normalise_wave(w) not in present_waves]
    if waves and len(missing_waves) == len(waves):
        problems.append(f"no document of wave {', '.join(missing_waves)} (waves: {', '.join(present_waves) or 'none'})")
    names, ids = {r[1] for r in rows}, {str(r[0]) for r in rows}
    missing_documents = [d for d in documents or () if d not in names and d not in ids]
    if missing_documents:
        problems.append(f"no document {', '.join(missing_documents)} (`qualcode status` lists them)")
    return problems


def counted_codings(project, *, coder: str | None = None,
                    document_id: int | None = None) -> list[tuple[str, str, str, int]]:
    """(participant, wave, code id, unit) of each coding the exports count: on participant turns of current
    documents, the participant of the turn (a group interview's speakers apart), the coded turn as the unit
    (only ``document_id``'s when given). The rows `export matrix` counts (no pandas: the home screen and the
    coding screen count from them too), so every count on screen says what the exports say."""
    from qualcode.analysis.coding_units import WAVE_COLUMNS, ExportFilter, coding_unit_rows

    rows = coding_unit_rows(project.conn, ExportFilter(coder=(coder,) if coder else None),
                            extra_columns=WAVE_COLUMNS, document_id=document_id)
    return [(str(participant), "" if wave is None else str(wave), str(code), int(unit))
            for unit, code, participant, wave in rows]
