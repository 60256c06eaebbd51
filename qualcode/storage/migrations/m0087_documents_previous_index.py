"""An index on the version each document replaced (``previous_id``).

Undoing an import removes the documents it added: each removal asks whether a later version points at the
document (the foreign key of ``previous_id``), and so does the check before it. Without an index each question
read every document, once per document removed: undoing an import of 10,000 one-answer files took 18 s.
"""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX IF NOT EXISTS documents_previous ON documents(previous_id)")
