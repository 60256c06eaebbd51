"""Speaker roles the researcher set for a document (``qualcode import --speakers "Mary=interviewer"``).

Kept per document name, so a later plain ``qualcode import`` of the same files applies them again
instead of quietly going back to what inference chose (which would re-split the document).
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS speaker_overrides (
    document_name TEXT NOT NULL,
    speaker TEXT NOT NULL,        -- as compared: white space collapsed, case folded
    value TEXT NOT NULL,          -- interviewer | participant | other | text | a case id
    name TEXT NOT NULL,           -- the speaker as the researcher wrote it
    PRIMARY KEY (document_name, speaker)
);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
