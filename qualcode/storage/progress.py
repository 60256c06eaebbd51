"""Per-document counts for `status` and the TUI home screen.

Each count is one GROUP BY pass over an index (see migration m0014), so the
cost grows with the rows counted, never with documents x suggestions.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from qualcode.storage.suggestions import coded_sql


@dataclass(frozen=True)
class DocumentCounts:
    document_id: int
    name: str
    case_id: str | None
    wave: str | None
    language: str
    participant_segments: int
    coded_segments: int
    pending_suggestions: int


def _per_document(conn: sqlite3.Connection, sql: str) -> dict[int, int]:
    return {row[0]: row[1] for row in conn.execute(sql)}


COUNT_QUERIES = {
    "participant": "SELECT document_id, count(*) FROM segments WHERE role = 'participant' GROUP BY document_id",
    "coded": """SELECT c.document_id, count(DISTINCT c.segment_id)
                FROM codings c JOIN segments s ON s.id = c.segment_id
                WHERE s.role = 'participant' GROUP BY c.document_id""",
    # a pending row whose turn has its code already is not pending (storage.suggestions._CODED): one look-up
    # per pending row in the codings' (document, code) index of migration m0093, never a scan of a document
    "pending": f"""SELECT s.document_id, count(*)
                   FROM suggestions g JOIN segments s ON s.id = g.segment_id
                   WHERE g.status = 'pending' AND NOT {coded_sql()[0]} GROUP BY s.document_id""",
}


def document_counts(conn: sqlite3.Connection) -> list[DocumentCounts]:
    """Current documents by name, with participant turns, coded participant turns and pending suggestions."""
    participant = _per_document(conn, COUNT_QUERIES["participant"])
    coded = _per_document(conn, COUNT_QUERIES["coded"])
    pending = _per_document(conn, COUNT_QUERIES["pending"])
    return [DocumentCounts(*r, participant.get(r[0], 0), coded.get(r[0], 0), pending.get(r[0], 0))
            for r in documents_by_name(conn)]


def documents_by_name(conn: sqlite3.Connection, limit: int | None = None) -> list[tuple]:
    """(id, name, case id, wave, language) of the current documents by name; the first ``limit`` when given.

    Reads the (is_current, name) index, so the first screenful costs the same at 20 or 100,000 documents.
    """
    sql = ("SELECT id, name, case_id, json_extract(attributes, '$.wave') AS wave, language "
           "FROM documents WHERE is_current = 1 ORDER BY name")
    return conn.execute(sql + (" LIMIT ?" if limit is not None else ""),
                        (limit,) if limit is not None else ()).fetchall()


def speaker_characters(conn: sqlite3.Connection) -> dict[int, list[tuple[str | None, str, int]]]:
    """Current document id -> (speaker, role, characters) of each speaker: one GROUP BY pass."""
    found: dict[int, list[tuple[str | None, str, int]]] = {}
    for row in conn.execute("""SELECT s.document_id, s.speaker, s.role, sum(s.end - s.start)
                               FROM segments s JOIN documents d ON d.id = s.document_id
                               WHERE d.is_current = 1 GROUP BY s.document_id, s.speaker, s.role"""):
        found.setdefault(row[0], []).append((row[1], row[2], int(row[3])))
    return found


def current_totals(conn: sqlite3.Connection) -> tuple[int, int]:
    """(segments, codings) over current documents."""
    segments = conn.execute("SELECT count(*) FROM segments s JOIN documents d ON d.id = s.document_id "
                            "WHERE d.is_current = 1").fetchone()[0]
    codings = conn.execute("SELECT count(*) FROM codings c JOIN documents d ON d.id = c.document_id "
                           "WHERE d.is_current = 1").fetchone()[0]
    return int(segments), int(codings)


def query_plans(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of each per-document count (tests check they read indexes)."""
    return {name: [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
            for name, sql in COUNT_QUERIES.items()}
