"""Per-document progress of `qualcode suggest`, so an interrupted run resumes.

A row says: this document's suggestions were written, in one transaction,
by this engine version with this keyword fingerprint. A later run skips the
document unless the engine, the codebooks' keywords or the [nlp] settings
changed (the fingerprint covers all three).
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE suggest_progress (
    document_id    INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    engine_version TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,   -- engine + keywords + settings
    segments       INTEGER NOT NULL,
    suggestions    INTEGER NOT NULL,
    finished_at    TEXT NOT NULL
);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
