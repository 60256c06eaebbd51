"""Indexes for the per-document counts that `status` and the TUI home screen show.

Without them each count was a correlated subquery per document that scanned
every pending suggestion (documents x suggestions). With them every count is
one GROUP BY pass that reads an index in document order: linear in the rows.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE INDEX IF NOT EXISTS segments_document_role ON segments(document_id, role);
CREATE INDEX IF NOT EXISTS suggestions_status_segment ON suggestions(status, segment_id);
CREATE INDEX IF NOT EXISTS codings_document_segment ON codings(document_id, segment_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
