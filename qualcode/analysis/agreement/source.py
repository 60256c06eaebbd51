"""Reading what agreement needs from a project database (read-only; the repository plus a little SQL).

With ``--engine-source table`` the coder named ``engine`` is read here: its stored
pending and accepted suggestions at or above a minimum score, each covering its
segment. (The default, running the engine, is built in ``qualcode.app.team.coders``.)
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.core.errors import NotFoundError
from qualcode.core.models import Segment
from qualcode.storage import repository as repo

ENGINE = "engine"
CONSENSUS = "consensus"


@dataclass(frozen=True)
class DocumentRef:
    id: int
    name: str
    sha256: str
    language: str = "zh"


@dataclass(frozen=True)
class CodeInfo:
    id: str
    label_zh: str | None
    label_en: str | None
    has_children: bool

    def label(self) -> str:
        return " / ".join(x for x in (self.label_zh, self.label_en) if x) or self.id


def select_documents(conn: sqlite3.Connection, refs: Sequence[str] | None = None) -> list[DocumentRef]:
    """Current documents, all or those named (by name or id); an unknown name is an error."""
    documents = [DocumentRef(d.id, d.name, d.sha256, d.language or "zh") for d in repo.list_documents(conn)]
    if not refs:
        return documents
    by_key = {d.name: d for d in documents} | {str(d.id): d for d in documents}
    unknown = [ref for ref in refs if ref not in by_key]
    if unknown:
        known = ", ".join(d.name for d in documents) or "none"
        raise NotFoundError(f"no document named {', '.join(unknown)}; documents: {known}")
    chosen = {by_key[ref].id for ref in refs}
    return [d for d in documents if d.id in chosen]


def load_segments(conn: sqlite3.Connection, document_ids: Sequence[int]) -> list[Segment]:
    """Every segment of the documents, in document and ordinal order (text not filled)."""
    return [s for document_id in document_ids for s in repo.list_segments(conn, document_id, with_text=False)]


def document_texts(conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, str]:
    return {i: repo.document_text(conn, i) for i in document_ids}


def coders_in(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]


def check_coder(conn: sqlite3.Connection, coder: str) -> None:
    """A human coder must have codings somewhere in the project; the engine needs suggestions."""
    if coder == ENGINE:
        ran = _has_table(conn, "suggest_progress") and conn.execute(
            "SELECT 1 FROM suggest_progress LIMIT 1").fetchone() is not None
        if not ran and conn.execute("SELECT 1 FROM suggestions LIMIT 1").fetchone() is None:
            raise NotFoundError("the engine has made no suggestions yet; run `qualcode suggest` first")
        return
    reviewed = _has_table(conn, "segment_reviews") and conn.execute(
        "SELECT 1 FROM segment_reviews WHERE coder = ? LIMIT 1", (coder,)).fetchone() is not None
    if not reviewed and conn.execute("SELECT 1 FROM codings WHERE coder = ? LIMIT 1", (coder,)).fetchone() is None:
        known = ", ".join(coders_in(conn)) or "none yet"
        raise NotFoundError(f"coder {coder!r} has no codings in this project; coders: {known} (and {ENGINE})")


def _placeholders(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def coded_spans(conn: sqlite3.Connection, coder: str, document_ids: Sequence[int], *,
                min_score: float = 0.0) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """(document id, code id) -> coded spans of one coder (or of the engine)."""
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    if not document_ids:
        return spans
    if coder == ENGINE:
        rows = conn.execute(
            "SELECT seg.document_id, seg.start, seg.end, s.code_id FROM suggestions s "
            "JOIN segments seg ON seg.id = s.segment_id "
            f"WHERE s.status IN ('pending', 'accepted') AND s.score >= ? AND seg.end > seg.start "
            f"AND seg.document_id IN ({_placeholders(document_ids)})", (min_score, *document_ids))
    else:
        rows = conn.execute(
            "SELECT document_id, start, end, code_id FROM codings "
            f"WHERE coder = ? AND document_id IN ({_placeholders(document_ids)})", (coder, *document_ids))
    for document_id, start, end, code_id in rows:
        spans[(document_id, code_id)].append((start, end))
    return spans


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def coverage(conn: sqlite3.Connection, coder: str, document_ids: Sequence[int]) -> set[int]:
    """Documents the coder worked on.

    A person: any coding, or any turn marked "reviewed, nothing applies" (table
    ``segment_reviews``). The engine: any suggestion, whatever its status, or a
    finished ``qualcode suggest`` run (table ``suggest_progress``).
    """
    if not document_ids:
        return set()
    marks = _placeholders(document_ids)
    if coder == ENGINE:
        queries = [("SELECT DISTINCT seg.document_id FROM suggestions s JOIN segments seg ON seg.id = s.segment_id "
                    f"WHERE seg.document_id IN ({marks})", tuple(document_ids))]
        if _has_table(conn, "suggest_progress"):
            queries.append((f"SELECT document_id FROM suggest_progress WHERE document_id IN ({marks})",
                            tuple(document_ids)))
    else:
        queries = [(f"SELECT DISTINCT document_id FROM codings WHERE coder = ? AND document_id IN ({marks})",
                    (coder, *document_ids))]
        if _has_table(conn, "segment_reviews"):
            queries.append(("SELECT DISTINCT seg.document_id FROM segment_reviews r JOIN segments seg "
                            f"ON seg.id = r.segment_id WHERE r.coder = ? AND seg.document_id IN ({marks})",
                            (coder, *document_ids)))
    return {row[0] for sql, params in queries for row in conn.execute(sql, params)}


def load_codes(conn: sqlite3.Connection) -> list[CodeInfo]:
    """Codes depth-first in codebook order; a code is a theme when an active code names it as parent."""
    rows = conn.execute("SELECT id, parent_id, codebook, label_zh, label_en, position, active FROM codes "
                        "ORDER BY codebook, position, rowid").fetchall()
    ids = {r["id"] for r in rows}
    children: dict[str | None, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        children[r["parent_id"] if r["parent_id"] in ids else None].append(r)
    parents = {r["parent_id"] for r in rows if r["active"] and r["parent_id"]}
    ordered: list[CodeInfo] = []
    stack = list(reversed(children[None]))
    while stack:
        r = stack.pop()
        ordered.append(CodeInfo(r["id"], r["label_zh"], r["label_en"], r["id"] in parents))
        stack.extend(reversed(children.get(r["id"], [])))
    return ordered
