"""Codings that need a researcher's eye after a transcript was revised."""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE coding_reviews (
    id              INTEGER PRIMARY KEY,
    coding_id       INTEGER REFERENCES codings(id) ON DELETE SET NULL, -- the coding as it stands now
    old_coding_id   INTEGER,                  -- the coding on the previous version (kept there)
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- the new version
    old_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id         TEXT NOT NULL,
    coder           TEXT NOT NULL,
    old_text        TEXT NOT NULL,
    new_text        TEXT,
    reason          TEXT NOT NULL CHECK (reason IN ('changed', 'deleted')),
    similarity      REAL NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at      TEXT NOT NULL
);
CREATE INDEX coding_reviews_open ON coding_reviews(status, document_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
