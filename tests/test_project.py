"""Project folders: init, finding, refusing what would damage a project."""

from __future__ import annotations

import os
import stat

import pytest

from qualcode.core.errors import ProjectError
from qualcode.app.project import find_project_root, init_project, open_project


def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


def test_init_creates_the_layout_with_shipped_codebooks(tmp_path):
    project = init_project(tmp_path / "thesis")
    root = project.root
    for name in ("codebooks", "transcripts", "scores", "exports"):
        assert (root / name).is_dir()
    assert (root / "qualcode.toml").is_file()
    assert project.db_path.is_file()
    assert stat.S_IMODE(project.db_path.stat().st_mode) == 0o600
    names = {p.name for p in project.codebook_paths()}
    assert {"resilience-protective-factors.yaml", "needs-themes.yaml"} <= names
    assert "PF_GOAL" in project.code_index()
    project.close()


def test_second_init_is_refused_and_changes_nothing(tmp_path):
    init_project(tmp_path / "thesis").close()
    before = snapshot(tmp_path / "thesis")
    with pytest.raises(ProjectError, match="already a qualcode project"):
        init_project(tmp_path / "thesis")
    assert snapshot(tmp_path / "thesis") == before


def test_init_in_a_read_only_folder_is_refused_and_leaves_it_empty(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ProjectError, match="not writable"):
            init_project(folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_open_a_read_only_project_names_the_database(tmp_path):
    init_project(tmp_path / "p").close()
    db_file = tmp_path / "p" / ".qualcode" / "project.db"
    db_file.chmod(0o400)
    try:
        with pytest.raises(ProjectError, match="read-only") as info:
            open_project(tmp_path / "p")
        assert "project.db" in str(info.value)
    finally:
        db_file.chmod(0o600)


def test_commands_find_the_project_by_walking_up(tmp_path, monkeypatch):
    init_project(tmp_path / "thesis").close()
    deep = tmp_path / "thesis" / "transcripts" / "wave1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_project_root() == (tmp_path / "thesis").resolve()
    with open_project() as project:
        assert project.root == (tmp_path / "thesis").resolve()


def test_no_project_gives_a_clear_message(tmp_path):
    with pytest.raises(ProjectError, match="no qualcode project"):
        find_project_root(tmp_path)


def test_broken_settings_file_reports_line_and_column(tmp_path):
    init_project(tmp_path / "p").close()
    (tmp_path / "p" / "qualcode.toml").write_text('[project]\nname = "x\n', encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        open_project(tmp_path / "p")
    assert "qualcode.toml:2" in str(info.value)


def test_database_that_is_not_sqlite_is_reported_and_kept(tmp_path):
    init_project(tmp_path / "p").close()
    db_file = tmp_path / "p" / ".qualcode" / "project.db"
    for suffix in ("-wal", "-shm"):
        (db_file.parent / (db_file.name + suffix)).unlink(missing_ok=True)
    db_file.write_bytes(os.urandom(4096))
    before = db_file.read_bytes()
    with pytest.raises(ProjectError, match="not a SQLite database"):
        open_project(tmp_path / "p")
    assert db_file.read_bytes() == before
