"""Importing transcripts: files and folders -> documents, segments, cases.

All files are read and parsed first; if any of them is bad, nothing is written
and every problem is reported (the project stays as it was). Then each
document is written in its own transaction, so an interrupted import never
leaves half a document and a second run picks up where it stopped: a file
whose content hash is already stored is skipped.
"""

from __future__ import annotations

import os

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location, QualcodeError
from qualcode.core.models import Case, ParsedTranscript
from qualcode.app.project import Project
from qualcode.app.importing.reanchor import reanchor_codings, reanchor_suggestions
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction, utc_now

TRANSCRIPT_SUFFIXES = (".txt", ".md", ".docx", ".csv", ".xlsx", ".vtt", ".srt", ".pdf", ".rtf", ".odt")
PARTICIPANT_TABLE_STEMS = ("participants", "cases")
SKIPPED_NAMES = ("readme",)
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
    warnings: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # a multi-line report (REFI-QDA import), shown below the table
    error: str | None = None


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "error"]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the transcript files inside named folders (sorted, recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                # not is_file(): a pipe or device link must be refused by name below, not skipped unseen
                if (not child.is_dir() and child.suffix.lower() in TRANSCRIPT_SUFFIXES + (".qdpx",)
                        and not child.name.startswith(".")
                        and not child.stem.lower().startswith(SKIPPED_NAMES)):
                    found.append(child)
        elif path.exists():
            found.append(path)
        else:
            raise ImportFormatError("no such file or folder", Location(path))
    return found


def _is_participants_table(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".xlsx") and path.stem.lower() in PARTICIPANT_TABLE_STEMS


def _relative(project: Project, path: Path) -> str:
    resolved = path.resolve()  # once: each resolve walks the path through the file system
    try:
        return str(resolved.relative_to(project.root))
    except ValueError:
        return str(resolved)


def import_paths(project: Project, paths: list[Path], *,
                 progress: Callable[[int, int, str], None] | None = None,
                 intended_edit: Callable[[str], str] | None = None,
                 allow_external_sources: Path | None = None) -> ImportReport:
    """``intended_edit``: see :func:`qualcode.app.importing.reanchor.reanchor_codings` (pseudonymize passes one)."""
    from qualcode.io.readers import read_participants_table, read_transcript

    settings = transcript_settings(project)
    report = ImportReport()
    files = expand_paths(paths)
    parsed: list[tuple[FileReport, bytes, ParsedTranscript]] = []
    tables: list[tuple[FileReport, list[Case]]] = []
    for path in files:
        entry = FileReport(path=path, status="pending")
        report.files.append(entry)
        try:
            if path.suffix.lower() == ".qdpx":
                entry.status = "qdpx"
            elif _is_participants_table(path):
                tables.append((entry, read_participants_table(path)))
                entry.status = "participants"
            else:
                _check_name_is_free(project, path)
                transcript = read_transcript(path, settings=settings)
                parsed.append((entry, path.read_bytes(), transcript))
        except QualcodeError as exc:
            entry.status, entry.error = "error", str(exc)
        except OSError as exc:
            entry.status, entry.error = "error", f"{path}: cannot read: {exc.strerror}"
    if report.errors:  # nothing written: the project is unchanged
        for entry in report.files:
            if entry.status != "error":
                entry.status = "not imported"
        return report

    for entry, cases in tables:
        with transaction(project.conn):
            for case in cases:
                repo.upsert_case(project.conn, case)
        entry.turns = len(cases)
    total = len(parsed)
    for index, (entry, raw, transcript) in enumerate(parsed, start=1):
        _store(project, entry, raw, transcript, intended_edit)
        if progress is not None:
            progress(index, total, str(entry.path))
    for entry in report.files:
        if entry.status == "qdpx":
            _import_qdpx(project, entry, allow_external_sources)
    return report


def _import_qdpx(project: Project, entry: FileReport, allow_external_sources: Path | None = None) -> None:
    from qualcode.app.interop import import_qdpx

    result = import_qdpx(project, entry.path, allow_external_sources=allow_external_sources)
    entry.status = "imported"
    entry.details.extend(str(line) for line in result.lines())


def _check_name_is_free(project: Project, path: Path) -> None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # The name came from bytes that are not UTF-8 (an old archive, another OS); it cannot be stored or
        # exported, so say which file it is in a form the terminal can show.
        shown = os.fsencode(path).decode("utf-8", errors="backslashreplace")
        raise ImportFormatError(f"{shown}: the file name is not valid UTF-8; rename the file and import again") \
            from None
    row = project.conn.execute(
        "SELECT path FROM documents WHERE name = ? AND is_current = 1", (path.stem,)).fetchone()
    if row is not None and row["path"] != _relative(project, path):
        raise ImportFormatError(
            f"a different file named {path.stem!r} was imported from {row['path']}; rename one of them",
            Location(path))


def transcript_settings(project: Project):
    from qualcode.core.transcript import TranscriptSettings

    return TranscriptSettings.from_config(project.config)


def _store(project: Project, entry: FileReport, raw: bytes, transcript: ParsedTranscript,
           intended_edit: Callable[[str], str] | None = None) -> None:
    conn = project.conn
    sha = hashlib.sha256(raw).hexdigest()
    relative = _relative(project, entry.path)
    name = entry.path.stem
    participant = transcript.metadata.get("participant")
    entry.encoding, entry.language = transcript.encoding, transcript.language
    entry.turns, entry.participant = len(transcript.turns), participant
    entry.warnings.extend(transcript.warnings)
    with transaction(conn):
        current = conn.execute(
            "SELECT id, sha256, version, path FROM documents WHERE name = ? AND is_current = 1", (name,)
        ).fetchone()
        if current is not None and current["sha256"] == sha:
            entry.status, entry.document = "unchanged", name
            return
        version = 1
        if current is not None:
            version = current["version"] + 1
            conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (current["id"],))
        if participant:
            attributes = {k: str(v) for k, v in transcript.metadata.items() if k in CASE_ATTRIBUTE_KEYS}
            repo.upsert_case(conn, Case(id=participant, attributes=attributes))
        doc_attributes = {k: str(v) for k, v in transcript.metadata.items()
                          if k not in CASE_ATTRIBUTE_KEYS and k != "participant"}
        cursor = conn.execute(
            """INSERT INTO documents (name, path, sha256, version, is_current, previous_id, language, encoding,
                                      case_id, attributes, text, imported_at)
               VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)""",
            (name, relative, sha, version, current["id"] if current else None, transcript.language,
             transcript.encoding, participant, json.dumps(doc_attributes, ensure_ascii=False),
             transcript.text, utc_now()),
        )
        document_id = cursor.lastrowid
        conn.executemany(
            "INSERT INTO segments (document_id, ordinal, start, end, speaker, role, case_id, start_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(document_id, ordinal, turn.start, turn.end, turn.speaker, turn.role,
              participant if turn.role == "participant" else None, turn.timestamp)
             for ordinal, turn in enumerate(transcript.turns, start=1)],
        )
        if current is not None:
            moved = reanchor_codings(conn, current["id"], document_id, intended_edit=intended_edit)
            if moved.review_ids:
                entry.warnings.append(
                    f"{len(moved.review_ids)} coding(s) on changed or deleted text need review (`qualcode review`)")
            carried = reanchor_suggestions(conn, current["id"], document_id, intended_edit=intended_edit)
            if carried.decisions_on_changed_turns:
                entry.warnings.append(
                    f"{carried.decisions_on_changed_turns} suggestion decision(s) were on turns whose words changed; "
                    "those turns get fresh suggestions (the old decisions stay with the old version)")
    entry.status = "new version" if current is not None else "imported"
    entry.document = name
