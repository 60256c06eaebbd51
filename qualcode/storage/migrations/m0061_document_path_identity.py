"""Documents are found by their path in the project (issue 18 item 3), so index that lookup.

Until now an import looked a file up by its name (the file stem), which made
``wave1/S01.txt`` and ``wave2/S01.txt`` one document. The stored ``path`` was
always the file's path relative to the project root, so existing rows need no
change: only the lookup by current path needs its index.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE INDEX IF NOT EXISTS documents_current_path ON documents(path, is_current);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
