"""REFI-QDA interoperability: the GUIDs other tools gave our entities, and coders as users.

``interop_guids`` remembers the GUID a code, user, case, document or variable
had in an imported ``.qdpx``/``.qdc``, so exporting again gives the other
tool back the GUIDs it knows (and re-importing maps onto what is already
here). ``coders`` keeps the users of an imported project even when none of
their codings could be imported (a REFI-QDA project's users are its coders).
"""

from __future__ import annotations

import sqlite3

from qualcode.storage.db import run_script

SCHEMA = """
CREATE TABLE interop_guids (
    entity TEXT NOT NULL CHECK (entity IN ('code', 'user', 'case', 'document', 'variable')),
    key    TEXT NOT NULL,              -- code id, coder name, case id, document name, variable name
    guid   TEXT NOT NULL,              -- as the other tool wrote it
    PRIMARY KEY (entity, key)
);
CREATE INDEX interop_guids_guid ON interop_guids(entity, guid);

CREATE TABLE coders (
    name     TEXT PRIMARY KEY,
    origin   TEXT NOT NULL,            -- where we learnt of this coder, e.g. "REFI-QDA: ATLAS.ti 8.4"
    added_at TEXT NOT NULL
);
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA)
