"""The database layer on a real SQLite file."""

from __future__ import annotations

import importlib
import sqlite3
import stat

import pytest

from qualcode.core.errors import ProjectError
from qualcode.storage import db


def test_new_database_is_wal_with_foreign_keys_and_private(tmp_path):
    path = tmp_path / "project.db"
    conn = db.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    assert applied == set(db.available_migrations())
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO segments (document_id, ordinal, start, end, role) VALUES (999, 1, 0, 1, 'other')")


def test_pending_migrations_run_after_a_backup_of_the_old_database(tmp_path):
    path = tmp_path / "project.db"
    first = db.available_migrations()[0]
    old = sqlite3.connect(path)
    importlib.import_module(f"qualcode.storage.migrations.{first}").apply(old)
    old.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    old.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (first,))
    old.execute("INSERT INTO cases (id) VALUES ('S01')")
    old.commit()
    old.close()

    conn = db.connect(path)
    applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    assert applied == set(db.available_migrations()) and len(applied) > 1
    [backup] = list((tmp_path / "backups").glob("before-*.db"))
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT id FROM cases").fetchall() == [("S01",)]
    assert {r[0] for r in copy.execute("SELECT name FROM schema_migrations")} == {first}
    assert conn.execute("SELECT id FROM cases").fetchall()[0][0] == "S01"


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "project.db"
    path.write_bytes(b"this is a text file, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not a SQLite database"):
        db.connect(path)
    assert path.read_bytes() == before


def test_transaction_rolls_back_on_error(tmp_path):
    conn = db.connect(tmp_path / "p.db")
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            conn.execute("INSERT INTO cases (id) VALUES ('S09')")
            raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_backup_is_a_consistent_private_copy(tmp_path):
    conn = db.connect(tmp_path / "p.db")
    with db.transaction(conn):
        conn.execute("INSERT INTO cases (id) VALUES ('S02')")
    target = db.backup_to(conn, tmp_path / "out" / "copy.db")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT id FROM cases").fetchall() == [("S02",)]
