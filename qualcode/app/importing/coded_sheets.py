"""Importing codings made in a spreadsheet (many researchers code in Excel first).

``import_codings(project, path)`` reads a long or wide sheet (see
:mod:`qualcode.io.coded_sheets_read`), matches its rows to the project's
segments in order (:mod:`qualcode.io.segment_matching`), and codes each
matched segment. Codes are named by id (``PF_FAMILY``) or by a label in
either language (``家庭支持``, ``Family support``). Codes the codebooks lack are
added under an ``Imported`` theme in ``codebooks/imported.yaml`` -- or, with
``strict=True``, refused before anything is written. All codings go in as one
undoable action.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Mapping

from qualcode.app.coding import history
from qualcode.app.importing.interviewer_places import turns_and_places
from qualcode.core.errors import ConflictError, ImportFormatError, Location
from qualcode.core.models import Code, Codebook, Coding
from qualcode.io.coded_sheets_read import SheetRow, read_coded_sheet
from qualcode.app.codebook_staging import StagedCodebook, write_with_codebook
from qualcode.io.refiqda.codebook_map import both_labels, make_code_id
from qualcode.io.segment_matching import RowMatch, SegmentMatcher, TargetDocument, TargetSegment, passage
from qualcode.storage import repository as repo
from qualcode.storage.db import utc_now

IMPORTED_BOOK = "imported"
IMPORTED_THEME = "IMPORTED"
DEFAULT_THRESHOLD = 85.0


@dataclass
class CodingsImportReport:
    path: str
    form: str = ""
    rows: int = 0
    matched: Counter = field(default_factory=Counter)  # by how
    codings_added: int = 0
    codings_present: int = 0
    split_rows: int = 0  # rows whose text ran over several turns ...
    split_codings: int = 0  # ... and the codings they became, one per turn and code
    codes_created: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # "sheet row N: why"
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        how = ", ".join(f"{n} by {kind}" for kind, n in self.matched.most_common())
        lines = [f"{self.path}: {self.form} sheet, {self.rows} rows; matched {sum(self.matched.values())}"
                 + (f" ({how})" if how else ""),
                 f"  codings added: {self.codings_added}" + (f" ({self.codings_present} were already there)"
                                                            if self.codings_present else "")]
        if self.split_rows:
            lines.append(f"  split over several turns: {self.split_rows} rows -> {self.split_codings} codings "
                         "(one per turn and code)")
        if self.codes_created:
            lines.append(f"  new codes under 'Imported' in codebooks/{IMPORTED_BOOK}.yaml: "
                         + ", ".join(self.codes_created))
        lines += [f"  unmatched: {item}" for item in self.unmatched]
        lines += [f"  warning: {item}" for item in self.warnings]
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------- undo / redo
def _undo_import(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for item in payload["codings"]:  # type: ignore[union-attr]
        repo.delete_recorded_coding(conn, item)  # one removed meanwhile stays removed
        if repo.replaced_version(conn, item["document_id"]):  # re-imported since: the copy on the new version too
            repo.delete_moved_copies(conn, item)


def _redo_import(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    replaced = {repo.replaced_version(conn, item["document_id"]) for item in payload["codings"]} - {None}
    if replaced:  # brought back on old versions only, they would be in no export and on no screen
        names = ", ".join(sorted(f"{name} version {version}" for name, version, _ in replaced))
        raise ConflictError(f"the transcripts were imported again after this import of codings ({names} replaced); "
                            "nothing redone -- import the sheet again to code the current versions")
    restored = [repo.restore_recorded_coding(conn, item) for item in payload["codings"]]  # type: ignore[union-attr]
    if restored and all(coding is None for coding in restored):
        raise ConflictError("those codings exist again already (another window); nothing to redo")


history.register_action("codings.import", undo=_undo_import, redo=_redo_import)


# --------------------------------------------------------------------------- codes
def _code_lookup(index: dict[str, Code]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code in index.values():
        for name in (code.id, *code.labels.values()):
            lookup.setdefault(name.strip().casefold(), code.id)
    return lookup


def _resolve_codes(project, rows: list[SheetRow], *, strict: bool, path: Path,
                   report: CodingsImportReport) -> tuple[dict[str, str], StagedCodebook | None]:
    """Code name as written -> code id, and the missing codes staged in ``imported.yaml`` (refused with strict)."""
    from qualcode.app.maintenance.code_merge import merged_away

    lookup = _code_lookup(project.code_index())
    for old, target in merged_away(project.conn).items():
        if old.casefold() not in lookup and target.casefold() in lookup and any(
                name.strip().casefold() == old.casefold() for row in rows for name in row.codes):
            lookup[old.casefold()] = lookup[target.casefold()]
            report.warnings.append(f"code {old} was merged into {target} in this project (`qualcode codes merge`): "
                                   f"its rows are coded {target}")
    first_seen: dict[str, SheetRow] = {}
    for row in rows:
        for name in row.codes:
            if name.strip().casefold() not in lookup:
                first_seen.setdefault(name.strip(), row)
    if first_seen and strict:
        listed = "; ".join(f"{name!r} ({row.where})" for name, row in first_seen.items())
        raise ImportFormatError(f"codes not in any codebook: {listed}. Add them to a codebook, or import without "
                                "--strict to create them under 'Imported'", Location(path=path))
    staged = None
    if first_seen:
        added, staged = _stage_imported_codes(project, list(first_seen))
        for code_id, name in added:
            lookup[name.casefold()] = code_id
            report.codes_created.append(f"{code_id} ({name})")
    return {name: lookup[name.strip().casefold()] for row in rows for name in row.codes}, staged


def _stage_imported_codes(project, names: list[str]) -> tuple[list[tuple[str, str]], StagedCodebook]:
    existing = next((b for b in project.codebooks() if b.name == IMPORTED_BOOK), None)
    codes = list(existing.codes) if existing else [
        Code(id=IMPORTED_THEME, labels={"zh": "导入的编码", "en": "Imported"}, codebook=IMPORTED_BOOK,
             description="Codes that arrived with imported codings and were in no codebook; move or merge them.")]
    taken = set(project.code_index())
    position = len([c for c in codes if c.parent_id == IMPORTED_THEME])
    added = []
    for offset, name in enumerate(names):
        code_id = make_code_id(name, name, taken)
        codes.append(Code(id=code_id, labels=both_labels(name), codebook=IMPORTED_BOOK,
                          parent_id=IMPORTED_THEME, position=position + offset, depth=1))
        added.append((code_id, name))
    book = Codebook(name=IMPORTED_BOOK, version=existing.version if existing else 1, languages=("zh", "en"),
                    codes=tuple(codes))
    staged = StagedCodebook(project, book, project.root / "codebooks" / f"{IMPORTED_BOOK}.yaml",
                            header="Codes created by `qualcode import-codings`; edit, move or merge them freely.")
    return added, staged


# --------------------------------------------------------------------------- import
def _targets(conn: sqlite3.Connection) -> list[TargetDocument]:
    documents = []
    for doc in repo.list_documents(conn):
        segments = tuple(TargetSegment(s.id, doc.id, doc.name, s.ordinal, s.start, s.end, s.text, s.case_id)
                         for s in repo.list_segments(conn, doc.id, with_text=True))
        documents.append(TargetDocument(doc.id, doc.name, doc.case_id, segments))
    return documents


def import_codings(project, path: Path | str, *, strict: bool = False, coder: str | None = None,
                   threshold: float = DEFAULT_THRESHOLD) -> CodingsImportReport:
    """Code the project's segments from a coded spreadsheet; see the module docstring."""
    from qualcode.app.api import sync_codes

    path = Path(path)
    sync_codes(project)  # codes edited into the YAML, or committed by an interrupted import, are known first
    sheet = read_coded_sheet(path)
    report = CodingsImportReport(path=str(path), form=sheet.form, rows=len(sheet.rows))
    sheet.rows = _file_unnamed_rows(project, sheet.rows, coder or project.coder, report)
    if sheet.sheets_left_out:
        report.warnings.append("sheets with no code column and no text column, left out: "
                               + ", ".join(sheet.sheets_left_out))
    if sheet.ignored_columns:
        report.warnings.append("columns neither known nor 0/1, ignored: " + ", ".join(sheet.ignored_columns))
    _refuse_coder_spellings(project, sheet.rows, path, default=coder or project.coder)
    report.warnings += _titled_coder_notes(project, sheet.rows, default=coder or project.coder)
    documents = _targets(project.conn)
    if not documents:
        raise ImportFormatError("the project has no documents to match the rows to; import the transcripts first",
                                Location(path=path))
    matches = SegmentMatcher(documents, threshold=threshold, form=sheet.form).match_all(sheet.rows)
    code_ids, staged = _resolve_codes(project, sheet.rows, strict=strict, path=path, report=report)
    write_with_codebook(project, staged, lambda conn: _write_codings(
        conn, matches, code_ids, report, actor=coder or project.coder, default_coder=project.coder, path=path))
    return report


def _file_unnamed_rows(project, rows: list[SheetRow], coder: str, report: CodingsImportReport) -> list[SheetRow]:
    """Rows naming no coder (no coder column, a sheet named Sheet1) are the importing coder's. When that coder
    already has codings, the sheet may well be a colleague's, and its rows then pool with that coder's work
    ("already there" where both coded alike): say so, with the way back."""
    from dataclasses import replace

    from qualcode.app.coders import coders_with_codings

    unnamed = sum(1 for row in rows if row.coder is None)
    if unnamed and coder in coders_with_codings(project):
        report.warnings.append(f"{unnamed} row(s) name no coder (no coder column, and no sheet named after one): "
                               f"filed under {coder}, who had codings here already; if they are another coder's "
                               "work, take them back with `qualcode undo` and import again with --coder NAME")
    return [row if row.coder is not None else replace(row, coder=coder) for row in rows]


def _refuse_coder_spellings(project, rows: list[SheetRow], path: Path, *, default: str) -> None:
    """A coder named in the sheet as ``b`` (or ``Ｂ``) where ``B`` has codings, or in two spellings within the
    sheet: filed as written, the rows became a coder of their own, left out of ``agreement --coders A B``
    and pooled beside B in every export. ``--coder b`` is refused the same way."""
    from qualcode.app.coders import coders_with_codings, same_coder_name

    known = coders_with_codings(project)
    first_row: dict[str, SheetRow] = {}
    for row in rows:
        name = row.coder or default
        if name in known or name in first_row:
            continue
        here = [other for other in known if same_coder_name(other, name)]
        if here:
            raise ImportFormatError(f"coder {name!r} is another spelling of {here[0]!r}, who has codings in the "
                                    f"project (coder names are compared exactly); write {here[0]} in the sheet, so "
                                    "the work is filed under one name; nothing was imported",
                                    Location(path=path, detail=row.where))
        earlier = [other for other in first_row if same_coder_name(other, name)]
        if earlier:
            raise ImportFormatError(f"coder {name!r} is another spelling of {earlier[0]!r} "
                                    f"({first_row[earlier[0]].where}); write one spelling, so the work is filed "
                                    "under one name; nothing was imported", Location(path=path, detail=row.where))
        first_row[name] = row


def _titled_coder_notes(project, rows: list[SheetRow], *, default: str) -> list[str]:
    """``coder A`` or ``编码员A`` in the sheet beside a coder ``A`` (who has codings, or is named in the sheet too):
    imported as written, said, naming both (app.coders.titled_twins)."""
    from qualcode.app.coders import coders_with_codings, titled_twin_note, titled_twins

    known = coders_with_codings(project)
    names = list(dict.fromkeys(row.coder or default for row in rows))
    notes = []
    for name in (name for name in names if name not in known):
        if twins := titled_twins(name, known):
            notes.append(titled_twin_note(name, twins))
        elif twins := titled_twins(name, names[:names.index(name)]):
            notes.append(titled_twin_note(name, twins, where="also in this sheet"))
    return notes


def _warn_of_interviewer_turns(conn: sqlite3.Connection, added: list[Coding], report: CodingsImportReport) -> None:
    """Codings that landed on interviewer turns, counted and placed: a turn number counted without the
    interviewer's turns (another tool's habit) puts every coding one turn off, onto the question."""
    if not added:
        return
    interviewer = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT s.id, d.name, s.ordinal FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.is_current = 1 AND s.role = 'interviewer'")}
    places = [interviewer[c.segment_id] for c in added if c.segment_id in interviewer]
    if not places:
        return
    turns, shown = turns_and_places(places)
    report.warnings.append(
        f"{len(places)} coding(s) landed on {turns} interviewer turn(s) ({shown}); interviewer turns are not "
        "participant data: check that the sheet's turn numbers count the interviewer's turns too (qualcode's do), "
        "or undo the import with `qualcode undo`")


def _spans(match: RowMatch, report: CodingsImportReport) -> dict[int, tuple[int, int]]:
    """Where the row's codings go in each turn it matched: the passage its offsets give, else the whole turn."""
    if match.also:  # a row over several turns codes each of them whole
        return {s.segment_id: (s.start, s.end) for s in match.segments}
    start, end, warning = passage(match.segment, match.row)
    if warning:
        report.warnings.append(f"{match.row.where}: {warning}")
    return {match.segment.segment_id: (start, end)}


def _write_codings(conn: sqlite3.Connection, matches: list[RowMatch], code_ids: dict[str, str],
                   report: CodingsImportReport, *, actor: str, default_coder: str, path: Path) -> list[Coding]:
    """All codings (in the caller's one transaction) with one history event, so one undo takes the import back."""
    added: list[Coding] = []
    now = utc_now()
    for match in matches:
        if match.segment is None:
            if match.row.codes or report.form == "long":
                report.unmatched.append(f"{match.row.where}: {match.problem}")
            continue
        report.matched[match.how.split(" (")[0]] += 1
        if match.problem:
            report.warnings.append(f"{match.row.where}: {match.problem}")
        coder = match.row.coder or default_coder
        spans = _spans(match, report)
        if match.also and match.row.codes:
            report.split_rows += 1
            report.split_codings += len(match.segments) * len(match.row.codes)
        for name in match.row.codes:
            code_id = code_ids[name]
            for segment in match.segments:  # a row over several turns: one coding per turn
                start, end = spans[segment.segment_id]
                if repo.find_coding(conn, segment.document_id, start, end, code_id, coder):
                    report.codings_present += 1
                    continue
                added.append(repo.insert_coding(conn, Coding(
                    id=0, document_id=segment.document_id, segment_id=segment.segment_id, start=start,
                    end=end, code_id=code_id, coder=coder, origin="import", created_at=now)))
    report.codings_added = len(added)
    _warn_of_interviewer_turns(conn, added, report)
    if added:
        history.record_event(conn, actor, "codings.import",
                             {"path": str(path), "codings": [asdict(c) for c in added]})
    return added
