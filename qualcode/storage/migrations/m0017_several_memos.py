"""Several memos per target and author: a second memo adds to the first instead of replacing it.

SQLite cannot drop a UNIQUE constraint, so the table is rebuilt with the same rows and ids.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE memos_several (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    target_type TEXT NOT NULL CHECK (target_type IN ('project', 'document', 'case', 'code', 'coding', 'segment')),
    target_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO memos_several (id, target_type, target_id, text, author, created_at, updated_at)
    SELECT id, target_type, target_id, text, author, created_at, updated_at FROM memos;
DROP TABLE memos;
ALTER TABLE memos_several RENAME TO memos;
CREATE INDEX memos_target ON memos(target_type, target_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
