"""An index on the case of each document.

Every imported file asks whether another current document is the same participant in the same wave
(two files of one interview, or one interview twice: both count for the case, so the import says so).
Without an index that question read every document, once per file: an import of 100,000 survey
answers grew with the square of its size and did not finish in ten minutes.
"""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX IF NOT EXISTS documents_case ON documents(case_id, is_current)")
