"""Reviewed segments: progress through a transcript, per coder.

A participant segment counts as reviewed when it carries a coding or the coder
marked it reviewed ("no code applies", the TUI's `x`). Marking is a use case
like the others in :mod:`qualcode.app.api`: one transaction, one history event,
undoable across sessions. Also: ``data_version``, the cheap "did another
connection commit?" check the TUI polls to pick up changes made elsewhere.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcode.app.coding import history
from qualcode.app.project import Project
from qualcode.core.errors import ConflictError
from qualcode.storage.db import transaction, utc_now


def _replaced(conn: sqlite3.Connection, segment_id: object) -> str | None:
    """The document name when the segment is a turn of a version a re-import replaced."""
    row = conn.execute("SELECT d.name, d.is_current FROM segments s JOIN documents d ON d.id = s.document_id "
                       "WHERE s.id = ?", (segment_id,)).fetchone()
    return row[0] if row is not None and not row[1] else None


def _mark(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    name = _replaced(conn, payload["segment_id"])
    if name is not None:  # a mark on the old version only would count nowhere: say so instead
        raise ConflictError(f"{name} was imported again after this action; the review mark is not put back on the "
                            f"old version -- mark the turn again on {name}")
    conn.execute("INSERT OR IGNORE INTO segment_reviews (segment_id, coder, reviewed_at) VALUES (?, ?, ?)",
                 (payload["segment_id"], payload["coder"], payload.get("at") or utc_now()))


def _unmark(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    conn.execute("DELETE FROM segment_reviews WHERE segment_id = ? AND coder = ?",
                 (payload["segment_id"], payload["coder"]))
    if payload.get("at") and _replaced(conn, payload["segment_id"]) is not None:
        # made before a re-import carried the mark (with its time) to the same words of the new version
        conn.execute(
            """DELETE FROM segment_reviews WHERE coder = ? AND reviewed_at = ? AND segment_id IN (
                   SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id
                     JOIN segments o ON o.id = ? JOIN documents od ON od.id = o.document_id
                    WHERE d.name = od.name AND d.version > od.version)""",
            (payload["coder"], payload["at"], payload["segment_id"]))


def _mark_many(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for segment_id in payload["segment_ids"]:  # type: ignore[union-attr]
        _mark(conn, {"segment_id": segment_id, "coder": payload["coder"], "at": payload.get("at")})


def _unmark_many(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for segment_id in payload["segment_ids"]:  # type: ignore[union-attr]
        _unmark(conn, {"segment_id": segment_id, "coder": payload["coder"], "at": payload.get("at")})


history.register_action("review.mark", undo=_unmark, redo=_mark)
history.register_action("review.unmark", undo=_mark, redo=_unmark)
history.register_action("review.mark_documents", undo=_unmark_many, redo=_mark_many)


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


def mark_documents_reviewed(project: Project, document_ids: Sequence[int], *,
                            coder: str | None = None) -> dict[int, int]:
    """Say the documents are fully coded by ``coder``: every participant turn of theirs that has
    no coding and no review mark of that coder is marked reviewed, "no code applies". One history event,
    so one undo takes the whole marking back. Returns the newly marked turns per document (0 when the
    document had none left); nothing is recorded when no turn was marked."""
    coder = coder or project.coder
    conn = project.conn
    newly: dict[int, list[int]] = {}
    with transaction(conn):
        for document_id in document_ids:
            newly[document_id] = [row[0] for row in conn.execute(
                """SELECT s.id FROM segments s WHERE s.document_id = ? AND s.role = 'participant'
                     AND s.end > s.start
                     AND NOT EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id AND c.coder = ?)
                     AND NOT EXISTS (SELECT 1 FROM segment_reviews r WHERE r.segment_id = s.id AND r.coder = ?)
                   ORDER BY s.ordinal""", (document_id, coder, coder))]
        marked = [segment_id for ids in newly.values() for segment_id in ids]
        if marked:
            payload = {"segment_ids": marked, "coder": coder, "at": utc_now()}
            _mark_many(conn, payload)
            history.record_event(conn, coder, "review.mark_documents", payload)
    return {document_id: len(ids) for document_id, ids in newly.items()}


@dataclass(frozen=True)
class DocumentReview:
    """One document's participant turns as one coder has worked through them."""

    document: str
    participant_turns: int
    coded: int            # with a coding of the coder
    no_code: int          # marked reviewed, no coding: "no code applies" (the learned model's negatives)
    newly_marked: int = 0

    @property
    def left(self) -> int:
        return self.participant_turns - self.coded - self.no_code


def mark_fully_coded(project: Project, names: Sequence[str], *, coder: str | None = None) -> list[DocumentReview]:
    """`qualcode review done`: the named documents are fully coded by ``coder`` (see
    :func:`mark_documents_reviewed`). Every name is looked up before anything changes."""
    from qualcode.app.queries import get_document

    documents = list({d.id: d for d in (get_document(project, name, with_text=False) for name in names)}.values())
    newly = mark_documents_reviewed(project, [d.id for d in documents], coder=coder)
    return [dataclasses.replace(review, newly_marked=newly[d.id])
            for d, review in zip(documents, review_status(project, [d.id for d in documents], coder=coder))]


def review_status(project: Project, document_ids: Sequence[int] | None = None, *,
                  coder: str | None = None) -> list[DocumentReview]:
    """Per current document (or the given ones): participant turns, coded, "no code applies", left."""
    coder = coder or project.coder
    rows = project.conn.execute(
        """SELECT d.id, d.name, count(s.id),
                  sum(EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id AND c.coder = :coder)),
                  sum(NOT EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id AND c.coder = :coder)
                      AND EXISTS (SELECT 1 FROM segment_reviews r WHERE r.segment_id = s.id AND r.coder = :coder))
           FROM documents d LEFT JOIN segments s ON s.document_id = d.id AND s.role = 'participant'
           WHERE d.is_current = 1 GROUP BY d.id ORDER BY d.name""", {"coder": coder}).fetchall()
    wanted = None if document_ids is None else list(document_ids)
    found = {row[0]: DocumentReview(row[1], row[2], row[3] or 0, row[4] or 0) for row in rows}
    return [found[i] for i in (wanted if wanted is not None else found) if i in found]


def reviewed_uncoded_segment_ids(conn: sqlite3.Connection, *, coder: str | None = None,
                                 coders: Sequence[str] = ()) -> set[int]:
    """Participant segments marked "reviewed, no code applies" (by ``coder`` or one of ``coders``, or by anyone
    when neither is given) that carry no coding (of the coder who marked it, or of anyone): the turns a
    researcher said no code fits."""
    chosen = tuple(coders) or ((coder,) if coder is not None else ())
    marked = f"AND r.coder IN ({', '.join('?' * len(chosen))})" if chosen else ""
    mine = "AND c.coder = r.coder" if chosen else ""
    rows = conn.execute(
        f"""SELECT DISTINCT r.segment_id FROM segment_reviews r JOIN segments s ON s.id = r.segment_id
            WHERE s.role = 'participant' {marked}
              AND NOT EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id {mine})""", chosen)
    return {row[0] for row in rows}


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


@dataclass(frozen=True)
class DocumentToCode:
    """The next document with participant turns left to code, and where to start in it."""
    document_id: int
    name: str
    uncoded: int          # participant turns neither coded nor marked "no code applies"
    first_segment_id: int
    first_ordinal: int


def next_document_to_code(project: Project, after: int, *, coder: str | None = None) -> DocumentToCode | None:
    """The first current document after document ``after`` by name (round to the first again) with participant
    turns neither coded nor marked reviewed (by ``coder``, or anyone): the coding screen's ``n`` at the last
    uncoded turn of a document offers it. None when every other document is done."""
    mine = "AND c.coder = :coder" if coder is not None else ""
    marked = "AND r.coder = :coder" if coder is not None else ""
    rows = project.conn.execute(
        f"""SELECT d.id, d.name, count(*), min(s.ordinal) FROM segments s JOIN documents d ON d.id = s.document_id
            WHERE d.is_current = 1 AND s.role = 'participant' AND d.id != :after
              AND NOT EXISTS (SELECT 1 FROM codings c WHERE c.segment_id = s.id {mine})
              AND NOT EXISTS (SELECT 1 FROM segment_reviews r WHERE r.segment_id = s.id {marked})
            GROUP BY d.id ORDER BY d.name, d.id""",
        {"coder": coder, "after": after}).fetchall()
    if not rows:
        return None
    here = project.conn.execute("SELECT name FROM documents WHERE id = ?", (after,)).fetchone()
    chosen = next((row for row in rows if here is None or row[1] > here[0]), rows[0])
    first = project.conn.execute("SELECT id FROM segments WHERE document_id = ? AND ordinal = ?",
                                 (chosen[0], chosen[3])).fetchone()
    return DocumentToCode(chosen[0], chosen[1], chosen[2], first[0], chosen[3])


def data_version(project: Project) -> int:
    """Changes whenever another connection commits to the database (SQLite's PRAGMA data_version)."""
    return int(project.conn.execute("PRAGMA data_version").fetchone()[0])
