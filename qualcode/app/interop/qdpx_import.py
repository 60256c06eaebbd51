"""A REFI-QDA project -> a qualcode project: codes, coders, cases, documents, codings, memos.

The archive is read and checked completely before anything is written. New
codes go to a codebook YAML named after the imported project (the YAML stays
the source of truth); codes the project already has -- recognised by a GUID
remembered from an earlier import, or by the stable GUID qualcode gives its
own codes on export -- are mapped onto, not duplicated. Everything else is
written in one transaction: a failure leaves the project as it was.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import Counter
from pathlib import Path

from qualcode.core.text_forms import name_key
from qualcode.app.codebook_staging import StagedCodebook, write_with_codebook
from qualcode.app.interop.qdpx_documents import store_documents
from qualcode.app.interop.qdpx_sources import SourceSplit, split_sources
from qualcode.core.errors import ImportFormatError, Location
from qualcode.core.models import Case, Coding, Memo
from qualcode.core.span_placement import Turn, TurnIndex, place_span
from qualcode.io.refiqda import model
from qualcode.io.refiqda.codebook_map import codebook_from_refi, split_identity
from qualcode.io.refiqda.guids import canonical, stable_guid
from qualcode.io.refiqda.reader import open_qdpx
from qualcode.storage.interop import add_coder, guid_map, remember_guid
from qualcode.storage import repository as repo
from qualcode.storage.db import utc_now

OUR_NOTE_PREFIX = "qualcode memo"


def slug(name: str) -> str:
    text = re.sub(r"[^0-9A-Za-z\u3400-\u9fff]+", "-", name).strip("-").lower()
    return text or "imported"


def recognise_codes(project, roots: tuple[model.Code, ...],
                    report: model.ImportReport | None = None) -> dict[str, str]:
    """REFI GUID (canonical) -> existing code id, for codes this project already has.

    A code is known by its GUID (one qualcode wrote, or one remembered from an
    earlier import), else by its name equal to a label of one existing code in
    either language (case and width folded), so a codebook coming back from
    another tool maps onto the codes it came from instead of duplicating them.
    """
    index = project.code_index()
    remembered = {canonical(guid): key for key, guid in guid_map(project.conn, "code").items() if key in index}
    ours = {canonical(stable_guid("code", code_id)): code_id for code_id in index}
    by_label = _codes_by_label(index.values())
    known: dict[str, str] = {}
    for root in roots:
        for code, _ in root.walk():
            guid = canonical(code.guid)
            if guid in remembered:
                known[guid] = remembered[guid]
                continue
            if guid in ours:
                if _same_labels(code, index[ours[guid]]):
                    known[guid] = ours[guid]
                    continue
                if report is not None:  # each of two coders added a code of this id, meaning other things
                    report.note(f"code {code.name!r} has the id {ours[guid]} of this project's code "
                                f"{' / '.join(l for l in index[ours[guid]].labels.values() if l)} but other labels: "
                                "imported as a new code, not pooled with it (`qualcode codes merge` joins them if "
                                "they are one code)")
            matches = by_label.get(name_key(code.name), set())
            if len(matches) == 1:
                (known[guid],) = matches
                if report is not None:
                    report.note(f"code {code.name!r} mapped onto existing code {known[guid]} by its label")
            elif len(matches) > 1 and report is not None:
                report.note(f"code {code.name!r} matches the labels of {', '.join(sorted(matches))}; "
                            "imported as a new code")
    return known


def _same_labels(code: model.Code, existing) -> bool:
    """Whether the archive's code (written by qualcode under this id) is the project's code: a label the same in a
    language both give (one renamed in the other language is still the code); without labels, by its name."""
    _, identity = split_identity(code.description)
    theirs = {lang: identity[f"Label {lang}"] for lang in ("zh", "en") if identity.get(f"Label {lang}")}
    ours = {lang: label for lang, label in existing.labels.items() if label and label.strip()}
    if not theirs:
        return not ours or name_key(code.name) in {name_key(label) for label in ours.values()}
    both = theirs.keys() & ours.keys()
    return not both or any(name_key(theirs[lang]) == name_key(ours[lang]) for lang in both)



def _codes_by_label(codes) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code in codes:
        for label in code.labels.values():
            if label and label.strip():
                found.setdefault(name_key(label), set()).add(code.id)
    return found


def stage_codebook_for(project, roots: tuple[model.Code, ...], name: str, report: model.ImportReport,
                       *, origin: str) -> tuple[dict[str, str], StagedCodebook | None]:
    """REFI GUID -> code id for all codes, and the YAML of the codes the project lacks, staged (not yet in place)."""
    known = recognise_codes(project, roots, report)
    book_name = name
    taken_files = {p.stem for p in project.codebook_paths()}
    n = 2
    while book_name in taken_files:
        book_name, n = f"{name}-{n}", n + 1
    codebook, guid_to_id = codebook_from_refi(roots, book_name, id_for=lambda c: known.get(canonical(c.guid)),
                                              taken=set(project.code_index()))
    report.imported["codes mapped onto existing codes"] += len(known)
    staged = None
    if codebook.codes:
        path = project.root / "codebooks" / f"{book_name}.yaml"
        staged = StagedCodebook(project, codebook, path, header=f"Imported by qualcode from {origin}.\n"
                                                                "Edit freely: this file is now the source of truth.")
        report.note(f"{len(codebook.codes)} new codes written to {path.relative_to(project.root)}")
    return {canonical(guid): code_id for guid, code_id in guid_to_id.items()}, staged


def import_qdpx(project, path: Path | str, allow_external_sources: Path | str | None = None) -> model.ImportReport:
    """Import a ``.qdpx`` into an open project; returns what came in and what was skipped."""
    path = Path(path)
    refi, report = open_qdpx(path, allow_external=allow_external_sources)
    return import_read_qdpx(project, path, refi, report)


def import_read_qdpx(project, path: Path, refi: model.Project, report: model.ImportReport, *,
                     splits: dict[str, SourceSplit] | None = None, command_line=()) -> model.ImportReport:
    """Write an archive already read and checked by :func:`open_qdpx` into the project.

    ``splits``: each source's turns (:func:`qualcode.app.interop.qdpx_sources.split_sources`, with the
    roles of ``command_line``, the ``--speakers`` option); made here when not given.
    The new codebook YAML and every row go in together (:mod:`qualcode.app.codebook_staging`): a kill at
    any moment leaves either none of it or all of it, and a rerun neither fails nor writes the codebook twice.
    """
    from qualcode.app.api import sync_codes
    from qualcode.app.importing.speaker_settings import transcript_settings
    from qualcode.app.interop.qdpx_history import record_qdpx_import
    from qualcode.app.maintenance.backup_doctor import backup_before

    if splits is None:
        splits = split_sources(project, refi, transcript_settings(project))
    check_no_replaced_text(project.conn, splits, path)
    sync_codes(project)  # also finishes a codebook an earlier, killed import committed
    code_ids, staged = stage_codebook_for(project, refi.codes, slug(refi.name or path.stem), report,
                                          origin=path.name)
    # undo cannot take an archive back (it brings codings and memos onto documents already here): the backup
    # is the way back, and the history event (qdpx_history) names it
    backup = backup_before(project, "import-qdpx")
    first_new = project.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0] + 1

    def write(conn: sqlite3.Connection) -> None:
        _write(project, refi, path, code_ids, report, splits, command_line)
        record_qdpx_import(conn, project.coder, path, report, first_new, _under(project.root, backup),
                           staged.path.relative_to(project.root) if staged is not None else None)

    write_with_codebook(project, staged, write)
    return report


def _under(root: Path, path: Path) -> Path:
    """``path`` relative to the project folder when it is inside it (how a message names it)."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def check_no_replaced_text(conn: sqlite3.Connection, splits: dict[str, SourceSplit], path: Path | None) -> None:
    """Refuse, before anything is written, an archive whose source holds the text of a version of a document
    that a revision here has replaced: made current again, it would undo the revision and pull the codings
    back onto the old words. (Other text under the name is a revision and becomes the next version.)
    ``path``: the archive, named in the error (None: the caller names it)."""
    names = Counter(found.name for found in splits.values())
    for found in splits.values():
        if names[found.name] > 1:  # sources sharing a name come in beside the document, never over it
            continue
        current = conn.execute("SELECT id, version, text FROM documents WHERE name = ? AND is_current = 1",
                               (found.name,)).fetchone()
        if current is None or current["text"] == found.text:
            continue
        sha = hashlib.sha256(found.text.encode("utf-8")).hexdigest()
        old = conn.execute("SELECT version FROM documents WHERE name = ? AND is_current = 0 AND (text = ? OR "
                           "sha256 = ?) ORDER BY version DESC LIMIT 1", (found.name, found.text, sha)).fetchone()
        if old is not None:
            name = found.name
            raise ImportFormatError(
                f"{name} in the archive is version {old['version']} of the project's {name}, which importing a "
                f"revised transcript replaced with version {current['version']}; made current again, the old text "
                f"would undo that revision, so nothing was imported -- import the current {name} into the "
                "project the archive came from (its codings follow their words there), export it again and "
                "import that", Location(path) if path is not None else None)


def _write(project, refi: model.Project, path: Path, code_ids: dict[str, str], report: model.ImportReport,
           splits: dict[str, SourceSplit], command_line) -> None:
    conn = project.conn
    users = _users(conn, refi, f"REFI-QDA: {refi.origin or path.name}")
    for root in refi.codes:
        for code, _ in root.walk():
            remember_guid(conn, "code", code_ids[canonical(code.guid)], code.guid)
    documents = store_documents(project, refi, path, report, splits, command_line)
    _cases(conn, refi, documents)
    writer = _CodingWriter(conn, users, code_ids, project.coder, report)
    for source in refi.sources:
        if source.guid in documents:
            writer.write(source, documents[source.guid])
    _memos(conn, refi, users, code_ids, documents, writer.coding_ids, project.coder, report)
    _note_interviewer_codings(conn, sorted({i for ids in writer.coding_ids.values() for i in ids}), report)


def _note_interviewer_codings(conn: sqlite3.Connection, coding_ids: list[int], report: model.ImportReport) -> None:
    """Codings of the archive that sit on interviewer turns here, counted and placed (as `import-codings` does):
    the other tool may have coded questions on purpose, or its selections may have slipped onto them."""
    places: list[tuple[str, int]] = []
    for first in range(0, len(coding_ids), 500):
        chunk = coding_ids[first:first + 500]
        places += [(r[0], r[1]) for r in conn.execute(
            f"""SELECT d.name, s.ordinal FROM codings c JOIN segments s ON s.id = c.segment_id
                  JOIN documents d ON d.id = c.document_id
                 WHERE c.id IN ({",".join("?" * len(chunk))}) AND s.role = 'interviewer'""", chunk)]
    if not places:
        return
    from qualcode.app.importing.interviewer_places import turns_and_places

    turns, shown = turns_and_places(places)
    report.note(f"{len(places)} coding(s) are on {turns} interviewer turn(s) ({shown}); interviewer turns are "
                "not participant data: check them, or fix a speaker's role with `qualcode documents speakers`")


def _users(conn: sqlite3.Connection, refi: model.Project, origin: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for user in refi.users:
        add_coder(conn, user.name, origin)
        remember_guid(conn, "user", user.name, user.guid)
        names[canonical(user.guid)] = user.name
    return names


def _cases(conn: sqlite3.Connection, refi: model.Project, documents: dict[str, int]) -> None:
    for case in refi.cases:
        repo.upsert_case(conn, Case(id=case.name, attributes=dict(case.variables)))
        remember_guid(conn, "case", case.name, case.guid)
        for guid in case.source_guids:
            if guid in documents:
                conn.execute("UPDATE documents SET case_id = ? WHERE id = ?", (case.name, documents[guid]))
                # a speaker linked to a case of its own (--speakers "Tom=P03") keeps it
                conn.execute("UPDATE segments SET case_id = ? WHERE document_id = ? AND role = 'participant' "
                             "AND case_id IS NULL", (case.name, documents[guid]))
    for variable in refi.variables:
        remember_guid(conn, "variable", variable.name, variable.guid)


class _CodingWriter:
    """Stores each selection's codings on the turns it covers (see :mod:`qualcode.core.span_placement`).

    ``report.imported["codings"]`` ends as the number of codings stored; the kinds below say how each
    coding of the archive landed, so exact + trimmed + split + skipped + already there adds up.
    """

    def __init__(self, conn: sqlite3.Connection, users: dict[str, str], code_ids: dict[str, str],
                 default_coder: str, report: model.ImportReport) -> None:
        self.conn, self.users, self.code_ids = conn, users, code_ids
        self.default_coder, self.report = default_coder, report
        self.coding_ids: dict[str, list[int]] = {}  # selection or coding GUID -> our coding ids
        self.stored = 0

    def write(self, source: model.Source, document_id: int) -> None:
        turns = TurnIndex([Turn(r[2], r[0], r[1]) for r in self.conn.execute(
            "SELECT start, end, id FROM segments WHERE document_id = ? ORDER BY ordinal", (document_id,))])
        text = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        present = {(r[0], r[1], r[2], r[3]): r[4] for r in self.conn.execute(
            "SELECT start, end, code_id, coder, id FROM codings WHERE document_id = ?", (document_id,))}
        imported = self.report.imported
        outside = 0
        for selection in source.selections:
            placement = place_span(text, turns, selection.start, selection.end)
            outside += len(selection.codings) if placement.kind == "skipped" else 0
            for coding in selection.codings:
                imported["codings"] -= 1  # counted by the reader per archive coding; recounted as stored
                code_id = self.code_ids.get(canonical(coding.code_guid))
                if code_id is None:
                    self.report.skip("codings", f"{source.name}: a coding refers to code {coding.code_guid}, "
                                                "which is not in the codebook")
                    continue
                if placement.kind == "skipped":
                    self.report.skip("codings", f"{source.name} {selection.start}-{selection.end}: the selection "
                                                f"{placement.why}; nothing to attach the code to")
                    continue
                coder = self.users.get(canonical(coding.user_guid or ""), self.default_coder)
                new_pieces = [p for p in placement.pieces if (p.start, p.end, code_id, coder) not in present]
                for piece in placement.pieces:  # already there: its notes still belong on it, not on the project
                    known = present.get((piece.start, piece.end, code_id, coder))
                    if known is not None and piece not in new_pieces:
                        self._remember(selection, coding, known)
                if not new_pieces:
                    imported["codings already there"] += 1  # a re-import, or a duplicate
                    continue
                imported[_KIND_COUNTERS[placement.kind]] += 1
                if placement.kind == "split":
                    imported["codings made by splitting"] += len(new_pieces)
                for piece in new_pieces:
                    stored = repo.insert_coding(self.conn, Coding(
                        id=0, document_id=document_id, segment_id=piece.segment_id, start=piece.start,
                        end=piece.end, code_id=code_id, coder=coder, origin="import",
                        created_at=coding.created or utc_now(), memo=selection.description or None))
                    present[(piece.start, piece.end, code_id, coder)] = stored.id
                    imported["codings"] += 1
                    self._remember(selection, coding, stored.id)
        if outside:
            self._advise_on_labels(source, document_id, outside)

    def _advise_on_labels(self, source: model.Source, document_id: int, outside: int) -> None:
        """Codings outside every turn of a text split by speaker labels: the labels may be titles or headings
        (a comment dump, notes), not speakers; name the settings that read the text without them."""
        speakers = [row[0] for row in self.conn.execute(
            "SELECT speaker FROM segments WHERE document_id = ? AND speaker IS NOT NULL GROUP BY speaker "
            "ORDER BY min(ordinal) LIMIT 3", (document_id,))]
        if not speakers:
            return
        text = ",".join(f"{speaker}=text" for speaker in speakers)
        self.report.note(
            f"{source.name}: {outside} coding(s) lie outside every turn; if its labels ({', '.join(speakers)} ...) are "
            f"not speakers, import the archive again with --speakers \"{text}\" (the document is re-split in "
            "place and the codings come in), or set infer_speakers = false under [transcripts] in qualcode.toml")

    def _remember(self, selection: model.Selection, coding: model.Coding, coding_id: int) -> None:
        """Selection and coding GUID -> our coding id, so the archive's notes on them find their coding."""
        for guid in (selection.guid, coding.guid):
            ids = self.coding_ids.setdefault(canonical(guid), [])
            if coding_id not in ids:
                ids.append(coding_id)


_KIND_COUNTERS = {
    "exact": "codings exactly on a turn",
    "trimmed": "codings trimmed to their turn (label, whitespace)",
    "split": "codings over several turns, split per turn",
}


def _note_targets(conn: sqlite3.Connection, refi: model.Project, code_ids: dict[str, str],
                  documents: dict[str, int], coding_ids: dict[str, list[int]]) -> dict[str, list[tuple[str, str]]]:
    """Note GUID -> the memo targets it annotates (notes nobody refers to become project memos)."""
    targets: dict[str, list[tuple[str, str]]] = {}

    def add(note_guid: str, target: tuple[str, str]) -> None:
        targets.setdefault(canonical(note_guid), []).append(target)

    for guid in refi.note_guids:
        add(guid, ("project", ""))
    for root in refi.codes:
        for code, _ in root.walk():
            for guid in code.note_guids:
                add(guid, ("code", code_ids[canonical(code.guid)]))
    for source in refi.sources:
        if source.guid not in documents:
            continue
        document_id = documents[source.guid]
        for guid in source.note_guids:
            add(guid, ("document", str(document_id)))
        for selection in source.selections:
            for coding in selection.codings:
                for guid in coding.note_guids:
                    for coding_id in coding_ids.get(canonical(coding.guid), []):
                        add(guid, ("coding", str(coding_id)))
            if selection.note_guids:
                target = _selection_target(conn, document_id, selection, coding_ids)
                for guid in selection.note_guids:
                    for item in target:
                        add(guid, item)
    return targets


def _selection_target(conn: sqlite3.Connection, document_id: int, selection: model.Selection,
                      coding_ids: dict[str, list[int]]) -> list[tuple[str, str]]:
    """A note on a selection: the segment with exactly that span, else its codings, else the document."""
    row = conn.execute("SELECT id FROM segments WHERE document_id = ? AND start = ? AND end = ?",
                       (document_id, selection.start, selection.end)).fetchone()
    if row is not None:
        return [("segment", str(row[0]))]
    codings = coding_ids.get(canonical(selection.guid), [])
    return [("coding", str(c)) for c in codings] or [("document", str(document_id))]


def _memos(conn: sqlite3.Connection, refi: model.Project, users: dict[str, str], code_ids: dict[str, str],
           documents: dict[str, int], coding_ids: dict[str, list[int]], default_author: str,
           report: model.ImportReport) -> None:
    targets = _note_targets(conn, refi, code_ids, documents, coding_ids)
    texts: list[tuple[str, str, str, str, str | None]] = []  # one memo per note and target, never merged
    for note in refi.notes:
        author = users.get(canonical(note.user_guid or ""), default_author)
        ours = note.name.startswith(OUR_NOTE_PREFIX) or not note.name
        body = note.text if ours else "\n".join(
            part for part in (f"# {note.name}", note.description.strip(), note.text) if part)
        if not body.strip():
            continue
        for target_type, target_id in targets.get(canonical(note.guid), [("project", "")]):
            texts.append((target_type, target_id, author, body.strip(), note.created))
    # REFI-QDA cases have no notes, only a description: it becomes a case memo
    case_author = refi.users[0].name if refi.users else default_author
    for case in refi.cases:
        if case.description.strip():
            texts.append(("case", case.name, case_author, case.description.strip(), None))
    added = already = 0
    for target_type, target_id, author, body, created in texts:
        if any(m.author == author and m.text == body
               for m in repo.list_memos(conn, target_type=target_type, target_id=str(target_id))):
            already += 1  # importing the same archive again adds no copies
            continue
        when = created or utc_now()  # keep when it was written, not when it was imported
        repo.insert_memo(conn, Memo(id=0, target_type=target_type, target_id=str(target_id), text=body,
                                    author=author, created_at=when, updated_at=when))
        added += 1
    report.imported["memos"] += added
    if already:
        report.note(f"{already} memo(s) already in the project with the same words; not added again")
