"""Listing documents and deleting one (every version, with its segments, codings and suggestions).

Deleting is destructive, so a backup of the whole database is taken first
(``maintenance.backup_before``) and everything goes in one transaction: the
document is either entirely there or entirely gone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qualcode.app.coding import history
from qualcode.core.errors import NotFoundError
from qualcode.app.project import Project
from qualcode.storage.db import transaction


@dataclass(frozen=True)
class DocumentSummary:
    name: str
    path: str
    case_id: str | None
    versions: int
    segments: int
    codings: int
    suggestions: int  # pending, accepted and rejected
    candidates: int   # ranked candidates below min_score, kept for the panel and for evaluation
    imported_at: str


@dataclass(frozen=True)
class DeletedDocument:
    name: str
    path: str
    versions: int
    segments: int
    codings: int
    suggestions: int
    candidates: int
    memos: int
    backup: Path


def list_documents(project: Project) -> list[DocumentSummary]:
    """Every document by name (all versions counted together), current path first."""
    rows = project.conn.execute(
        """SELECT d.name,
                  (SELECT path FROM documents c WHERE c.name = d.name AND c.is_current = 1) AS path,
                  (SELECT case_id FROM documents c WHERE c.name = d.name AND c.is_current = 1) AS case_id,
                  count(*) AS versions, max(d.imported_at) AS imported_at,
                  (SELECT count(*) FROM segments s JOIN documents c ON c.id = s.document_id
                    WHERE c.name = d.name AND c.is_current = 1) AS segments,
                  (SELECT count(*) FROM codings g JOIN documents c ON c.id = g.document_id
                    WHERE c.name = d.name AND c.is_current = 1) AS codings,
                  (SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id
                    JOIN documents c ON c.id = s.document_id WHERE c.name = d.name AND c.is_current = 1
                    AND g.status != 'candidate') AS suggestions,
                  (SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id
                    JOIN documents c ON c.id = s.document_id WHERE c.name = d.name AND c.is_current = 1
                    AND g.status = 'candidate') AS candidates
           FROM documents d GROUP BY d.name ORDER BY d.name""").fetchall()
    return [DocumentSummary(r["name"], r["path"] or "-", r["case_id"], r["versions"], r["segments"], r["codings"],
                            r["suggestions"], r["candidates"], r["imported_at"]) for r in rows]


def _version_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    ids = [row[0] for row in conn.execute("SELECT id FROM documents WHERE name = ? ORDER BY version", (name,))]
    if not ids:
        known = [row[0] for row in conn.execute("SELECT DISTINCT name FROM documents ORDER BY name LIMIT 8")]
        hint = f"; documents: {', '.join(known)}" if known else "; the project has no documents"
        raise NotFoundError(f"no document named {name!r}{hint} (`qualcode documents list`)")
    return ids


def _count(conn: sqlite3.Connection, sql: str, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids))
    return int(conn.execute(sql.format(ids=marks), ids).fetchone()[0])


def _delete_memos(conn: sqlite3.Connection, ids: list[int]) -> int:
    """Memos on the document, its segments or its codings: they would point at nothing afterwards."""
    marks = ",".join("?" * len(ids))
    cursor = conn.execute(
        f"""DELETE FROM memos WHERE
              (target_type = 'document' AND target_id IN (SELECT CAST(id AS TEXT) FROM documents WHERE id IN ({marks})))
           OR (target_type = 'segment' AND target_id IN
                (SELECT CAST(id AS TEXT) FROM segments WHERE document_id IN ({marks})))
           OR (target_type = 'coding' AND target_id IN
                (SELECT CAST(id AS TEXT) FROM codings WHERE document_id IN ({marks})))""",
        [*ids, *ids, *ids])
    return cursor.rowcount


def delete_document(project: Project, name: str, *, actor: str | None = None) -> DeletedDocument:
    """Remove document ``name`` (every version) and all that hangs on it, after a backup.

    The source file is not touched; importing it again brings the document back
    (without its codings, which stay in the backup).
    """
    from qualcode.app.maintenance.backup_doctor import backup_before

    conn = project.conn
    _version_ids(conn, name)  # fail before taking a backup when the name is wrong
    backup = backup_before(project, "delete-document")
    with transaction(conn):
        ids = _version_ids(conn, name)
        path = conn.execute("SELECT path FROM documents WHERE id = ?", (ids[-1],)).fetchone()[0]
        counts = {
            "segments": _count(conn, "SELECT count(*) FROM segments WHERE document_id IN ({ids})", ids),
            "codings": _count(conn, "SELECT count(*) FROM codings WHERE document_id IN ({ids})", ids),
            "suggestions": _count(conn, "SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id "
                                        "WHERE s.document_id IN ({ids}) AND g.status != 'candidate'", ids),
            "candidates": _count(conn, "SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id "
                                       "WHERE s.document_id IN ({ids}) AND g.status = 'candidate'", ids),
        }
        memos = _delete_memos(conn, ids)
        if _has_table(conn, "interop_guids"):  # a GUID another tool gave it; nothing to give back now
            conn.execute("DELETE FROM interop_guids WHERE entity = 'document' AND key = ?", (name,))
        if _has_table(conn, "speaker_overrides"):  # roles set for it would otherwise return with a new file
            conn.execute("DELETE FROM speaker_overrides WHERE document_name = ?", (name,))
        # One statement for every version: the previous_id links between them are checked at its end.
        conn.execute(f"DELETE FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)
        history.record_event(conn, actor or project.coder, "document.delete",
                             {"name": name, "path": path, "versions": len(ids), "memos": memos,
                              "backup": str(backup), **counts})
    return DeletedDocument(name=name, path=path, versions=len(ids), memos=memos, backup=backup, **counts)


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row is not None
