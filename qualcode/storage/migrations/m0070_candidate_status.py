"""A fourth suggestion status, ``candidate``: a turn's ranked codes below ``min_score``.

The learned engine ranks every code for a participant turn; the best few that clear a low
floor but not ``min_score`` are worth showing in order ("what else might this be?"), but
must never be counted as pending, listed for review or taken by a bulk accept. They get a
status of their own, so every existing query that reads ``status = 'pending'`` keeps its
meaning. SQLite cannot change a CHECK constraint in place, so the table is rebuilt with
every row (and id) kept, and its indexes are made again.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE suggestions_new (
    id             INTEGER PRIMARY KEY,
    segment_id     INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    code_id        TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
    score          REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    evidence       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'accepted', 'rejected', 'candidate')),
    engine_version TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    decided_at     TEXT,
    decided_by     TEXT,
    UNIQUE (segment_id, code_id)
);
INSERT INTO suggestions_new (id, segment_id, code_id, score, evidence, status, engine_version, created_at,
                             decided_at, decided_by)
    SELECT id, segment_id, code_id, score, evidence, status, engine_version, created_at, decided_at, decided_by
    FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_new RENAME TO suggestions;
CREATE INDEX suggestions_status ON suggestions(status);
CREATE INDEX suggestions_status_segment ON suggestions(status, segment_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
