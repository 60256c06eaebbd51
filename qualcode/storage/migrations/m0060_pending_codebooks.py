"""A journal of codebook files whose database rows are committed but whose file is not yet in place.

An import that creates codes writes their YAML under a temporary ``.part`` name,
commits the codes and everything that uses them in one transaction together with
a row here, and only then renames the file. A kill between the commit and the
rename leaves this row; the next command finishes the rename (see
:mod:`qualcode.app.codebook_staging`). Without the row a kill there would leave
codings pointing at codes no YAML defines, and a kill before the commit would
leave a YAML whose codes the database never saw.
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending_codebooks (
    path       TEXT PRIMARY KEY,  -- the codebook file, relative to the project root
    part       TEXT NOT NULL,     -- the finished temporary file that becomes it
    sha256     TEXT NOT NULL,     -- of the part's bytes: only that exact file is renamed
    created_at TEXT NOT NULL
);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
