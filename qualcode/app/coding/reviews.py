"""Reviewed segments: progress through a transcript, per coder.

A participant segment counts as reviewed when it carries a coding or the coder
marked it reviewed ("no code applies", the TUI's `x`). Marking is a use case
like the others in :mod:`qualcode.app.api`: one transaction, one history event,
undoable across sessions. Also: ``data_version``, the cheap "did another
connection commit?" check the TUI polls to pick up changes made elsewhere.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from qualcode.app.coding import history
from qualcode.app.project import Project
from qualcode.storage.db import transaction, utc_now


def _mark(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    conn.execute("INSERT OR IGNORE INTO segment_reviews (segment_id, coder, reviewed_at) VALUES (?, ?, ?)",
                 (payload["segment_id"], payload["coder"], payload.get("at") or utc_now()))


def _unmark(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    conn.execute("DELETE FROM segment_reviews WHERE segment_id = ? AND coder = ?",
                 (payload["segment_id"], payload["coder"]))


history.register_action("review.mark", undo=_unmark, redo=_mark)
history.register_action("review.unmark", undo=_mark, redo=_unmark)


def toggle_reviewed(project: Project, segment_id: int, *, coder: str | None = None) -> bool:
    """Mark the segment reviewed by ``coder`` or clear the mark; returns the new state."""
    coder = coder or project.coder
    conn = project.conn
    with transaction(conn):
        exists = conn.execute("SELECT 1 FROM segment_reviews WHERE segment_id = ? AND coder = ?",
                              (segment_id, coder)).fetchone() is not None
        payload = {"segment_id": segment_id, "coder": coder, "at": utc_now()}
        (_unmark if exists else _mark)(conn, payload)
        history.record_event(conn, coder, "review.unmark" if exists else "review.mark", payload)
    return not exists


def reviewed_segment_ids(project: Project, document_id: int, *, coder: str | None = None) -> set[int]:
    """Segments of the document that were marked reviewed (by ``coder``, or anyone when None)."""
    sql = ("SELECT r.segment_id FROM segment_reviews r JOIN segments s ON s.id = r.segment_id "
           "WHERE s.document_id = ?")
    params: list[object] = [document_id]
    if coder is not None:
        sql += " AND r.coder = ?"
        params.append(coder)
    return {row[0] for row in project.conn.execute(sql, params)}


def reviewed_counts(project: Project, *, coder: str | None = None) -> dict[int, int]:
    """Per current document: participant segments with a coding or a review mark (by ``coder``, or anyone)."""
    mine = "AND c.coder = :coder" if coder is not None else ""
    marked = "AND r.coder = :coder" if coder is not None else ""
    rows = project.conn.execute(
        f"""SELECT s.document_id, count(*) FROM segments s JOIN documents d ON d.id = s.document_id
            WHERE d.is_current = 1 AND s.role = 'participant'
              AND (EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id {mine})
                   OR EXISTS (SELECT 1 FROM segment_reviews r WHERE r.segment_id = s.id {marked}))
            GROUP BY s.document_id""",
        {"coder": coder},
    )
    return {row[0]: row[1] for row in rows}


def data_version(project: Project) -> int:
    """Changes whenever another connection commits to the database (SQLite's PRAGMA data_version)."""
    return int(project.conn.execute("PRAGMA data_version").fetchone()[0])
