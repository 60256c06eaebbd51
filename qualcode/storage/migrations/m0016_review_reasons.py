"""Two more reasons a coding is flagged for review: `doctor --repair` clipped or split it.

Older versions could store a coding whose span ran past its turn or that was
attached to no turn. The repair clips such a coding to its turn ("clipped") or
cuts it into one coding per overlapped turn ("split"), and flags each result in
``coding_reviews`` so `qualcode review` and the TUI list it. SQLite cannot
change a CHECK constraint in place, so the table is rebuilt with every row kept.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE coding_reviews_new (
    id              INTEGER PRIMARY KEY,
    coding_id       INTEGER REFERENCES codings(id) ON DELETE SET NULL,
    old_coding_id   INTEGER,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    old_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id         TEXT NOT NULL,
    coder           TEXT NOT NULL,
    old_text        TEXT NOT NULL,
    new_text        TEXT,
    reason          TEXT NOT NULL CHECK (reason IN ('changed', 'deleted', 'clipped', 'split')),
    similarity      REAL NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at      TEXT NOT NULL
);
INSERT INTO coding_reviews_new SELECT id, coding_id, old_coding_id, document_id, old_document_id, code_id,
    coder, old_text, new_text, reason, similarity, status, created_at FROM coding_reviews;
DROP TABLE coding_reviews;
ALTER TABLE coding_reviews_new RENAME TO coding_reviews;
CREATE INDEX coding_reviews_open ON coding_reviews(status, document_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
