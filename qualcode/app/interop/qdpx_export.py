"""A qualcode project -> the neutral REFI-QDA model (and on to a ``.qdpx`` / ``.qdc``).

Every entity gets the GUID another tool gave it when it came from an import
(remembered in ``interop_guids``), else a stable name-based GUID; selections
and codings are keyed by the GUIDs of what they join, so an unchanged project
exports to the same bytes, and an export re-imported and exported again gives
the same file. Codings of codes no codebook defines any more are left out
(a REFI-QDA coding must point at a code) and counted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.core.errors import ExportError, Location
from qualcode.core.models import Coding, Memo
from qualcode.io.refiqda import model
from qualcode.io.refiqda.codebook_map import refi_codes
from qualcode.io.refiqda.guids import stable_guid
from qualcode.app.interop.qdpx_import import OUR_NOTE_PREFIX
from qualcode.storage.interop import guid_map, list_coders
from qualcode.storage import repository as repo

NAME_LENGTH = 60
_INTEGER = re.compile(r"^-?[1-9]\d{0,17}$|^0$")


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        return [f"wrote {self.path}: {counts}", *(f"  left out: {why}" for why in self.left_out)]


class GuidSource:
    """GUIDs remembered from imports, else stable ones."""

    def __init__(self, conn) -> None:
        self._maps = {entity: guid_map(conn, entity) for entity in ("code", "user", "case", "document", "variable")}

    def __call__(self, entity: str, key: str) -> str:
        known = self._maps[entity]
        if key not in known:  # computed once per entity: a large project asks for code GUIDs a million times
            known[key] = stable_guid(entity, key)
        return known[key]


def project_language(project) -> str:
    language = str(project.setting("project.language", "zh") or "zh").strip().lower()
    return language if language in ("zh", "en") else "zh"


def build_refi_project(project, summary: ExportSummary | None = None) -> model.Project:
    conn = project.conn
    guids = GuidSource(conn)
    summary = summary or ExportSummary(Path("."))
    documents = [repo.get_document(conn, d.id) for d in repo.list_documents(conn)]
    codings = repo.list_codings(conn)
    memos = sorted(repo.list_memos(conn), key=lambda m: (m.target_type, m.target_id, m.author, m.created_at, m.id))
    coder_names = sorted(set(list_coders(conn)) | {c.coder for c in codings} | {m.author for m in memos})
    users = tuple(model.User(guids("user", name), name) for name in coder_names)
    user_guid = {u.name: u.guid for u in users}
    notes = _Notes(user_guid)
    code_notes = defaultdict(list)
    for memo in memos:
        if memo.target_type == "code":
            code_notes[memo.target_id].append(notes.add(memo, guids("code", memo.target_id)))
    codes = refi_codes(project.codebooks(), language=project_language(project), guid_for=lambda i: guids("code", i),
                       note_guids=lambda i: tuple(code_notes.get(i, ())))
    defined = {c.guid for root in codes for c, _ in root.walk()}
    variables = _variables(conn, documents, guids)
    sources = []
    for doc in documents:
        doc_codings = [c for c in codings if c.document_id == doc.id]
        sources.append(_source(conn, doc, doc_codings, memos, guids, user_guid, defined, notes, summary))
    cases = tuple(
        model.Case(guid=guids("case", case.id), name=case.id, variables=dict(case.attributes),
                   description="\n\n".join(m.text for m in memos if m.target_type == "case" and m.target_id == case.id),
                   source_guids=tuple(guids("document", d.name) for d in documents if d.case_id == case.id))
        for case in repo.list_cases(conn))
    project_notes = tuple(notes.add(m, "project") for m in memos if m.target_type == "project")
    name = str(project.setting("project.name", "") or project.root.name)
    summary.counts.update({"codes": len(defined), "documents": len(sources), "cases": len(cases),
                           "codings": sum(len(s.codings) for src in sources for s in src.selections),
                           "coders": len(users), "memos": len(notes.notes)})
    return model.Project(name=name, origin="qualcode", users=users, codes=codes, variables=variables,
                         cases=cases, sources=tuple(sources), notes=tuple(notes.notes), note_guids=project_notes)


class _Notes:
    def __init__(self, user_guid: dict[str, str]) -> None:
        self.user_guid = user_guid
        self.notes: list[model.Note] = []
        self._taken: set[str] = set()

    def add(self, memo: Memo, owner_guid: str) -> str:
        """One Note per memo: several memos on one target (by one author or several) stay apart."""
        guid = stable_guid("note", memo.target_type, owner_guid, memo.author, memo.created_at, memo.text)
        repeat = 1
        while guid in self._taken:  # the same words written twice at the same moment are still two memos
            repeat += 1
            guid = stable_guid("note", memo.target_type, owner_guid, memo.author, memo.created_at, memo.text, repeat)
        self._taken.add(guid)
        self.notes.append(model.Note(guid=guid, name=f"{OUR_NOTE_PREFIX} ({memo.target_type}) by {memo.author}",
                                     text=memo.text, user_guid=self.user_guid.get(memo.author),
                                     created=memo.created_at))
        return guid


def _variables(conn, documents, guids) -> tuple[model.Variable, ...]:
    values: dict[str, set[str]] = defaultdict(set)
    for case in repo.list_cases(conn):
        for key, value in case.attributes.items():
            values[key].add(str(value))
    for doc in documents:
        for key, value in doc.attributes.items():
            values[key].add(str(value))
    return tuple(model.Variable(guids("variable", name), name,
                                "Integer" if all(_INTEGER.match(v) for v in vals) else "Text")
                 for name, vals in sorted(values.items()))


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_LENGTH else flat[: NAME_LENGTH - 1] + "…"


def _source(conn, doc, codings: list[Coding], memos: list[Memo], guids, user_guid: dict[str, str], defined: set[str],
            notes: _Notes, summary: ExportSummary) -> model.Source:
    source_guid = guids("document", doc.name)
    spans: dict[tuple[int, int], list[Coding]] = defaultdict(list)
    for coding in codings:
        if guids("code", coding.code_id) not in defined:
            summary.left_out.append(f"{doc.name} {coding.start}-{coding.end}: code {coding.code_id} is in no "
                                    "codebook now")
            continue
        spans[(coding.start, coding.end)].append(coding)
    coding_memos: dict[str, list[Memo]] = defaultdict(list)
    for memo in memos:
        if memo.target_type == "coding":
            coding_memos[memo.target_id].append(memo)
    segment_spans = _segment_memo_spans(conn, doc, memos)
    for span in segment_spans:
        spans.setdefault(span, [])
    selections = []
    for (start, end), items in sorted(spans.items()):
        selection_guid = stable_guid("selection", source_guid, start, end)
        refi_codings = []
        for coding in sorted(items, key=lambda c: (guids("code", c.code_id), user_guid[c.coder])):
            code_guid, coder_guid = guids("code", coding.code_id), user_guid[coding.coder]
            coding_guid = stable_guid("coding", selection_guid, code_guid, coder_guid)
            refi_codings.append(model.Coding(coding_guid, code_guid, coder_guid, coding.created_at,
                                             tuple(notes.add(m, coding_guid) for m in coding_memos[str(coding.id)])))
        description = "\n\n".join(dict.fromkeys(c.memo for c in items if c.memo))
        segment_notes = tuple(notes.add(m, selection_guid) for m in segment_spans.get((start, end), []))
        selections.append(model.Selection(selection_guid, start, end, name=_quote(doc.text[start:end]),
                                          description=description, codings=tuple(refi_codings),
                                          note_guids=segment_notes))
    doc_notes = tuple(notes.add(m, source_guid) for m in memos
                      if m.target_type == "document" and m.target_id in (doc.name, str(doc.id)))
    return model.Source(guid=source_guid, name=doc.name, text=doc.text, selections=tuple(selections),
                        variables=dict(doc.attributes), note_guids=doc_notes)


def _segment_memo_spans(conn, doc, memos: list[Memo]) -> dict[tuple[int, int], list[Memo]]:
    """Segment memos of this document by the segment's span (exported as a selection with a note)."""
    wanted = [m for m in memos if m.target_type == "segment"]
    if not wanted:
        return {}
    span_of = {str(row[0]): (row[1], row[2]) for row in conn.execute(
        "SELECT id, start, end FROM segments WHERE document_id = ?", (doc.id,))}
    spans: dict[tuple[int, int], list[Memo]] = defaultdict(list)
    for memo in wanted:
        if memo.target_id in span_of:
            spans[span_of[memo.target_id]].append(memo)
    return spans


def export_qdpx(project, out: Path | str, *, force: bool = False) -> ExportSummary:
    from qualcode.io.refiqda.writer import write_qdpx

    out = Path(out)
    if out.exists() and not force:
        raise ExportError("exists; pass --force to replace it", Location(path=out))
    summary = ExportSummary(out)
    write_qdpx(build_refi_project(project, summary), out)
    return summary
