"""Importing transcripts: files and folders -> documents, segments, cases.

All files are read and parsed first; if any of them is bad, nothing is written
and every problem is reported (the project stays as it was). Then the
documents are written in transactions of whole documents (up to
``STORE_BATCH_FILES`` files or ``STORE_BATCH_SECONDS`` each: with a commit per
file, and each path resolved twice, importing 100,000 short answers took a third
more CPU), so an interrupted import never
leaves half a document and a second run picks up where it stopped: a file
whose content hash is already stored is skipped. Progress is reported after
each commit, so no file is shown as done before it is saved.
"""

from __future__ import annotations

import time

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location, QualcodeError
from qualcode.core.models import Case, ParsedTranscript, SpeakerSummary
from qualcode.app.project import Project
from qualcode.app.importing.document_identity import Identity, file_is_gone, identify
from qualcode.app.importing.import_history import ImportHistory, memos_on
from qualcode.app.importing.new_versions import carry_into_new_version
from qualcode.app.importing.speaker_settings import (check_override_names, document_settings, remember_overrides,
                                                     speaker_overrides, transcript_settings, with_overrides)
from qualcode.app.importing.transcript_files import (check_name_is_utf8, expand_paths, is_participants_table,
                                                     left_out_note)
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction, utc_now

CASE_ATTRIBUTE_KEYS = ("gender", "grade", "major", "age", "school", "class", "group")


@dataclass
class FileReport:
    path: Path
    status: str  # imported | new version | unchanged | participants | error
    document: str | None = None
    encoding: str | None = None
    language: str | None = None
    turns: int = 0
    participant: str | None = None
    speakers: tuple[SpeakerSummary, ...] = ()  # who spoke, the role chosen and why
    warnings: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # a multi-line report (REFI-QDA import), shown below the table
    error: str | None = None
    # An archive (.qdpx) holds many documents: how many it stored as new documents ("imported") and as
    # new versions of documents here ("new version"), so the summary counts documents, not the one file.
    held: dict[str, int] | None = None


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole import (an override that matched nobody)

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "error"]

    def count(self, status: str) -> int:
        """Files of ``status``; an archive counts the documents it held of that kind instead of itself."""
        return sum(f.held.get(status, 0) if f.held is not None else f.status == status for f in self.files)


def _relative(project: Project, path: Path) -> str:
    resolved = path.resolve()  # once: each resolve walks the path through the file system
    try:
        return str(resolved.relative_to(project.root))
    except ValueError:
        return str(resolved)


def import_paths(project: Project, paths: list[Path], *,
                 progress: Callable[[int, int, str], None] | None = None,
                 intended_edit: Callable[[str], str] | None = None,
                 allow_external_sources: Path | None = None,
                 speakers: str | None = None, undoable: bool = True) -> ImportReport:
    """``intended_edit``: see :func:`qualcode.app.importing.reanchor.reanchor_codings` (pseudonymize passes one).

    ``undoable``: the import is one step in the undo history (:mod:`qualcode.app.importing.import_history`);
    pseudonymize passes False (putting back the versions with the real names is not an undo it offers).

    ``speakers``: ``"Mary=interviewer,Tom=P03"`` (``qualcode import --speakers``): roles or case ids that
    win over inference and over ``[transcripts.speaker_roles]``; a name no file has is an error.
    """
    settings = transcript_settings(project)
    command_line = speaker_overrides(speakers)
    if command_line:
        settings = with_overrides(settings, command_line)
    report = ImportReport()
    left_out: list[Path] = []
    files = expand_paths(paths, own_folders=(project.root / "exports", project.root / "scores"), left_out=left_out)
    if left_out and not files:  # "0 imported" and exit 0 read as if the folder had been imported
        raise ImportFormatError(f"nothing to import: {left_out_note(left_out)}",
                                Location(Path(paths[0])) if len(paths) == 1 else None)
    if left_out:
        report.notes.append(left_out_note(left_out))
    parsed, tables, archives = _read_files(project, files, settings, command_line, report,
                                           allow_external_sources)
    _check_table_ids(project, tables, [transcript for _, _, transcript, _, _ in parsed])
    splits = {}  # each archive's sources split now, with their roles, so a --speakers name is checked on them
    if not report.errors:
        splits = _archive_splits(project, archives, settings, command_line, report)
    if not report.errors:
        sources = [split for archive in splits.values() for split in archive.values()]
        check_override_names(settings, [transcript for _, _, transcript, _, _ in parsed] + sources, report)
    if report.errors:  # nothing written: the project is unchanged
        for entry in report.files:
            if entry.status != "error":
                entry.status = "not imported"
        return report

    # the paths as given (a folder, not its 100,000 files): what `redo` says to import again
    record = ImportHistory(project.conn, project.coder, [_relative(project, Path(path)) for path in paths
                                                         if Path(path).suffix.lower() != ".qdpx"]) if undoable else None
    if record is not None:
        record.read_cases([case.id for _, numbered in tables for _, case in numbered]
                          + [case_id for _, _, transcript, _, _ in parsed
                             for case_id in _case_ids(transcript, transcript.metadata.get("participant"))])
    try:
        for entry, numbered in tables:
            with transaction(project.conn):
                if record is not None:
                    record.touch_cases(case.id for _, case in numbered)
                for _, case in numbered:
                    repo.upsert_case(project.conn, case)
            entry.turns = len(numbered)
        _store_in_batches(project, parsed, progress, intended_edit, command_line, record)
    except BaseException:   # what was committed before the failure (or Ctrl-C) is one undoable step too
        if record is not None:
            record.save_after_failure()
        raise
    if record is not None:
        record.save()
    for entry in report.files:
        if entry.status == "qdpx":
            _import_qdpx(project, entry, archives[entry.path], splits[entry.path], command_line)
    return report


def _read_files(project: Project, files: list[Path], settings, command_line, report: ImportReport,
                allow_external_sources: Path | None):
    """Read and parse every file before anything is written: (parsed transcripts, participants tables, archives).
    A file that cannot be read is an error of its entry in ``report``."""
    from qualcode.io.readers import check_transcript_file, read_participant_table, read_transcript
    from qualcode.io.refiqda.reader import open_qdpx

    parsed: list[tuple[FileReport, bytes, ParsedTranscript, Identity, str]] = []
    planned: dict[str, str] = {}  # document name -> relative path, for this batch
    tables: list[tuple[FileReport, list[tuple[int, Case]]]] = []
    archives: dict[Path, tuple] = {}
    for path in files:
        entry = FileReport(path=path, status="pending")
        report.files.append(entry)
        try:
            if path.suffix.lower() == ".qdpx":
                # read and checked now, with the transcripts, so a bad archive stops the batch before any write
                archives[entry.path] = open_qdpx(path, allow_external=allow_external_sources)
                entry.status = "qdpx"
            elif is_participants_table(path):
                rows, notes = read_participant_table(path)
                tables.append((entry, rows))
                entry.warnings.extend(notes)
                entry.status = "participants"
            else:
                check_name_is_utf8(path)
                relative = _relative(project, path)
                # A pipe or device must not be read to hash it; what a Word/Excel/OpenDocument file unpacks
                # to is checked on the bytes read here (read_transcript), so the file is opened once.
                check_transcript_file(path, settings, unpacked=False)
                raw = path.read_bytes()
                identity = identify(project.conn, project.root, path, relative, planned,
                                    hashlib.sha256(raw).hexdigest())
                transcript = read_transcript(path, settings=document_settings(project, settings, identity.name,
                                                                               command_line), raw=raw)
                if identity.wave and "wave" not in transcript.metadata:
                    transcript = replace(transcript, metadata={**transcript.metadata, "wave": identity.wave})
                if identity.same_bytes_as:
                    entry.warnings.append(f"the same bytes as document {identity.same_bytes_as}: imported as "
                                          "another document; if it is the same interview, keep one file")
                parsed.append((entry, raw, transcript, identity, relative))
        except QualcodeError as exc:
            entry.status, entry.error = "error", str(exc)
        except OSError as exc:
            entry.status, entry.error = "error", f"{path}: cannot read: {exc.strerror}"
    return parsed, tables, archives


def _check_table_ids(project: Project, tables: list[tuple[FileReport, list[tuple[int, Case]]]],
                     transcripts: list[ParsedTranscript]) -> None:
    """A participants table whose id is another spelling (s01) of a case or of a participant this batch
    imports (S01) is an error of its file: its attributes would go to a case no transcript belongs to."""
    from qualcode.app.cases import refuse_near_misses

    if not tables:
        return
    known = {row[0] for row in project.conn.execute("SELECT id FROM cases")}
    known |= {str(t.metadata["participant"]) for t in transcripts if t.metadata.get("participant")}
    for entry, numbered in tables:
        try:
            refuse_near_misses(entry.path, numbered, known)
        except QualcodeError as exc:
            entry.status, entry.error = "error", str(exc)


def _archive_splits(project: Project, archives: dict[Path, tuple], settings, command_line,
                    report: ImportReport) -> dict[Path, dict]:
    from qualcode.app.interop.qdpx_import import check_no_replaced_text
    from qualcode.app.interop.qdpx_sources import split_sources

    found: dict[Path, dict] = {}
    for entry in report.files:
        if entry.status == "qdpx":
            try:
                found[entry.path] = split_sources(project, archives[entry.path][0], settings, command_line)
                check_no_replaced_text(project.conn, found[entry.path], None)
            except QualcodeError as exc:
                entry.status, entry.error = "error", f"{entry.path}: {exc}"
    return found


def _import_qdpx(project: Project, entry: FileReport, already_read: tuple, splits: dict, command_line) -> None:
    from qualcode.app.interop.qdpx_import import import_read_qdpx

    result = import_read_qdpx(project, entry.path, *already_read, splits=splits, command_line=command_line)
    counts = result.imported
    # The summary counts documents: those the archive held that were here already are "unchanged" (or "re-split"),
    # not left out of it ("0 imported, 0 new version(s), 0 unchanged" after a second import of the same archive).
    entry.held = {"imported": counts["documents"], "new version": counts["new versions"],
                  "unchanged": counts["documents already there"], "re-split": counts["documents re-split"]}
    added = sum(counts[kind] for kind in ("documents", "new versions", "documents re-split", "codings", "memos")) \
        + counts["codes"] - counts["codes mapped onto existing codes"]   # the archive's codes, less those here already
    entry.status = "imported" if added or not counts["documents already there"] else "unchanged"
    entry.details.extend(str(line) for line in result.lines())


def segment_rows(turns, participant: str | None) -> list[tuple]:
    """(start, end, speaker, role, case, start time) of each turn as stored: a participant turn without a
    case of its own belongs to the document's participant. The TUI's re-split stores the same rows."""
    return [(turn.start, turn.end, turn.speaker, turn.role,
             turn.case_id or (participant if turn.role == "participant" else None), turn.timestamp)
            for turn in turns]


# A transaction ends after this many files or seconds, whichever comes first: few commits for many
# small files, and an interrupted import of large ones loses at most about a second of work.
STORE_BATCH_FILES = 500
STORE_BATCH_SECONDS = 1.0


def _store_in_batches(project: Project, parsed: list, progress: Callable[[int, int, str], None] | None,
                      intended_edit: Callable[[str], str] | None, command_line,
                      record: ImportHistory | None = None) -> None:
    """Store the parsed files in order, whole documents per transaction; progress after each commit.
    ``record``: what each stored document adds to the import's one history event (written after the last batch)."""
    from qualcode.core.config import count_setting

    per_commit = count_setting(project.config, "import.commit_files", STORE_BATCH_FILES, "files")
    total, done = len(parsed), 0
    while done < total:
        started, end = time.monotonic(), done
        with transaction(project.conn):
            while end < total and end - done < per_commit and (
                    end == done or time.monotonic() - started < STORE_BATCH_SECONDS):
                entry, raw, transcript, identity, relative = parsed[end]
                _store(project, entry, raw, transcript, identity.name, relative, intended_edit, command_line, record)
                end += 1
            if end == total and record is not None:
                record.write()   # the import's history event, in the last commit (not one more)
        if progress is not None:
            for index in range(done, end):
                progress(index + 1, total, str(parsed[index][0].path))
        done = end


def _store(project: Project, entry: FileReport, raw: bytes, transcript: ParsedTranscript, name: str,
           relative: str, intended_edit: Callable[[str], str] | None = None, command_line=(),
           record: ImportHistory | None = None) -> None:
    """Store one file as document ``name`` (see :mod:`qualcode.app.importing.document_identity`),
    inside the caller's transaction."""
    conn = project.conn
    sha = hashlib.sha256(raw).hexdigest()
    participant = transcript.metadata.get("participant")
    entry.encoding, entry.language = transcript.encoding, transcript.language
    entry.turns, entry.participant = len(transcript.turns), participant
    entry.speakers = transcript.speakers
    entry.warnings.extend(transcript.warnings)
    segments = segment_rows(transcript.turns, participant)
    current = conn.execute(
        "SELECT id, sha256, version, path, case_id FROM documents WHERE name = ? AND is_current = 1", (name,)
    ).fetchone()
    if current is not None and current["sha256"] != sha and _older_than_an_archive_revision(
            conn, entry, name, current, relative, sha):
        return
    if current is not None and (current["sha256"] == sha or _same_text_stored(conn, current["id"], transcript)):
        if _same_bytes_stored(project, entry, name, current, relative, transcript, segments, command_line, record):
            return
    remember_overrides(conn, name, transcript, command_line)
    version = 1
    if current is not None:
        version = current["version"] + 1
        conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (current["id"],))
    if record is not None:
        record.touch_cases(_case_ids(transcript, participant))
    entry.warnings.extend(_store_cases(conn, transcript, participant))
    doc_attributes, _ = _attributes(transcript)
    cursor = conn.execute(
        """INSERT INTO documents (name, path, sha256, version, is_current, previous_id, language, encoding,
                                  case_id, attributes, text, imported_at)
           VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)""",
        (name, relative, sha, version, current["id"] if current else None, transcript.language,
         transcript.encoding, participant, json.dumps(doc_attributes, ensure_ascii=False),
         transcript.text, utc_now()),
    )
    document_id = cursor.lastrowid
    entry.warnings.extend(_same_case_and_wave(project, document_id, name, participant, transcript.metadata.get("wave")))
    conn.executemany(
        "INSERT INTO segments (document_id, ordinal, start, end, speaker, role, case_id, start_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(document_id, ordinal, *segment) for ordinal, segment in enumerate(segments, start=1)],
    )
    memos_before = memos_on(conn, current["id"]) if current is not None and record is not None else None
    if current is not None:
        details, warnings = carry_into_new_version(conn, current["id"], current["version"], document_id,
                                                   intended_edit=intended_edit)
        entry.details.extend(details)
        entry.warnings.extend(warnings)
    if record is not None:
        record.document(document_id, name, version, current["id"] if current is not None else None, memos_before)
    entry.status = "new version" if current is not None else "imported"
    entry.document = name


def _same_bytes_stored(project: Project, entry: FileReport, name: str, current, relative: str,
                       transcript: ParsedTranscript, segments: list[tuple], command_line,
                       record: ImportHistory | None) -> bool:
    """The file's bytes are the current version's: True when that is all there is to do (unchanged, or the turns
    re-split in place); False when the same bytes read into another text and make a new version."""
    conn = project.conn
    participant = transcript.metadata.get("participant")
    if current["path"] != relative:  # the same file, moved: its document follows it
        conn.execute("UPDATE documents SET path = ? WHERE id = ?", (relative, current["id"]))
    if _same_segments(conn, current, participant, segments):
        remember_overrides(conn, name, transcript, command_line)
        entry.status, entry.document = "unchanged", name
        return True
    # Same file, other turns: the speakers or their roles changed (--speakers, a setting). When the text
    # did not change, the document is re-split in place, as a role change in the TUI is.
    stored = conn.execute("SELECT text FROM documents WHERE id = ?", (current["id"],)).fetchone()["text"]
    if stored == transcript.text:
        if record is not None:
            record.touch_cases(_case_ids(transcript, participant))
        _resplit_in_place(project, entry, name, current["id"], transcript, segments, command_line)
        entry.status, entry.document = "re-split", name
        return True
    # The same bytes read into another text (a caption file whose cues join into other turns under another
    # [transcripts] setting): the new offsets would point into the old text at the wrong words, so it is a
    # new version, whose codings follow their words as for an edited file.
    return False


def _attributes(transcript: ParsedTranscript) -> tuple[dict[str, str], dict[str, str]]:
    """The front matter as (the document's attributes, the case's): the case keeps gender, grade and the like."""
    document = {k: str(v) for k, v in transcript.metadata.items() if k not in CASE_ATTRIBUTE_KEYS and k != "participant"}
    case = {k: str(v) for k, v in transcript.metadata.items() if k in CASE_ATTRIBUTE_KEYS}
    return document, case


def _same_text_stored(conn, document_id: int, transcript: ParsedTranscript) -> bool:
    """Other bytes, the same transcript: the file saved again in another encoding or with other line ends (Notepad's
    UTF-8 for a GBK file, CRLF for LF). It made a new version with every coding moved and the file reported as
    revised, for nothing. The same text with other front matter (a wave, a date, an attribute) is still a version."""
    stored = conn.execute("SELECT text, language, case_id, attributes FROM documents WHERE id = ?",
                          (document_id,)).fetchone()
    if stored is None or stored["text"] != transcript.text or stored["language"] != transcript.language:
        return False
    participant = transcript.metadata.get("participant")
    attributes, given = _attributes(transcript)
    if json.loads(stored["attributes"] or "{}") != attributes:
        return False
    if given and participant:
        row = conn.execute("SELECT attributes FROM cases WHERE id = ?", (participant,)).fetchone()
        case = json.loads(row[0]) if row is not None and row[0] else {}
        return all(str(case.get(key)) == value for key, value in given.items())
    return True


def _older_than_an_archive_revision(conn, entry: FileReport, name: str, current, relative: str, sha: str) -> bool:
    """The file still holds the text it was imported with, and a ``.qdpx`` has revised the document since (the
    current version's path is inside the archive): importing it again would undo that revision, so it is left
    out, said as a warning. An edited file (other bytes) is a revision as usual."""
    if "!" not in str(current["path"]):
        return False
    old = conn.execute("SELECT version FROM documents WHERE name = ? AND path = ? AND sha256 = ? AND is_current = 0 "
                       "ORDER BY version DESC LIMIT 1", (name, relative, sha)).fetchone()
    if old is None:
        return False
    archive = str(current["path"]).split("!", 1)[0]
    entry.status, entry.document = "unchanged", name
    entry.warnings.append(f"{relative} holds {name} version {old['version']}, which {archive} replaced with version "
                          f"{current['version']}; it is not imported again (that would undo the revision) -- put the "
                          "revised text in the file to keep the folder in step")
    return True


def _same_case_and_wave(project: Project, document_id: int, name: str, participant: str | None,
                        wave: str | None) -> list[str]:
    """A warning when another current document is the same participant in the same wave: both count for the
    case in matrices and quotes, right for an interview in two parts, wrong for one interview twice. When the
    other's file is gone, this is most likely its revision saved under a new name: say how to keep its codings."""
    if not participant:
        return []
    others = project.conn.execute(
        # "+is_current": found by the case index (m0084); the index on (is_current, name) would read every
        # current document to save sorting the few rows of one case
        "SELECT name, path FROM documents WHERE case_id = ? AND +is_current = 1 AND id != ? AND name != ? "
        "AND json_extract(attributes, '$.wave') IS ? ORDER BY name", (participant, document_id, name, wave)).fetchall()
    if not others:
        return []
    who = f"participant {participant}{f', wave {wave}' if wave else ''}"
    gone = [row for row in others if file_is_gone(project.root, row["path"])]
    if gone:
        return [f"{who} is also in {gone[0]['name']}, whose file {gone[0]['path']} is gone: if this file is its "
                f"revision, `qualcode documents delete {name}`, save the file as {gone[0]['path']} and import "
                "it again so the codings follow their words"]
    return [f"{who} is also in {', '.join(row['name'] for row in others)}; both count for {participant} (right "
            "for an interview in parts; if it is the same interview twice, `qualcode documents delete NAME` one of them)"]


def _resplit_in_place(project: Project, entry: FileReport, name: str, document_id: int,
                      transcript: ParsedTranscript, segments: list[tuple], command_line) -> None:
    """One undoable action, with the report of :mod:`qualcode.app.importing.resplit` (codings follow their
    words, what cannot follow is set aside and counted)."""
    from qualcode.app.importing.resplit import switch_recorded

    participant = transcript.metadata.get("participant")
    entry.warnings.extend(_store_cases(project.conn, transcript, participant))
    values = [(o.name, o.value) for o in command_line]
    result = switch_recorded(project, document_id, segments, participant, values, transcript.speakers,
                             remember=lambda: remember_overrides(project.conn, name, transcript, command_line),
                             origin="import")
    entry.warnings.append("same text, turns re-split in place (`qualcode undo` puts them back)")
    entry.details.extend(result.lines())


def _case_ids(transcript: ParsedTranscript, participant: str | None) -> list[str]:
    """The cases :func:`_store_cases` may create or change."""
    return [case_id for case_id in [participant, *sorted({t.case_id for t in transcript.turns if t.case_id})]
            if case_id]


def _store_cases(conn, transcript: ParsedTranscript, participant: str | None) -> list[str]:
    """The document's case with its attributes, and any case a speaker has of its own (a group interview).

    The front matter fills the attributes the case does not have; one the case has (from the participants table,
    `cases set`, or an earlier transcript) is kept, as the exports document, and a different value is returned as
    a warning: it replaced the table's value without a word (participants.csv 女, front matter 男 -> 男)."""
    warnings: list[str] = []
    if participant:
        _, attributes = _attributes(transcript)
        row = conn.execute("SELECT attributes FROM cases WHERE id = ?", (participant,)).fetchone()
        stored = json.loads(row[0]) if row is not None and row[0] else {}
        for key, value in attributes.items():
            if key in stored and str(stored[key]) != value:
                warnings.append(f"front matter {key}: {value} differs from {participant}'s {key}={stored[key]} "
                                f"(participants table, `cases set` or an earlier transcript), which is kept; to change "
                                f"it: `qualcode cases set {participant} {key}={value}`")
        repo.upsert_case(conn, Case(id=participant, attributes={k: v for k, v in attributes.items()
                                                                 if k not in stored}))
    for case_id in sorted({turn.case_id for turn in transcript.turns if turn.case_id} - {participant}):
        if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
            repo.upsert_case(conn, Case(id=case_id))
    return warnings


def _same_segments(conn, current, participant: str | None, segments: list[tuple]) -> bool:
    if (current["case_id"] or None) != (participant or None):
        return False
    stored = [tuple(row) for row in conn.execute(
        "SELECT start, end, speaker, role, case_id, start_time FROM segments WHERE document_id = ? ORDER BY ordinal",
        (current["id"],))]
    return stored == [tuple(segment) for segment in segments]
