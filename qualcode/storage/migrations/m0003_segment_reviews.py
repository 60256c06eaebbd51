"""Segments a coder has reviewed and found no code for (the TUI's `x` key).

Progress in the TUI counts a participant segment as reviewed when it has a
coding or a row here, so "nothing applies" is recorded work, not a gap.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE segment_reviews (
    segment_id  INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    coder       TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, coder)
)
"""


def apply(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA)
