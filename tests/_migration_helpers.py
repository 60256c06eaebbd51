"""An old project database for migration tests: every migration before a given one, and one document."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path


def database_before(path: Path, migration: str, *, text: str = "中考失利") -> sqlite3.Connection:
    """A plain connection to a new database at ``path`` holding the schema of every migration named
    before ``migration`` (recorded as applied) and document 1, ``S01_pre``, with ``text``."""
    from qualcode.storage import db

    before = [name for name in db.available_migrations() if name < migration]
    old = sqlite3.connect(path)
    for name in before:
        importlib.import_module(f"qualcode.storage.migrations.{name}").apply(old)
    old.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    old.executemany("INSERT INTO schema_migrations VALUES (?, 'then')", [(name,) for name in before])
    old.execute("INSERT INTO documents (id, name, path, sha256, language, encoding, text, imported_at) "
                "VALUES (1, 'S01_pre', 'S01_pre.txt', 'h', 'zh', 'utf-8', ?, 'then')", (text,))
    return old
