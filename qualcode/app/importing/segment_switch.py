"""Replacing a document's segments in place, with everything that hangs on them.

The text does not change, so a coding keeps its exact characters: only the turn it belongs to is looked
up again. A coding no single new turn contains (a turn was split inside it) keeps its characters with no
turn; it is counted, `qualcode doctor` lists it, and undo puts it back on its turn. Segments with the
same span keep their id (and their suggestions, reviewed marks and memos); a memo on a segment that is
gone moves to the new turn that overlaps it most. What cannot follow (suggestions and reviewed marks of
turns that are gone) is kept in the history event, so undo restores it exactly.
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass, field

from qualcode.core.errors import ConflictError

SEGMENT_COLUMNS = ("id", "start", "end", "speaker", "role", "case_id", "start_time")


@dataclass
class Switch:
    segments: list[list]  # the new segments in order, each SEGMENT_COLUMNS with its id
    removed: dict[str, list[dict]] = field(default_factory=dict)  # rows that hung on segments now gone
    moved_memos: list[list] = field(default_factory=list)  # [memo id, old segment id, new segment id]
    codings_moved: int = 0  # on another turn now, same characters
    unplaced: list[int] = field(default_factory=list)  # coding ids on no single turn


def segment_state(conn: sqlite3.Connection, document_id: int) -> list[list]:
    return [list(row) for row in conn.execute(
        f"SELECT {', '.join(SEGMENT_COLUMNS)} FROM segments WHERE document_id = ? ORDER BY ordinal", (document_id,))]


def coding_turns(conn: sqlite3.Connection, document_id: int) -> dict[str, int | None]:
    """Coding id (as a JSON key) -> its segment id."""
    return {str(row[0]): row[1] for row in conn.execute(
        "SELECT id, segment_id FROM codings WHERE document_id = ?", (document_id,))}


def switch_segments(conn: sqlite3.Connection, document_id: int, target: list[list]) -> Switch:
    """Make ``target`` (SEGMENT_COLUMNS rows; id None: keep the id of a segment with the same span, or a
    new one) the document's segments; codings follow their characters. Inside the caller's transaction."""
    current = {row[0]: row for row in segment_state(conn, document_id)}
    by_span = {(row[1], row[2]): row[0] for row in current.values()}
    resolved = [[row[0] if row[0] is not None else by_span.get((row[1], row[2])), *row[1:]] for row in target]
    kept = {row[0] for row in resolved if row[0] is not None}
    gone = [segment_id for segment_id in current if segment_id not in kept]
    result = Switch(resolved, removed=dependents(conn, gone))
    _ensure_cases(conn, {row[5] for row in resolved if row[5]})
    conn.execute("UPDATE segments SET ordinal = -ordinal WHERE document_id = ?", (document_id,))  # free the numbers
    _delete(conn, gone)
    for ordinal, row in enumerate(resolved, start=1):
        if row[0] in current:
            conn.execute("UPDATE segments SET ordinal = ?, speaker = ?, role = ?, case_id = ?, start_time = ? "
                         "WHERE id = ?", (ordinal, row[3], row[4], row[5], row[6], row[0]))
        else:
            row[0] = _insert(conn, document_id, ordinal, row)
    result.moved_memos = _move_segment_memos(conn, result.removed.get("memos", []), current, resolved)
    result.codings_moved, result.unplaced = place_codings(conn, document_id, resolved)
    return result


def dependents(conn: sqlite3.Connection, segment_ids: list[int]) -> dict[str, list[dict]]:
    """Suggestions, reviewed marks and memos of these segments, as rows to put back."""
    if not segment_ids:
        return {}
    marks = ",".join("?" * len(segment_ids))
    found = {
        "suggestions": conn.execute(f"SELECT * FROM suggestions WHERE segment_id IN ({marks}) ORDER BY id",
                                    segment_ids).fetchall(),
        "segment_reviews": conn.execute(f"SELECT * FROM segment_reviews WHERE segment_id IN ({marks})",
                                        segment_ids).fetchall(),
        "memos": conn.execute(f"SELECT * FROM memos WHERE target_type = 'segment' AND target_id IN ({marks}) "
                              "ORDER BY id", [str(i) for i in segment_ids]).fetchall(),
    }
    return {table: [dict(row) for row in rows] for table, rows in found.items() if rows}


def restore_rows(conn: sqlite3.Connection, removed: dict[str, list[dict]]) -> None:
    """Put back rows :func:`dependents` took, with their ids."""
    for table, rows in removed.items():
        for row in rows:
            columns = list(row)
            try:
                conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             [row[c] for c in columns])
            except sqlite3.IntegrityError:
                raise ConflictError(f"a {table} row to restore is taken by a later change; "
                                    "nothing was changed") from None


def place_codings(conn: sqlite3.Connection, document_id: int, segments: list[list]) -> tuple[int, list[int]]:
    """Each coding onto the first turn containing its characters; (how many changed turn, ids on none)."""
    moved, unplaced, updates = 0, [], []
    spans = sorted((row[1], row[2], row[0]) for row in segments)  # turns do not overlap: one candidate each
    starts = [span[0] for span in spans]
    for coding_id, start, end, segment_id in conn.execute(
            "SELECT id, start, end, segment_id FROM codings WHERE document_id = ? ORDER BY id", (document_id,)):
        index = bisect.bisect_right(starts, start) - 1
        target = spans[index][2] if index >= 0 and end <= spans[index][1] else None
        if target is None:
            unplaced.append(coding_id)
        if target != segment_id:
            moved += target is not None
            updates.append((target, coding_id))
    conn.executemany("UPDATE codings SET segment_id = ? WHERE id = ?", updates)
    return moved, unplaced


def set_coding_turns(conn: sqlite3.Connection, turns: dict[str, int | None]) -> None:
    """Codings back on exactly the turns they had (those still present)."""
    conn.executemany("UPDATE codings SET segment_id = ? WHERE id = ?",
                     [(segment_id, int(coding_id)) for coding_id, segment_id in turns.items()])


def _delete(conn: sqlite3.Connection, segment_ids: list[int]) -> None:
    if not segment_ids:
        return
    marks = ",".join("?" * len(segment_ids))
    # suggestions and reviewed marks go with their segment (ON DELETE CASCADE); codings are placed again below
    conn.execute(f"DELETE FROM segments WHERE id IN ({marks})", segment_ids)


def _insert(conn: sqlite3.Connection, document_id: int, ordinal: int, row: list) -> int:
    columns = ["document_id", "ordinal", "start", "end", "speaker", "role", "case_id", "start_time"]
    values = [document_id, ordinal, *row[1:]]
    if row[0] is not None:  # redo and undo bring a segment back under its old id
        columns.insert(0, "id")
        values.insert(0, row[0])
    try:
        cursor = conn.execute(f"INSERT INTO segments ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                              values)
    except sqlite3.IntegrityError:
        raise ConflictError(f"segment {row[0]} is taken by a later change; nothing was changed") from None
    return int(cursor.lastrowid)


def _ensure_cases(conn: sqlite3.Connection, case_ids: set[str]) -> None:
    from qualcode.core.models import Case
    from qualcode.storage import repository as repo

    for case_id in sorted(case_ids):
        if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
            repo.upsert_case(conn, Case(id=case_id))


def _move_segment_memos(conn: sqlite3.Connection, memos: list[dict], old: dict[int, list],
                        new: list[list]) -> list[list]:
    """A memo on a turn that is gone goes to the new turn overlapping it most; where that turn has a memo by
    the same author already, it is taken out, counted, and kept in the history event (undo brings it back)."""
    moved = []
    for memo in memos:
        before = old[int(memo["target_id"])]
        overlaps = [(min(before[2], row[2]) - max(before[1], row[1]), row[0]) for row in new]
        share, target = max(overlaps, default=(0, None))
        if target is None or share <= 0:
            continue
        if conn.execute("UPDATE OR IGNORE memos SET target_id = ? WHERE id = ?", (str(target), memo["id"])).rowcount:
            moved.append([memo["id"], int(memo["target_id"]), target])
    moved_ids = {entry[0] for entry in moved}
    memos[:] = [m for m in memos if m["id"] not in moved_ids]
    conn.executemany("DELETE FROM memos WHERE id = ?", [(m["id"],) for m in memos])  # kept in the event for undo
    return moved
