"""Real names outside the transcripts: memos, coding notes, attributes and the history of changes.

Rewriting the transcripts is not enough: a memo ("王芳 said she would drop
out"), a coding's note, a front-matter attribute (``interviewer: 李老师``) and
the history payloads (which keep old memo texts so undo can bring them back)
all travel in a ``.qdpx`` or sit in the database a colleague receives. Each
text column and every string inside a JSON column is rewritten with the same
placeholders, in one transaction; the counts go into the report.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from qualcode.core.names import NameEntry, find_names, replace_names
from qualcode.storage.db import transaction

# (table, column, is JSON): the columns a name can sit in besides document texts
TEXT_COLUMNS = (("memos", "text", False), ("codings", "memo", False), ("history", "payload", True),
                ("documents", "attributes", True), ("cases", "attributes", True))


def scrub_database(conn: sqlite3.Connection, entries: list[NameEntry]) -> Counter:
    """Replace every listed name in those columns; returns the replacements per ``table.column``."""
    counts: Counter = Counter()
    with transaction(conn):
        for table, column, is_json in TEXT_COLUMNS:
            rows = conn.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
            for row_id, value in rows:
                new, replaced = (_scrub_json if is_json else _scrub_text)(value, entries)
                if replaced:
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (new, row_id))
                    counts[f"{table}.{column}"] += replaced
    return counts


def rows_with_names(conn: sqlite3.Connection, entries: list[NameEntry]) -> list[str]:
    """``table.column`` (row id): names, for every row of those columns that still holds one."""
    found = []
    for table, column, _ in TEXT_COLUMNS:
        for row_id, value in conn.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"):
            names = sorted({hit.found for hit in find_names(str(value), entries)})
            if names:
                found.append(f"{table}.{column} ({row_id}): {', '.join(names)}")
    return found


def _scrub_text(text: str, entries: list[NameEntry]) -> tuple[str, int]:
    hits = find_names(text, entries)
    return (replace_names(text, hits), len(hits)) if hits else (text, 0)


def _scrub_json(text: str, entries: list[NameEntry]) -> tuple[str, int]:
    if not find_names(text, entries):
        return text, 0
    try:
        data = json.loads(text)
    except ValueError:
        return _scrub_text(text, entries)
    replaced = Counter()

    def walk(value):
        if isinstance(value, str):
            new, n = _scrub_text(value, entries)
            replaced["n"] += n
            return new
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}  # keys are field names, never data
        return value

    data = walk(data)
    return json.dumps(data, ensure_ascii=False), replaced["n"]
