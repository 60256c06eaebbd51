"""What leaves the project, and who can read what stays: owner-only files, id-only exports, name warnings."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.storage import repository as repo

TRANSCRIPT = """---
participant: S07
wave: pre
---
访谈者：谁帮过你？
受访者：我的同桌王芳经常帮我补课，我很感激她。
访谈者：以后呢？
受访者：我想先考电工证，然后去深圳工作。
"""
NAMES = "name,kind\n王芳,person\n深圳,place\n"
UTTERANCES = ("我的同桌王芳经常帮我补课", "我想先考电工证")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def coded(project):
    source = project.root / "transcripts" / "S07_pre.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    assert not api.import_paths(project, [source]).errors
    document = repo.get_document(project.conn, "S07_pre", with_text=False)
    segments = repo.list_segments(project.conn, document.id, with_text=False)
    api.code_segment(project, segments[1].id, "PF_PEER", coder="A")
    api.code_segment(project, segments[3].id, "PF_GOAL", coder="A")
    names = project.root.parent / "names.csv"
    names.write_text(NAMES, encoding="utf-8")
    return project, names


def test_everything_private_is_readable_by_the_owner_only(coded, run_cli):
    project, names = coded
    root = project.root
    assert _mode(root / ".qualcode") == 0o700
    for path in (project.db_path, *root.joinpath(".qualcode").glob("project.db-*")):  # also the WAL files
        assert _mode(path) == 0o600, path
    assert run_cli("--project", root, "backup").exit_code == 0
    assert run_cli("--project", root, "pseudonymize", "--names", names).exit_code == 0
    assert run_cli("--project", root, "codes", "merge", "PF_PEER", "PF_FAMILY", "--yes").exit_code == 0
    private = [*root.joinpath("exports").glob("backup-*.db"), *root.joinpath(".qualcode", "backups").glob("*.db"),
               root / ".qualcode" / "pseudonym-key.csv", root / ".qualcode" / "pseudonymize-report.csv",
               root / ".qualcode" / "originals" / "transcripts" / "S07_pre.txt"]
    assert len(private) == 6  # one manual backup, before pseudonymize and before merge, key, report, original
    for path in private:
        assert _mode(path) == 0o600, path
    assert _mode(root / ".qualcode" / "originals") == 0o700 and _mode(root / ".qualcode" / "backups") == 0o700
    assert "王芳" in (root / ".qualcode" / "pseudonym-key.csv").read_text(encoding="utf-8")


def test_a_migration_backup_is_private_too(tmp_path):
    from qualcode.storage import db
    from qualcode.storage.migrations import m0001_initial

    path = tmp_path / "project.db"
    conn = sqlite3.connect(path, isolation_level=None)
    applied = db.applied_migrations(conn)
    assert applied == set()
    m0001_initial.apply(conn)
    conn.execute("INSERT INTO schema_migrations VALUES ('m0001_initial', 'then')")
    conn.close()
    db.connect(path).close()  # the later migrations run after a backup
    [backup] = (tmp_path / "backups").glob("before-*.db")
    assert _mode(backup) == 0o600


def _exported_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args", [
    ["export", "matrix"], ["export", "matrix", "--format", "xlsx"], ["export", "long"],
    ["export", "long", "--format", "xlsx"], ["export", "cooccurrence"],
    ["export", "crosstab", "--attribute", "wave"],
])
def test_exports_carry_participant_ids_and_no_transcript_text(coded, run_cli, args):
    project, _ = coded
    result = run_cli("--project", project.root, *args)
    assert result.exit_code == 0, result.err
    [written] = [p for p in project.exports_dir.iterdir() if p.suffix in (".csv", ".xlsx")]
    text = _exported_text(written)
    for utterance in UTTERANCES:
        assert utterance not in text
    assert "王芳" not in text and "深圳" not in text
    if args[1] in ("matrix", "long"):
        assert "S07" in text


def test_transcript_text_leaves_only_with_with_text(coded, run_cli):
    project, _ = coded
    result = run_cli("--project", project.root, "export", "long", "--with-text")
    assert result.exit_code == 0, result.err
    text = _exported_text(next(project.exports_dir.glob("*.csv")))
    assert all(utterance in text for utterance in UTTERANCES)


def test_quotes_warn_about_names_from_the_list(coded, run_cli):
    project, names = coded
    result = run_cli("--project", project.root, "export", "quotes", "--names", names)
    assert result.exit_code == 0, result.err
    assert (f"warning: 2 real name(s) from {names} remain in the quotes: 深圳, 王芳; "
            "run `qualcode pseudonymize` before sharing this file") in result.err
    assert "王芳" in (project.exports_dir / "quotes.md").read_text(encoding="utf-8")


def test_quotes_warn_about_names_from_the_pseudonym_key_and_are_quiet_once_replaced(coded, run_cli):
    project, names = coded
    assert run_cli("--project", project.root, "pseudonymize", "--names", names).exit_code == 0
    clean = run_cli("--project", project.root, "export", "quotes")
    assert clean.exit_code == 0 and "warning" not in clean.err
    quotes = (project.exports_dir / "quotes.md").read_text(encoding="utf-8")
    assert "[P01]" in quotes and "王芳" not in quotes
    # a transcript imported later, still with the real name, is caught through the key
    later = project.root / "transcripts" / "S08_pre.txt"
    later.write_text(TRANSCRIPT.replace("S07", "S08"), encoding="utf-8")
    assert run_cli("--project", project.root, "import", later).exit_code == 0
    segment = repo.segment_by_ordinal(project.conn, repo.get_document(project.conn, "S08_pre").id, 2)
    api.code_segment(project, segment.id, "PF_PEER", coder="A")
    warned = run_cli("--project", project.root, "export", "quotes", "--force")
    assert "warning: 1 real name(s) from the pseudonym key remain in the quotes: 王芳" in warned.err


def test_doctor_reports_private_files_that_others_can_read(coded, run_cli):
    """A restore with cp, or an unpacked archive, may leave the database readable by everyone."""
    project, names = coded
    assert run_cli("--project", project.root, "doctor").exit_code == 0
    project.db_path.chmod(0o644)
    key = project.root / ".qualcode" / "pseudonym-key.csv"
    key.write_text("name,placeholder\n", encoding="utf-8")
    key.chmod(0o644)
    result = run_cli("--project", project.root, "doctor")
    assert result.exit_code == 2
    assert ("[privacy] 2 file(s) with interview text or real names can be read by other users of this computer: "
            ".qualcode/project.db, .qualcode/pseudonym-key.csv") in result.out
    # pseudonymize rewrites the key for its owner alone, even though the old file was shared
    assert run_cli("--project", project.root, "pseudonymize", "--names", names).exit_code == 0
    assert _mode(key) == 0o600
    project.db_path.chmod(0o600)
    assert run_cli("--project", project.root, "doctor").exit_code == 0
