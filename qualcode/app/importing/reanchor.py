"""Carrying codings over to a revised version of a transcript (DESIGN §3).

Codings on unchanged words move silently; codings whose words changed a
little move and are flagged; codings whose words are gone stay on the old
version and are flagged. Nothing is dropped: every flag is a row in
``coding_reviews`` that the CLI (`qualcode review`) and the TUI list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from qualcode.core.alignment import MappedSpan, TextAlignment
from qualcode.core.span_placement import Turn, TurnIndex, place_span
from qualcode.storage.db import utc_now

CHANGED_THRESHOLD = 60.0  # % of the old characters kept, below which a moved span counts as deleted


@dataclass
class ReanchorResult:
    moved_exact: int = 0
    moved_changed: int = 0
    flagged_deleted: int = 0
    review_ids: list[int] = field(default_factory=list)


def reanchor_codings(conn: sqlite3.Connection, old_document_id: int, new_document_id: int, *,
                     intended_edit: Callable[[str], str] | None = None,
                     versions: "VersionPair | None" = None) -> ReanchorResult:
    """Copy the old version's codings onto the new one; called inside the import's transaction.

    ``intended_edit`` is a change made on purpose (pseudonymize: names -> placeholders); a coding whose
    words became exactly that moves silently instead of being flagged.
    """
    codings = conn.execute("SELECT * FROM codings WHERE document_id = ? ORDER BY id", (old_document_id,)).fetchall()
    result = ReanchorResult()
    if not codings:
        return result
    alignment = (versions or VersionPair(conn, old_document_id, new_document_id)).alignment
    old_text, new_text = alignment.old, alignment.new
    turns = TurnIndex([Turn(r[2], r[0], r[1]) for r in conn.execute(
        "SELECT start, end, id FROM segments WHERE document_id = ? ORDER BY ordinal", (new_document_id,))])
    for row in codings:
        mapped = alignment.map_span(row["start"], row["end"], threshold=CHANGED_THRESHOLD, intended_edit=intended_edit)
        new_coding_id = None
        if mapped.outcome != "deleted":
            mapped = _onto_one_turn(new_text, turns, mapped)
        if mapped.outcome != "deleted":
            new_coding_id = _copy_coding(conn, row, new_document_id, mapped.start, mapped.end, mapped.segment_id)
            _move_memos(conn, "coding", row["id"], new_coding_id)
        if mapped.outcome == "exact":
            result.moved_exact += 1
            continue
        if mapped.outcome == "changed":
            result.moved_changed += 1
        else:
            result.flagged_deleted += 1
        review = conn.execute(
            """INSERT INTO coding_reviews (coding_id, old_coding_id, document_id, old_document_id, code_id, coder,
                                           old_text, new_text, reason, similarity, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (new_coding_id, row["id"], new_document_id, old_document_id, row["code_id"], row["coder"],
             old_text[row["start"]:row["end"]],
             new_text[mapped.start:mapped.end] if new_coding_id else None,
             mapped.outcome, mapped.similarity, utc_now()),
        )
        result.review_ids.append(int(review.lastrowid))
    return result


@dataclass
class SuggestionCarry:
    moved: int = 0  # suggestions (pending or decided) carried to the same turn text in the new version
    decisions_on_changed_turns: int = 0  # accepted/rejected on a turn whose words changed: left on the old version


def reanchor_suggestions(conn: sqlite3.Connection, old_document_id: int, new_document_id: int, *,
                         intended_edit: Callable[[str], str] | None = None,
                         versions: "VersionPair | None" = None) -> SuggestionCarry:
    """Carry suggestions, with their decisions, to the turns of the new version that kept the same words.

    Without this a re-import starts the new version with no decisions and the next `suggest` brings
    every rejected suggestion back as pending. A decision is about a turn's words, so it follows only
    a turn whose text is unchanged; a changed turn is suggested afresh (its old decisions stay on the
    old version and are counted). ``intended_edit`` as for :func:`reanchor_codings`: a turn that became
    exactly its pseudonymised words keeps its decisions.
    """
    rows = conn.execute(
        """SELECT g.*, s.start AS seg_start, s.end AS seg_end FROM suggestions g JOIN segments s ON s.id = g.segment_id
           WHERE s.document_id = ? ORDER BY s.ordinal, g.code_id""", (old_document_id,)).fetchall()
    carry = SuggestionCarry()
    if not rows:
        return carry
    same_words_turn = _same_words_turns(conn, versions or VersionPair(conn, old_document_id, new_document_id),
                                        new_document_id, intended_edit)
    target: dict[tuple[int, int], int | None] = {}
    for row in rows:
        span = (row["seg_start"], row["seg_end"])
        if span not in target:
            target[span] = same_words_turn(*span)
        segment_id = target[span]
        if segment_id is None:
            carry.decisions_on_changed_turns += row["status"] not in ("pending", "candidate")
            continue
        cursor = conn.execute(
            """INSERT OR IGNORE INTO suggestions (segment_id, code_id, score, evidence, status, engine_version,
                                                  created_at, decided_at, decided_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (segment_id, row["code_id"], row["score"], row["evidence"], row["status"], row["engine_version"],
             row["created_at"], row["decided_at"], row["decided_by"]))
        carry.moved += cursor.rowcount
    return carry


@dataclass
class ReviewCarry:
    moved: int = 0  # "reviewed" / "no code applies" marks carried to the same turn text in the new version
    left: int = 0  # marks on turns whose words changed or went: the new turn is not reviewed yet


def reanchor_reviewed_turns(conn: sqlite3.Connection, old_document_id: int, new_document_id: int, *,
                            intended_edit: Callable[[str], str] | None = None,
                            versions: "VersionPair | None" = None) -> ReviewCarry:
    """Carry each coder's "reviewed" mark (`qualcode review done`, x in the TUI) to the turn of the new version
    with the same words.

    The mark says a coder read the turn and found no (more) code for it: the learned model reads it as "no
    code applies", agreement counts it, the home screen's progress shows it. A re-import lost every mark
    without a word. Like a suggestion decision, a mark is about the turn's words, so it follows only an
    unchanged turn; on a changed one it stays with the old version and is counted.
    """
    rows = conn.execute(
        """SELECT r.segment_id, r.coder, r.reviewed_at, s.start, s.end FROM segment_reviews r
           JOIN segments s ON s.id = r.segment_id WHERE s.document_id = ? ORDER BY s.ordinal, r.coder""",
        (old_document_id,)).fetchall()
    carry = ReviewCarry()
    if not rows:
        return carry
    same_words_turn = _same_words_turns(conn, versions or VersionPair(conn, old_document_id, new_document_id),
                                        new_document_id, intended_edit)
    for _, coder, reviewed_at, start, end in rows:
        segment_id = same_words_turn(start, end)
        if segment_id is None:
            carry.left += 1
            continue
        carry.moved += conn.execute("INSERT OR IGNORE INTO segment_reviews (segment_id, coder, reviewed_at) "
                                    "VALUES (?, ?, ?)", (segment_id, coder, reviewed_at)).rowcount
    return carry


def _same_words_turns(conn: sqlite3.Connection, versions: "VersionPair", new_document_id: int,
                      intended_edit: Callable[[str], str] | None) -> Callable[[int, int], int | None]:
    """For a turn's span in the old version, the id of the new version's turn with exactly its words (or its
    words as ``intended_edit`` made them), else None: where a suggestion decision or a review mark, both
    about a turn's words, may follow."""
    alignment = versions.alignment
    old_text, new_text = alignment.old, alignment.new
    new_segments = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT start, end, id FROM segments WHERE document_id = ?", (new_document_id,))}

    def same_words_turn(start: int, end: int) -> int | None:
        mapped = alignment.map_span(start, end, threshold=CHANGED_THRESHOLD, intended_edit=intended_edit)
        if mapped.outcome == "deleted":
            return None
        old_words, new_words = old_text[start:end], new_text[mapped.start:mapped.end]
        if new_words == old_words or (intended_edit is not None and new_words == intended_edit(old_words)):
            return new_segments.get((mapped.start, mapped.end))
        return None

    return same_words_turn


class VersionPair:
    """An old and a new version of a transcript: their texts read and aligned once, when first needed, for
    every kind of thing a re-import carries over (codings, suggestions, review marks, memos)."""

    def __init__(self, conn: sqlite3.Connection, old_document_id: int, new_document_id: int) -> None:
        self._conn, self._ids = conn, (old_document_id, new_document_id)

    @cached_property
    def alignment(self) -> TextAlignment:
        old, new = (self._conn.execute("SELECT text FROM documents WHERE id = ?", (i,)).fetchone()[0]
                    for i in self._ids)
        return TextAlignment(old, new)


@dataclass
class MemoCarry:
    document_memos: int = 0  # memos on the document: they are about the interview, whatever its version
    turn_memos_moved: int = 0  # memos on a turn whose words are still there (changed a little or not)
    turn_memos_left: int = 0  # memos on a turn the revision deleted: kept on the old version


def reanchor_memos(conn: sqlite3.Connection, old_document_id: int, new_document_id: int, *,
                   versions: "VersionPair | None" = None) -> MemoCarry:
    """Move the document's memos to the new version, and each turn memo to the turn now holding its words.

    Memos point at a document or segment by row id; left alone, a re-import would hide them on the
    superseded version (and ``DOC:N`` would name another turn of the new one).
    """
    carry = MemoCarry()
    carry.document_memos = conn.execute(
        "UPDATE memos SET target_id = ? WHERE target_type = 'document' AND target_id = ?",
        (str(new_document_id), str(old_document_id))).rowcount
    rows = conn.execute(
        """SELECT m.id, s.start, s.end FROM memos m JOIN segments s ON m.target_type = 'segment'
                  AND m.target_id = CAST(s.id AS TEXT) WHERE s.document_id = ? ORDER BY m.id""",
        (old_document_id,)).fetchall()
    if not rows:
        return carry
    alignment = (versions or VersionPair(conn, old_document_id, new_document_id)).alignment
    turns = TurnIndex([Turn(r[2], r[0], r[1]) for r in conn.execute(
        "SELECT start, end, id FROM segments WHERE document_id = ? ORDER BY ordinal", (new_document_id,))])
    for memo_id, start, end in rows:
        mapped = alignment.map_span(start, end, threshold=CHANGED_THRESHOLD)
        holders = [] if mapped.outcome == "deleted" else turns.overlapping(mapped.start, mapped.end)
        if not holders:
            carry.turn_memos_left += 1
            continue
        turn = max(holders, key=lambda t: min(t.end, mapped.end) - max(t.start, mapped.start))
        conn.execute("UPDATE memos SET target_id = ? WHERE id = ?", (str(turn.segment_id), memo_id))
        carry.turn_memos_moved += 1
    return carry


@dataclass(frozen=True)
class _OnTurn:
    start: int
    end: int
    outcome: str
    similarity: float
    segment_id: int | None = None


def _onto_one_turn(text: str, turns: TurnIndex, mapped: MappedSpan) -> _OnTurn:
    """The mapped span on one turn of the new version: a coding never lives without its turn.

    When the revision split a turn (a new speaker label inside a coded passage), the span is clipped to
    the turn holding most of its words and flagged as changed; with no turn words left it counts as deleted.
    """
    for turn in turns.overlapping(mapped.start, mapped.end):
        if turn.start <= mapped.start and mapped.end <= turn.end:  # the usual case: kept as it is
            return _OnTurn(mapped.start, mapped.end, mapped.outcome, mapped.similarity, turn.segment_id)
    placement = place_span(text, turns, mapped.start, mapped.end)
    if placement.kind == "skipped":
        return _OnTurn(mapped.start, mapped.end, "deleted", 0.0)
    piece = max(placement.pieces, key=lambda p: p.end - p.start)
    share = 100.0 * (piece.end - piece.start) / max(1, mapped.end - mapped.start)
    return _OnTurn(piece.start, piece.end, "changed", min(mapped.similarity, share), piece.segment_id)


def _copy_coding(conn: sqlite3.Connection, row: sqlite3.Row, document_id: int, start: int, end: int,
                 segment_id: int | None) -> int | None:
    cursor = conn.execute(
        """INSERT OR IGNORE INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at, memo)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (document_id, segment_id, start, end, row["code_id"], row["coder"], row["origin"],
         row["created_at"], row["memo"]),
    )
    if cursor.rowcount:
        return int(cursor.lastrowid)
    existing = conn.execute(
        "SELECT id FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ? AND coder = ?",
        (document_id, start, end, row["code_id"], row["coder"]),
    ).fetchone()
    return int(existing[0])


def _move_memos(conn: sqlite3.Connection, target_type: str, old_id: int, new_id: int | None) -> None:
    if new_id is not None:
        conn.execute("UPDATE OR IGNORE memos SET target_id = ? WHERE target_type = ? AND target_id = ?",
                     (str(new_id), target_type, str(old_id)))


def open_reviews(conn: sqlite3.Connection, *, document_id: int | None = None) -> list[sqlite3.Row]:
    where, params = ("AND r.document_id = ?", [document_id]) if document_id is not None else ("", [])
    return conn.execute(
        f"""SELECT r.*, d.name AS document FROM coding_reviews r JOIN documents d ON d.id = r.document_id
            WHERE r.status = 'open' {where} ORDER BY r.document_id, r.id""", params).fetchall()


def resolve_review(conn: sqlite3.Connection, review_id: int) -> None:
    from qualcode.core.errors import NotFoundError

    if not conn.execute("UPDATE coding_reviews SET status = 'resolved' WHERE id = ?", (review_id,)).rowcount:
        raise NotFoundError(f"no review with id {review_id}; `qualcode review` lists the open ones")


def resolve_reviews(conn: sqlite3.Connection, review_ids: Sequence[int]) -> int:
    """Mark flagged codings resolved, all in one transaction (an unknown id changes nothing)."""
    from qualcode.storage.db import transaction

    with transaction(conn):
        for review_id in review_ids:
            resolve_review(conn, review_id)
    return len(review_ids)
