"""Codings that left their turn: found by `qualcode doctor`, mended by `qualcode doctor --repair`.

Older versions stored a coding's span as given (`code DOC N CODE --start 0 --end 100` on a
28-character turn ran over into the interviewer's next turn) and stored line-based selections
from other tools attached to no turn, where status, matrices and quotes never see them. The
repair never deletes a researcher's work silently: it clips a coding to its own turn, attaches
a turn-less coding to the turn that holds it or cuts it into one coding per turn it overlaps
(the same rule every import uses, :func:`qualcode.core.span_placement.place_span`), flags each
changed coding for `qualcode review`, and reports what it could not place.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.app.coding import history
from qualcode.app.project import Project
from qualcode.core.span_placement import Piece, Placement, Turn, TurnIndex, place_span
from qualcode.storage.db import transaction, utc_now

EXAMPLES = 5  # how many DOC:N examples a finding names
REPAIR_ACTION = "doctor.repair"  # a history event with no undo handler: undo stops at it and names the backup


@dataclass(frozen=True)
class SpanProblem:
    coding_id: int
    where: str  # DOC:N of the turn the coding is attached to (or starts in), else DOC and its characters
    start: int
    end: int
    turn: tuple[int, int] | None  # the attached turn's span, None for a coding attached to no turn


@dataclass(frozen=True)
class SpanProblems:
    outside_turn: list[SpanProblem]
    without_turn: list[SpanProblem]

    def __bool__(self) -> bool:
        return bool(self.outside_turn or self.without_turn)


@dataclass
class SpanRepair:
    """What `doctor --repair` did, kind by kind; nothing is left out of the counts."""

    backup: Path | None = None
    clipped: int = 0  # run past their turn: cut back to it
    attached: int = 0  # attached to no turn, but lay inside one: attached, words unchanged
    trimmed: int = 0  # attached to no turn, overlapped one turn: clipped to it and attached
    split: int = 0  # attached to no turn, overlapped several: one coding per turn
    split_pieces: int = 0  # the codings those became
    merged_duplicates: int = 0  # after clipping, the same coder had coded the same words with the same code
    not_placed: list[str] = field(default_factory=list)  # DOC:N and why, left as they were
    review_ids: list[int] = field(default_factory=list)


class _Documents:
    """Each document's text and turns, read once: a repair touches thousands of codings of few documents."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._turns: dict[int, tuple[TurnIndex, dict[int, int]]] = {}
        self._texts: dict[int, str] = {}

    def turns(self, document_id: int) -> TurnIndex:
        return self._load(document_id)[0]

    def text(self, document_id: int) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = self.conn.execute(
                "SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        return self._texts[document_id]

    def label(self, document_id: int, name: str, start: int, end: int) -> str:
        index, ordinals = self._load(document_id)
        for turn in index.overlapping(start, start + 1):
            return f"{name}:{ordinals[turn.segment_id]}"
        return f"{name} (characters {start}\u2013{end}, in no turn)"

    def _load(self, document_id: int) -> tuple[TurnIndex, dict[int, int]]:
        if document_id not in self._turns:
            rows = self.conn.execute("SELECT id, ordinal, start, end FROM segments WHERE document_id = ? "
                                     "ORDER BY ordinal", (document_id,)).fetchall()
            self._turns[document_id] = (TurnIndex([Turn(r[0], r[2], r[3]) for r in rows]),
                                        {r[0]: r[1] for r in rows})
        return self._turns[document_id]


def find_span_problems(conn: sqlite3.Connection, documents: _Documents | None = None) -> SpanProblems:
    """Codings whose span runs outside their turn, and codings attached to no turn."""
    documents = documents or _Documents(conn)
    outside = [SpanProblem(r["id"], f"{r['name']}:{r['ordinal']}", r["start"], r["end"], (r["s_start"], r["s_end"]))
               for r in conn.execute(
                   """SELECT c.id, c.start, c.end, s.start AS s_start, s.end AS s_end, s.ordinal, d.name
                      FROM codings c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id
                      WHERE c.start < s.start OR c.end > s.end OR s.document_id != c.document_id
                      ORDER BY d.name, s.ordinal, c.id""")]
    without = [SpanProblem(r["id"], documents.label(r["document_id"], r["name"], r["start"], r["end"]),
                           r["start"], r["end"], None)
               for r in conn.execute("""SELECT c.id, c.document_id, c.start, c.end, d.name FROM codings c
                                        JOIN documents d ON d.id = c.document_id WHERE c.segment_id IS NULL
                                        ORDER BY d.name, c.start, c.id""")]
    return SpanProblems(outside, without)


def examples(problems: list[SpanProblem]) -> str:
    shown = ", ".join(f"{p.where} (coding {p.coding_id}, characters {p.start}\u2013{p.end}"
                      + (f"; the turn is {p.turn[0]}\u2013{p.turn[1]}, {p.turn[1] - p.turn[0]} characters)"
                         if p.turn else ")")
                      for p in problems[:EXAMPLES])
    more = f" and {len(problems) - EXAMPLES} more" if len(problems) > EXAMPLES else ""
    return shown + more


def repair_spans(project: Project) -> SpanRepair:
    """Back up, then clip/attach/split every problem coding in ONE transaction, each change flagged for review."""
    from qualcode.app.maintenance.backup_doctor import backup_before

    conn = project.conn
    report = SpanRepair()
    if not find_span_problems(conn):
        return report
    report.backup = backup_before(project, "doctor-repair")
    with transaction(conn):
        documents = _Documents(conn)  # turns and texts never change in a repair: only codings do
        problems = find_span_problems(conn, documents)  # again inside the write lock: another window may have written
        for problem in problems.outside_turn:
            _repair_outside(conn, documents, problem, report)
        for problem in problems.without_turn:
            _place(conn, documents, _coding(conn, problem.coding_id), problem, report)
        # Not undoable step by step: recorded so `undo` stops here, pointing at the backup, instead of
        # skipping the repair and undoing an older, unrelated action.
        history.record_event(conn, project.coder, REPAIR_ACTION, {
            "backup": str(report.backup), "clipped": report.clipped, "attached": report.attached,
            "trimmed": report.trimmed, "split": report.split, "split_pieces": report.split_pieces,
            "merged_duplicates": report.merged_duplicates, "not_placed": len(report.not_placed)})
    return report


def _coding(conn: sqlite3.Connection, coding_id: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()


def _repair_outside(conn: sqlite3.Connection, documents: _Documents, problem: SpanProblem,
                    report: SpanRepair) -> None:
    row = _coding(conn, problem.coding_id)
    seg = conn.execute("SELECT start, end, document_id FROM segments WHERE id = ?", (row["segment_id"],)).fetchone()
    lo, hi = max(row["start"], seg["start"]), min(row["end"], seg["end"])
    text = documents.text(row["document_id"])
    if seg["document_id"] == row["document_id"] and lo < hi:
        if _move(conn, row, text, Piece(row["segment_id"], lo, hi), "clipped", report):
            report.clipped += 1
        return
    # It does not even touch its own turn: place it by its words, as for a coding with no turn.
    _place(conn, documents, row, problem, report)


def _place(conn: sqlite3.Connection, documents: _Documents, row: sqlite3.Row, problem: SpanProblem,
           report: SpanRepair) -> None:
    text = documents.text(row["document_id"])
    placement: Placement = place_span(text, documents.turns(row["document_id"]),
                                      max(0, row["start"]), min(len(text), row["end"]))
    if placement.kind == "skipped":
        report.not_placed.append(f"{problem.where} (coding {row['id']}, {row['code_id']}): {placement.why}")
        return
    if placement.kind == "exact":
        piece = placement.pieces[0]
        conn.execute("UPDATE codings SET segment_id = ? WHERE id = ?", (piece.segment_id, row["id"]))
        report.attached += 1
        return
    if placement.kind == "trimmed":
        if _move(conn, row, text, placement.pieces[0], "clipped", report):
            report.trimmed += 1
        return
    first, *rest = placement.pieces
    kept = _move(conn, row, text, first, "split", report)
    report.split += 1
    report.split_pieces += int(kept) + sum(_copy(conn, row, text, piece, report) for piece in rest)


def _duplicate_of(conn: sqlite3.Connection, row: sqlite3.Row, piece: Piece) -> int | None:
    found = conn.execute("""SELECT id FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ?
                            AND coder = ? AND id != ?""",
                         (row["document_id"], piece.start, piece.end, row["code_id"], row["coder"], row["id"])
                         ).fetchone()
    return None if found is None else int(found[0])


def _move(conn: sqlite3.Connection, row: sqlite3.Row, text: str, piece: Piece, reason: str,
          report: SpanRepair) -> bool:
    """Put the coding on ``piece``; False when that coding already exists (the damaged copy is merged into it)."""
    existing = _duplicate_of(conn, row, piece)
    if existing is not None:
        # The same coder already coded these exact words with this code: keep that one and its memos.
        conn.execute("UPDATE OR IGNORE memos SET target_id = ? WHERE target_type = 'coding' AND target_id = ?",
                     (str(existing), str(row["id"])))
        conn.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
        report.merged_duplicates += 1
        return False
    conn.execute("UPDATE codings SET segment_id = ?, start = ?, end = ? WHERE id = ?",
                 (piece.segment_id, piece.start, piece.end, row["id"]))
    _flag(conn, row, text, row["id"], piece, reason, report)
    return True


def _copy(conn: sqlite3.Connection, row: sqlite3.Row, text: str, piece: Piece, report: SpanRepair) -> bool:
    if _duplicate_of(conn, row, piece) is not None:
        report.merged_duplicates += 1
        return False
    new_id = conn.execute(
        """INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at, memo)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (row["document_id"], piece.segment_id, piece.start, piece.end, row["code_id"], row["coder"],
         row["origin"], row["created_at"], row["memo"])).lastrowid
    _flag(conn, row, text, int(new_id), piece, "split", report)
    return True


def _flag(conn: sqlite3.Connection, row: sqlite3.Row, text: str, coding_id: int, piece: Piece, reason: str,
          report: SpanRepair) -> None:
    old, new = text[max(0, row["start"]):row["end"]], text[piece.start:piece.end]
    review = conn.execute(
        """INSERT INTO coding_reviews (coding_id, old_coding_id, document_id, old_document_id, code_id, coder,
                                       old_text, new_text, reason, similarity, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (coding_id, row["id"], row["document_id"], row["document_id"], row["code_id"], row["coder"], old, new,
         reason, len(new) / len(old) if old else 0.0, utc_now()))
    report.review_ids.append(int(review.lastrowid))
