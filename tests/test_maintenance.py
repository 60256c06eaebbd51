"""backup and doctor on real databases, including damaged ones."""

from __future__ import annotations

import sqlite3

from qualcode.app import api
from qualcode.app.maintenance.backup_doctor import backup, doctor
from qualcode.storage import repository as repo


def test_backup_defaults_to_exports_and_is_consistent(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    path = backup(project)
    assert path.parent == project.root / "exports"
    copy = sqlite3.connect(path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM segments").fetchone()[0] == 6


def test_doctor_is_quiet_on_a_healthy_project(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    assert doctor(project) == []


def test_doctor_explains_offsets_orphans_and_undefined_codes(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    document = repo.get_document(project.conn, "S01_pre")
    segment = repo.list_segments(project.conn, document.id)[1]
    coding = api.toggle_code(project, segment.id, "AD_EXAM")
    conn = project.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE codings SET end = 99999 WHERE id = ?", (coding.id,))
    conn.execute("INSERT INTO codings (document_id, start, end, code_id, coder, origin, created_at) "
                 "VALUES (4242, 0, 1, 'GONE_CODE', 'A', 'manual', 'now')")
    conn.execute("INSERT INTO codes (id, codebook, active) VALUES ('GONE_CODE', 'old', 0)")
    conn.execute("PRAGMA foreign_keys = ON")
    checks = {f.check: f for f in doctor(project)}
    assert "99999" in checks["offsets"].problem
    assert "documents" in checks["orphans"].problem
    assert "GONE_CODE" in checks["codebook"].problem and "no codebook defines" in checks["codebook"].problem
