"""An index on each coding's document, code and span.

A pending suggestion whose turn already has its code (coded by hand, or by another coder) is read
as ``coded``, not pending (``qualcode.storage.suggestions._CODED``): every count and listing of
pending suggestions asks, per pending row, whether a coding of that code in that document lies on
the turn or overlaps it. With this index that is one seek to the (document, code) pair and a few
index entries, answered from the index alone (segment id, start and end are in it); without it,
`status` and the home screen read every coding of the document once per pending suggestion.
"""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX IF NOT EXISTS codings_document_code "
                 "ON codings(document_id, code_id, start, end, segment_id)")
