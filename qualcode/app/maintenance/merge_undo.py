"""Undo and redo of a code merge: the rows it changed come back as they were, the codebook file byte for byte.

Before a merge changes anything, :func:`snapshot` copies every row it is about to
touch (the source's codings, suggestions, reviews and memos, the target's
duplicates that absorb them, the memos on all of those). Undo writes those rows
back: a row the merge kept is restored in place -- only while it is exactly as the
merge left it (:func:`kept_rows`), else nothing is undone, so no later edit is lost -- and
a row it deleted is inserted again, under a fresh id when SQLite has handed its
old one to something new since (memos and reviews that point at such a coding
follow it). The file goes back last, and only when it still holds the merged
text, so a codebook edited by hand since is never overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from qualcode.core.errors import ConflictError

# Tables in restore order: codings first, so memos and reviews can follow a coding that got a new id.
TABLES = ("codings", "suggestions", "memos", "coding_reviews")


def _rows(conn: sqlite3.Connection, sql: str, params: tuple) -> list[dict]:
    return [dict(row) for row in conn.execute(sql, params)]


def snapshot(conn: sqlite3.Connection, source: str, target: str) -> dict[str, list[dict]]:
    """Every row a merge of ``source`` into ``target`` may change or delete, as it is now."""
    codings = _rows(conn, """SELECT * FROM codings WHERE code_id = ? OR (code_id = ? AND EXISTS (
                                 SELECT 1 FROM codings s WHERE s.code_id = ? AND s.document_id = codings.document_id
                                 AND s.start = codings.start AND s.end = codings.end AND s.coder = codings.coder))
                             ORDER BY id""", (source, target, source))
    coding_ids = [str(row["id"]) for row in codings]
    marks = ",".join("?" * len(coding_ids)) or "NULL"
    suggestions = _rows(conn, """SELECT * FROM suggestions WHERE code_id = ? OR (code_id = ? AND segment_id IN (
                                     SELECT segment_id FROM suggestions WHERE code_id = ?)) ORDER BY id""",
                        (source, target, source))
    memos = _rows(conn, f"""SELECT * FROM memos WHERE (target_type = 'code' AND target_id IN (?, ?))
                            OR (target_type = 'coding' AND target_id IN ({marks})) ORDER BY id""",
                  (source, target, *coding_ids))
    reviews = _rows(conn, f"SELECT * FROM coding_reviews WHERE code_id = ? OR coding_id IN ({marks}) ORDER BY id",
                    (source, *[int(i) for i in coding_ids]))
    return {"codings": codings, "suggestions": suggestions, "memos": memos, "coding_reviews": reviews}


def deleted_ids(conn: sqlite3.Connection, rows: Mapping[str, list[dict]]) -> dict[str, list[int]]:
    """Which of the snapshot's rows the merge deleted (asked right after it, in its transaction)."""
    gone: dict[str, list[int]] = {}
    for table in TABLES:
        ids = [row["id"] for row in rows.get(table, [])]
        present = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(ids))})",
                                               ids)} if ids else set()
        gone[table] = [i for i in ids if i not in present]
    return gone


def kept_rows(conn: sqlite3.Connection, rows: Mapping[str, list[dict]],
              deleted: Mapping[str, list[int]]) -> dict[str, list[dict]]:
    """The snapshot's rows the merge kept, as the merge left them (asked right after it, in its transaction):
    undo restores a row only while it is still exactly so, so nobody's later edit is overwritten."""
    kept: dict[str, list[dict]] = {}
    for table in TABLES:
        ids = [row["id"] for row in rows.get(table, []) if row["id"] not in set(deleted.get(table, []))]
        kept[table] = _rows(conn, f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(ids))})",
                            tuple(ids)) if ids else []
    return kept


def restore(conn: sqlite3.Connection, rows: Mapping[str, list[dict]], deleted: Mapping[str, list[int]],
            merged: Mapping[str, list[dict]], what: str) -> None:
    """Put every snapshot row back (inside the caller's transaction); ConflictError when one changed since."""
    new_coding_ids: dict[int, int] = {}
    changed = 0
    try:
        for table in TABLES:
            gone = set(deleted.get(table, []))
            as_merged = {row["id"]: row for row in merged.get(table, [])}
            for row in rows.get(table, []):
                row = _follow(table, dict(row), new_coding_ids)
                if row["id"] in gone:
                    new_id = _insert(conn, table, row)
                    if table == "codings" and new_id != row["id"]:
                        new_coding_ids[row["id"]] = new_id
                elif row["id"] not in as_merged or not _update_unchanged_row(conn, table, row, as_merged[row["id"]]):
                    changed += 1
    except sqlite3.IntegrityError as error:
        raise ConflictError(f"{what} cannot be undone: the project has changed since ({error}); nothing undone") \
            from None
    if changed:
        raise ConflictError(f"{what} cannot be undone: {changed} of the codings, suggestions or memos it changed "
                            "were changed or deleted since; nothing undone")


def _follow(table: str, row: dict, new_coding_ids: Mapping[int, int]) -> dict:
    """Point a memo or review at the id its coding came back under."""
    if table == "memos" and row["target_type"] == "coding" and int(row["target_id"]) in new_coding_ids:
        row["target_id"] = str(new_coding_ids[int(row["target_id"])])
    if table == "coding_reviews" and row.get("coding_id") in new_coding_ids:
        row["coding_id"] = new_coding_ids[row["coding_id"]]
    return row


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    """Insert under the row's own id, or a fresh one when that id is taken now; returns the id used."""
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone() is not None:
        row = {k: v for k, v in row.items() if k != "id"}
    columns = list(row)
    cursor = conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                          [row[c] for c in columns])
    return int(cursor.lastrowid)


def _update_unchanged_row(conn: sqlite3.Connection, table: str, row: dict, merged: dict) -> bool:
    """Write ``row`` back over the row with its id only while that row is exactly as the merge left it."""
    columns = [c for c in row if c != "id"]
    cursor = conn.execute(
        f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ? AND "
        + " AND ".join(f"{c} IS ?" for c in merged if c != "id"),
        [*(row[c] for c in columns), row["id"], *(merged[c] for c in merged if c != "id")])
    return cursor.rowcount == 1
