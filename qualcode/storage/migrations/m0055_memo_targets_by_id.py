"""Memos on a document or on the project stored one way.

A .qdpx import stored a document memo under the document's name and a project memo under "project",
while the CLI and the TUI store a document's row id and "" (and the CLI kept whatever was typed for the
project: "."). A name-keyed memo was not found by "go there" in the TUI and did not follow a revised
transcript to its new version; here each is rewritten to the current document's id, and every project
memo to "". A name no current document has is left as it is (nothing to point at).
"""

from __future__ import annotations

import sqlite3


def apply(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE memos SET target_id = '' WHERE target_type = 'project' AND target_id != ''")
    conn.execute(
        """UPDATE memos SET target_id = (SELECT CAST(d.id AS TEXT) FROM documents d
                                         WHERE d.name = memos.target_id AND d.is_current = 1)
           WHERE target_type = 'document' AND target_id NOT GLOB '[0-9]*'
             AND EXISTS (SELECT 1 FROM documents d WHERE d.name = memos.target_id AND d.is_current = 1)""")
