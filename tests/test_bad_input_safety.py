"""Bad input around the project itself: its database, settings, codebook files and the safety commands.

Each gives one line naming the file, exit code 2, and leaves the project as it was.
"""

from __future__ import annotations

import sqlite3

import pytest

from qualcode.app import api
from qualcode.core.errors import CodebookError, NotFoundError


@pytest.fixture
def imported(project, chinese_transcript):
    assert not api.import_paths(project, [chinese_transcript]).errors
    return project


def _db_files(project):
    return list(project.db_path.parent.glob("project.db*"))


def test_a_truncated_database_is_refused_with_where_the_backups_are(imported, run_cli):
    backup = imported.root.parent / "copy.db"
    assert run_cli("--project", imported.root, "backup", "--out", backup).exit_code == 0
    imported.close()
    for path in _db_files(imported):
        path.unlink()
    data = backup.read_bytes()
    imported.db_path.write_bytes(data[: len(data) // 2])  # a disk that filled up, a copy cut short
    for command in ("status", "doctor"):
        result = run_cli("--project", imported.root, command)
        assert result.exit_code == 2
        assert result.err.strip() == (
            f"qualcode: error: {imported.db_path}: the project database is damaged (database disk image is "
            "malformed); restore the newest backup (.qualcode/backups/ or exports/backup-*.db) after keeping a "
            "copy of this file")
    assert imported.db_path.read_bytes() == data[: len(data) // 2]  # left exactly as it was


def test_a_folder_where_the_database_should_be(project, run_cli):
    project.close()
    for path in _db_files(project):
        path.unlink()
    project.db_path.mkdir()
    result = run_cli("--project", project.root, "status")
    assert result.exit_code == 2
    assert result.err.startswith(f"qualcode: error: {project.db_path}: is a folder, not the project database;")


def test_a_database_from_a_newer_qualcode_is_not_written_to(project, run_cli):
    project.conn.execute("INSERT INTO schema_migrations VALUES ('m0099_future', 'later')")
    before = project.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    result = run_cli("--project", project.root, "status")
    assert result.exit_code == 2
    assert result.err.strip() == (f"qualcode: error: {project.db_path}: this project was changed by a newer qualcode "
                                  "(schema m0099_future); update qualcode to open it")
    assert project.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == before


def test_malformed_toml_settings_name_the_file(project, run_cli):
    (project.root / "qualcode.toml").write_text('[project]\nname = "study"\ncoder = \n', encoding="utf-8")
    result = run_cli("--project", project.root, "status")
    assert result.exit_code == 2
    assert result.err.strip() == (f"qualcode: error: {project.root / 'qualcode.toml'}:3:9: invalid TOML: "
                                  "Invalid value (at line 3, column 9)")


def test_a_codebook_file_deleted_while_the_project_is_open(imported, run_cli):
    """The TUI holds the project open; the researcher deletes a codebook file meanwhile. Coding goes on with
    the codes already in the database; the next command that reads the codebooks says what is wrong."""
    segment = imported.conn.execute("SELECT id FROM segments WHERE ordinal = 2").fetchone()[0]
    api.code_segment(imported, segment, "PF_GOAL", coder="A")
    (imported.root / "codebooks" / "needs-themes.yaml").unlink()
    api.toggle_code(imported, segment, "AD_EXAM", coder="A")
    result = run_cli("--project", imported.root, "status")
    assert result.exit_code == 2
    book = imported.root / "codebooks" / "resilience-protective-factors.yaml"
    assert result.err.startswith(f"qualcode: error: {book}:")
    assert "code 'PF_GOAL': negated_suggests names unknown code 'AD_CONFUSION'" in result.err
    with pytest.raises(CodebookError):
        api.sync_codes(imported)
    # nothing was lost: both codings are there, and the codes stay usable until the file is back
    assert sorted(r[0] for r in imported.conn.execute("SELECT code_id FROM codings")) == ["AD_EXAM", "PF_GOAL"]


def test_codings_whose_codebook_was_deleted_are_kept_and_reported(imported, run_cli):
    segment = imported.conn.execute("SELECT id FROM segments WHERE ordinal = 2").fetchone()[0]
    api.code_segment(imported, segment, "PF_GOAL", coder="A")
    # the protective factors refer to needs-themes, not the other way round: needs-themes alone is valid
    (imported.root / "codebooks" / "resilience-protective-factors.yaml").unlink()
    with pytest.raises(NotFoundError, match="no code 'PF_FAMILY' in the project's codebooks"):
        api.sync_codes(imported)
        api.toggle_code(imported, segment, "PF_FAMILY", coder="A")
    doctor = run_cli("--project", imported.root, "doctor")
    assert doctor.exit_code == 2
    assert "[codebook] 1 coding(s) use PF_GOAL, which no codebook defines" in doctor.out
    assert imported.conn.execute("SELECT count(*) FROM codings WHERE code_id = 'PF_GOAL'").fetchone()[0] == 1


@pytest.mark.parametrize("content, message", [
    ("姓名,kind\n王芳,person\n", "names.csv:1: the names list needs a header with a `name` column "
                                "(optional: kind, placeholder, variants)"),
    ("", "names.csv:1: the names list needs a header with a `name` column (optional: kind, placeholder, variants)"),
    ("name,kind\n王芳,animal\n", "names.csv:2: kind must be person or place, not 'animal'"),
])
def test_bad_names_lists_are_refused_before_anything_changes(imported, run_cli, content, message):
    names = imported.root.parent / "names.csv"
    names.write_text(content, encoding="utf-8")
    source = imported.conn.execute("SELECT path FROM documents").fetchone()[0]
    result = run_cli("--project", imported.root, "pseudonymize", "--names", names)
    assert result.exit_code == 2
    assert result.err.strip() == f"qualcode: error: {names.parent}/{message}"
    assert imported.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert not (imported.root / ".qualcode" / "pseudonym-key.csv").exists()
    assert source


def test_backup_onto_an_existing_file_is_refused(imported, run_cli):
    target = imported.root.parent / "copy.db"
    target.write_bytes(b"keep me")
    result = run_cli("--project", imported.root, "backup", "--out", target)
    assert result.exit_code == 2
    assert result.err.strip() == f"qualcode: error: {target} exists already; choose another --out"
    assert target.read_bytes() == b"keep me"


def test_resolving_a_review_that_does_not_exist(imported, run_cli):
    result = run_cli("--project", imported.root, "review", "--resolve", "99")
    assert result.exit_code == 2
    assert result.err.strip() == "qualcode: error: no review with id 99; `qualcode review` lists the open ones"


def test_a_file_that_is_not_sqlite_is_left_alone(project, run_cli):
    project.close()
    for path in _db_files(project):
        path.unlink()
    project.db_path.write_text("these are my notes, not a database\n", encoding="utf-8")
    result = run_cli("--project", project.root, "status")
    assert result.exit_code == 2
    assert result.err.strip() == (f"qualcode: error: {project.db_path}: is not a SQLite database; restore it from "
                                  "a backup in exports/ or move it away")
    assert project.db_path.read_text(encoding="utf-8") == "these are my notes, not a database\n"
    assert sqlite3.sqlite_version  # (the refusal happens before SQLite touches the file)
