"""The sources of a REFI-QDA archive -> documents: each source with text is stored split into turns, as a plain
import stores a file; one the project already has with the same text is reused (re-split in place when the turns
now read differently), and another text under a name the project has becomes that document's next version, whose
codings, memos and marks follow their words.

Called by :mod:`qualcode.app.interop.qdpx_import` inside its one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from pathlib import Path

from qualcode.app.interop.qdpx_sources import SourceSplit
from qualcode.core.models import Case
from qualcode.io.refiqda import model
from qualcode.io.refiqda.guids import canonical
from qualcode.storage.interop import remember_guid
from qualcode.storage import repository as repo
from qualcode.storage.db import utc_now


def store_documents(project, refi: model.Project, path: Path, report: model.ImportReport,
                    splits: dict[str, SourceSplit], command_line) -> dict[str, int]:
    """Store each source with text as a document (split into turns); source GUID -> document id."""
    from qualcode.app.importing.speaker_settings import remember_overrides

    conn = project.conn
    case_of = {canonical(g): c.name for c in refi.cases for g in c.source_guids}
    stored: dict[str, int] = {}
    names = Counter(found.name for found in splits.values())
    for source in refi.sources:
        found = splits.get(source.guid)
        if found is None:
            continue
        sha = hashlib.sha256(found.text.encode("utf-8")).hexdigest()
        name = found.name
        existing = conn.execute("SELECT id, sha256, case_id, text, version FROM documents "
                                "WHERE name = ? AND is_current = 1", (name,)).fetchone()
        # The sha of a document imported from a file is of the file's bytes (front matter, caption timings,
        # a .docx); our own export carries the stored text. Either match is the same document, so an archive
        # that went to another project and came back adds its codings instead of a copy named 'S03_post-2'.
        if existing is not None and (existing["sha256"] == sha or existing["text"] == found.text):
            stored[source.guid] = existing["id"]
            _same_text_again(project, report, source, found, existing, case_of.get(canonical(source.guid)),
                             command_line)
            continue
        if existing is not None and names[name] > 1:
            # Sources of this archive sharing a name with different texts are separate documents of the
            # other tool, none the revision of another: each text the project lacks comes in beside.
            taken, name = name, _free_name(conn, name)
            report.note(f"the archive has {names[taken]} sources named {taken!r} with different texts; this one "
                        f"is {name!r} (not taken as a revision of {taken!r})")
            existing = None
        turns, case_id, attributes = _turns_and_case(source, name, case_of.get(canonical(source.guid)), found,
                                                     report)
        for case in sorted({c for c in [case_id, *(t.case_id for t in turns)] if c}):
            repo.upsert_case(conn, Case(id=case))
        # Another text under a name the project has: the other tool's revision of the transcript. It becomes
        # the document's next version, as a plain file imported again does, so the work on the old version
        # follows its words (below) instead of staying on a copy beside it that counts the case twice.
        version, previous = (1, None) if existing is None else (existing["version"] + 1, existing["id"])
        if previous is not None:
            conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (previous,))
        document_id = _insert_document(conn, path, source, found, name, sha, version, previous, case_id,
                                       attributes, turns)
        remember_overrides(conn, name, found, command_line)
        remember_guid(conn, "document", name, source.guid)
        stored[source.guid] = document_id
        if previous is None:
            report.imported["documents"] += 1
        else:
            _new_version(conn, report, name, existing, document_id)
    return stored


def _insert_document(conn: sqlite3.Connection, path: Path, source: model.Source, found: SourceSplit, name: str,
                     sha: str, version: int, previous: int | None, case_id: str | None, attributes: dict,
                     turns) -> int:
    """The document row of one version of a source, and its turns; its id."""
    from qualcode.app.importing.transcripts import segment_rows
    from qualcode.core.language import detect_language

    cursor = conn.execute(
        """INSERT INTO documents (name, path, sha256, version, is_current, previous_id, language, encoding,
                                  case_id, attributes, text, imported_at)
           VALUES (?, ?, ?, ?, 1, ?, ?, 'utf-8', ?, ?, ?, ?)""",
        (name, f"{path.name}!{source.name}", sha, version, previous, detect_language(found.text), case_id,
         json.dumps(attributes, ensure_ascii=False), found.text, utc_now()))
    conn.executemany(  # the rows a plain import stores, so a re-import can tell whether the turns changed
        "INSERT INTO segments (document_id, ordinal, start, end, speaker, role, case_id, start_time) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [(cursor.lastrowid, n, *row) for n, row in enumerate(segment_rows(turns, case_id), start=1)])
    return cursor.lastrowid


def _new_version(conn: sqlite3.Connection, report: model.ImportReport, name: str, existing, new_id: int) -> None:
    """Carry the old version's codings, memos, review marks and decisions onto the new one, and say it, counted
    (what could not follow its words is flagged and named by `qualcode review`)."""
    from qualcode.app.importing.new_versions import carry_into_new_version

    details, warnings = carry_into_new_version(conn, existing["id"], existing["version"], new_id)
    report.imported["new versions"] += 1
    report.note(f"{name}: the text differs from the one in the project, so it is imported as {name}'s version "
                f"{existing['version'] + 1} (as `qualcode import` does with a revised transcript); the archive's "
                "codings are added to it")
    for line in details:
        report.note(f"{name}: {line}")
    for line in warnings:
        report.note(f"{name}: warning: {line}")


def _same_text_again(project, report: model.ImportReport, source: model.Source, found: SourceSplit, existing,
                     case_id: str | None, command_line) -> None:
    """A source already stored with the same text: its turns as the roles now read them. When those differ
    (a new --speakers, a changed setting) the document is re-split in place, as a plain file's re-import
    and a role change in the TUI are (one undoable action); its codings are then added to it."""
    from qualcode.app.importing.resplit import switch_recorded
    from qualcode.app.importing.speaker_settings import remember_overrides
    from qualcode.app.importing.transcripts import segment_rows

    conn = project.conn
    turns, participant, _ = _turns_and_case(source, found.name, case_id, found, None)
    rows = segment_rows(turns, participant or existing["case_id"])
    stored = [tuple(row) for row in conn.execute(
        "SELECT start, end, speaker, role, case_id, start_time FROM segments WHERE document_id = ? ORDER BY ordinal",
        (existing["id"],))]
    if stored == [tuple(row) for row in rows]:
        remember_overrides(conn, found.name, found, command_line)
        report.note(f"{found.name}: already in the project with the same text; codings are added to it")
        report.imported["documents already there"] += 1
        return
    for case in sorted({c for c in [participant, *(t.case_id for t in turns)] if c}):
        repo.upsert_case(conn, Case(id=case))
    result = switch_recorded(project, existing["id"], rows, participant or existing["case_id"],
                             [(o.name, o.value) for o in command_line], found.speakers,
                             remember=lambda: remember_overrides(conn, found.name, found, command_line),
                             origin="import")
    if found.fallback_note:
        report.note(found.fallback_note)
    _report_speakers(report, found.name, found.split)
    report.imported["documents re-split"] += 1
    report.note(f"{found.name}: already in the project with the same text; turns re-split in place "
                "(`qualcode undo` puts them back), then codings are added to it")
    for line in result.lines():
        report.note(line)


def _turns_and_case(source, name: str, case_id: str | None, found: SourceSplit,
                    report: model.ImportReport | None):
    """Turns of a source, its case and attributes: a source no case of the archive holds takes its
    participant and wave from its name (``S02_pre``) or, failing that, from its speakers (``P03:``).
    ``report``: where to say who spoke (None: said already)."""
    from qualcode.core.frontmatter import metadata_from_file_name
    from qualcode.core.transcript import cases_from_speakers

    split = found.split
    if report is not None:
        if found.fallback_note:
            report.note(found.fallback_note)
        _report_speakers(report, name, split)
    turns = list(split.turns)
    attributes = dict(source.variables)
    if case_id:
        return turns, case_id, attributes
    metadata = metadata_from_file_name(name)
    if "wave" in metadata:
        attributes.setdefault("wave", metadata["wave"])
    turns = cases_from_speakers(turns, metadata, found.settings)
    return turns, metadata.get("participant"), attributes


def _report_speakers(report: model.ImportReport, name: str, split) -> None:
    """Who spoke in the source, the role chosen and why, and its warnings, as a plain-text import shows them."""
    if split.speakers:
        report.speakers.append((name, [speaker.describe() for speaker in split.speakers]))
    for warning in split.warnings:
        report.note(f"{name}: {warning}")


def _free_name(conn: sqlite3.Connection, name: str) -> str:
    n = 2
    while conn.execute("SELECT 1 FROM documents WHERE name = ?", (f"{name}-{n}",)).fetchone():
        n += 1
    return f"{name}-{n}"
