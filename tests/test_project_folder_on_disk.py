"""The project folder as it really is on disk: moved, synced, copied in parts (a semester's project).

Each test drives a real project (real SQLite file, real files, the real CLI in-process or a real child
process) in a folder whose path has spaces and Chinese characters, as researchers' folders do.
"""

from __future__ import annotations

import os
import sqlite3
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.app.project import init_project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def study(tmp_path, chinese_transcript):
    """A coded project at `我的 研究/心理韧性 项目`, closed (no connection left open)."""
    project = init_project(tmp_path / "我的 研究" / "心理韧性 项目")
    api.sync_codes(project)
    assert not api.import_paths(project, [chinese_transcript]).errors
    root = project.root
    project.close()
    return root


def _code_and_die(root: Path) -> None:
    """A window that coded a turn and was then killed: the coding is only in project.db-wal."""
    script = (
        "import os, sys\n"
        "from qualcode.app import api\n"
        "from qualcode.app.project import open_project\n"
        "project = open_project(sys.argv[1], coder='A')\n"
        "segment = project.conn.execute('SELECT id FROM segments WHERE ordinal = 2').fetchone()[0]\n"
        "api.code_segment(project, segment, 'AD_EXAM', coder='A')\n"
        "os._exit(0)\n"  # no close, no checkpoint: as kill -9 or a closed laptop leaves it
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", script, str(root)], check=True, env=env, timeout=120)


def test_a_missing_database_beside_its_wal_is_not_replaced_by_an_empty_one(study, run_cli):
    """Dropbox brought `.qualcode/project.db-wal` back before `project.db` (or the file was moved away):
    the command refuses, creates nothing, and the WAL -- holding the last coding -- is kept byte for byte,
    so putting the database back gives every action. Before, `status` made an empty database, said
    "0 documents" and its checkpoint deleted the WAL, and with it the coding."""
    _code_and_die(study)
    private = study / ".qualcode"
    wal = private / "project.db-wal"
    assert wal.stat().st_size > 0
    wal_bytes = wal.read_bytes()
    aside = study.parent / "project.db (not yet synced)"
    (private / "project.db").rename(aside)

    result = run_cli("--project", study, "status")

    assert result.exit_code == 2
    assert result.err.startswith(f"qualcode: error: {private / 'project.db'}: the project database is missing, "
                                 "but .qualcode/project.db-wal, .qualcode/project.db-shm is there:")
    assert "nothing was created or changed" in result.err
    assert "Traceback" not in result.err
    assert not (private / "project.db").exists()
    assert wal.read_bytes() == wal_bytes

    aside.rename(private / "project.db")
    result = run_cli("--project", study, "export", "long", "--out", study / "exports" / "long.csv")
    assert result.exit_code == 0, result.err
    assert "AD_EXAM" in (study / "exports" / "long.csv").read_text(encoding="utf-8-sig")


def test_a_missing_database_with_backups_beside_it_is_refused_not_started_afresh(study, run_cli):
    """Only the backups are left in `.qualcode/` (project.db deleted or not copied): refused, pointing at them;
    a fresh clone with no `.qualcode/` at all still starts an empty database (the sample project)."""
    assert run_cli("--project", study, "code", "S01_pre", "2", "AD_EXAM").exit_code == 0
    backup = study / ".qualcode" / "backups" / "before-delete-document-20261201-101500.db"
    assert run_cli("--project", study, "backup", "--out", backup).exit_code == 0
    (study / ".qualcode" / "project.db").unlink()

    result = run_cli("--project", study, "code", "S01_pre", "4", "PF_GOAL")

    assert result.exit_code == 2
    assert ("the project database is missing, but "
            ".qualcode/backups/before-delete-document-20261201-101500.db is there") in result.err
    assert sorted(p.name for p in (study / ".qualcode").iterdir()) == ["backups"]

    shutil.rmtree(study / ".qualcode")
    assert run_cli("--project", study, "status").exit_code == 0


def test_a_sync_services_conflicted_copy_of_the_database_is_named_and_its_codings_can_be_merged(study, run_cli,
                                                                                                   tmp_path):
    """Dropbox kept `project (conflicted copy 2026-12-01).db` beside the database after the laptop coded offline:
    `status` and `doctor` name it (before: nothing, and `doctor` said "No problems found." while a coding made on
    the laptop sat unread in the copy), and the advice they give brings that coding in."""
    laptop = tmp_path / "laptop" / "心理韧性 项目"
    shutil.copytree(study, laptop)
    assert run_cli("--project", laptop, "code", "S01_pre", "4", "PF_GOAL").exit_code == 0
    assert run_cli("--project", study, "code", "S01_pre", "2", "AD_EXAM").exit_code == 0
    conflicted = study / ".qualcode" / "project (conflicted copy 2026-12-01).db"
    shutil.copyfile(laptop / ".qualcode" / "project.db", conflicted)
    (study / "qualcode (conflicted copy 2026-12-01).toml").write_text("[project]\nname = \"x\"\n", encoding="utf-8")

    status = run_cli("--project", study, "status")
    assert status.exit_code == 0
    assert ("warning: .qualcode/project (conflicted copy 2026-12-01).db is another copy of the project database, "
            "which qualcode never reads") in status.out
    assert "the codings and memos made in it are not in this project" in status.out
    assert "warning: qualcode (conflicted copy 2026-12-01).toml is another copy of qualcode.toml" in status.out
    doctor = run_cli("--project", study, "doctor")
    assert doctor.exit_code == 2
    assert "[copies] .qualcode/project (conflicted copy 2026-12-01).db is another copy" in doctor.out

    copy = tmp_path / "COPY"
    shutil.copytree(study, copy)
    conflicted.rename(copy / ".qualcode" / "project.db")
    merged = run_cli("--project", study, "merge", copy)
    assert merged.exit_code == 0, merged.err
    assert "1 codings added" in merged.out
    (study / "qualcode (conflicted copy 2026-12-01).toml").unlink()
    assert "another copy" not in run_cli("--project", study, "status").out


async def test_a_window_whose_project_folder_is_renamed_says_so_and_keeps_coding_into_the_moved_database(tmp_path):
    """The folder renamed in the file manager while the workbench is open (Chinese interface): one message that the
    folder moved and where the work is (before: `no qualcode project in …/心理韧性 项目 or any folder above it; run
    `qualcode init DIR``, as if there were none), and a key pressed after it codes the turn in the moved database."""
    from tests.tui_fixtures import import_transcripts, settle, until
    from qualcode.app.project import open_project
    from qualcode.tui.app import make_app

    project = init_project(tmp_path / "我的 研究" / "心理韧性 项目")
    api.sync_codes(project)
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, language="zh", poll_seconds=0.1)
    moved = tmp_path / "我的 研究" / "心理韧性 项目（终稿）"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j")  # S01_pre turn 4
        await pilot.pause()
        project.root.rename(moved)
        await until(pilot, lambda: any("项目文件夹在此窗口打开期间被移动" in str(n.message) for n in app._notifications),
                    "the message that the folder moved")
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "请退出（ctrl+q），再从新位置打开项目" in messages
        assert "no qualcode project" not in messages and "Error" not in messages
        await pilot.press("f")  # PF_FAMILY's key
        await pilot.pause()
    project.close()
    with open_project(moved) as reopened:
        coded = reopened.conn.execute("SELECT c.code_id, s.ordinal FROM codings c JOIN segments s "
                                      "ON s.id = c.segment_id").fetchall()
    assert [tuple(row) for row in coded] == [("PF_FAMILY", 4)]


@pytest.fixture
def read_only_mount(tmp_path):
    """A read-only bind mount (the project on a CD or a write-protected stick); needs a mount this machine allows."""
    mounted = tmp_path / "U盘 只读"
    mounted.mkdir()
    made = []

    def mount(source: Path) -> Path:
        for command in (["mount", "--bind", str(source), str(mounted)],
                        ["mount", "-o", "remount,ro,bind", str(mounted)]):
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                if made:
                    subprocess.run(["umount", str(mounted)], check=False)
                pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
            made.append(command)
        return mounted

    yield mount
    if made:
        subprocess.run(["umount", str(mounted)], check=True)


def test_a_project_on_read_only_media_says_copy_it_to_a_writable_disk_not_chmod(study, run_cli, read_only_mount):
    """On a read-only file system `chmod u+w` cannot work; the message says what does, and nothing is touched.
    (Before: `is read-only; … needs write access (chmod u+w)`.)"""
    assert run_cli("--project", study, "code", "S01_pre", "2", "AD_EXAM").exit_code == 0
    disk = read_only_mount(study)
    for command in (["status"], ["code", "S01_pre", "4", "PF_GOAL"]):
        result = run_cli("--project", disk, *command)
        assert result.exit_code == 2
        assert result.err.strip() == (
            f"qualcode: error: {disk / '.qualcode'}: is on a read-only disk (a CD or DVD, a write-protected USB "
            "stick, a read-only mount); qualcode saves every action to the project database, so copy the project "
            "folder to a writable disk and open it there")
    assert sorted(p.name for p in (study / ".qualcode").iterdir()) == ["project.db"]


def test_a_database_replaced_under_an_open_window_keeps_both_copies_work_and_refuses_to_write(study, tmp_path):
    """The laptop's window is open while Dropbox renames the desktop's copy over `project.db` (or a backup is put
    in place). Before, the window's next codings went on "saving" and its -wal, found by path, was read as part of
    the new file: the desktop's codings vanished page by page, nothing said. Now the write is refused (each time),
    the window's whole state is kept in `.qualcode/backups/`, the new file reads as it came, and `merge` of the kept
    copy brings the window's coding in."""
    from qualcode.app.project import open_project
    from qualcode.app.team.coders import merge_project
    from qualcode.core.errors import ProjectError

    desktop = tmp_path / "desktop"
    shutil.copytree(study, desktop)
    with open_project(desktop, coder="B") as other:
        for turn in (2, 4):
            segment = other.conn.execute("SELECT id FROM segments WHERE ordinal = ?", (turn,)).fetchone()[0]
            api.code_segment(other, segment, "AD_LOWSELF", coder="B")

    window = open_project(study, coder="A")
    turn = {n: window.conn.execute("SELECT id FROM segments WHERE ordinal = ?", (n,)).fetchone()[0] for n in (2, 4)}
    api.code_segment(window, turn[2], "AD_EXAM", coder="A")   # in the window's -wal only
    private = study / ".qualcode"
    shutil.copyfile(desktop / ".qualcode" / "project.db", private / ".project.db.dropbox-tmp")
    os.replace(private / ".project.db.dropbox-tmp", private / "project.db")   # as a sync service writes a file

    for _ in range(2):
        with pytest.raises(ProjectError) as refused:
            api.code_segment(window, turn[4], "PF_GOAL", coder="A")
        assert "the project database was replaced by another program while this window or command had it open" \
            in str(refused.value)
        assert "nothing was saved" in str(refused.value)
    kept = list((private / "backups").glob("this-window-when-replaced-*.db"))
    assert len(kept) == 1 and kept[0].name in str(refused.value)
    window.close()

    def codings(root):
        with open_project(root) as project:
            return sorted(tuple(r) for r in project.conn.execute("SELECT coder, code_id FROM codings"))

    assert codings(study) == [("B", "AD_LOWSELF"), ("B", "AD_LOWSELF")]   # the desktop's work, as it came
    copy = tmp_path / "window copy"
    shutil.copytree(study, copy)
    shutil.copyfile(kept[0], copy / ".qualcode" / "project.db")
    with open_project(study, coder="A") as project:
        merge_project(project, copy)
    assert codings(study) == [("A", "AD_EXAM"), ("B", "AD_LOWSELF"), ("B", "AD_LOWSELF")]


async def test_the_workbench_says_at_its_next_poll_that_the_database_was_replaced_and_codes_nothing_more(tmp_path):
    """The same replacement under the real workbench (Chinese interface): its poll says so before any key is
    pressed, a key pressed after it saves nothing into the new file, and the window's work is in backups/."""
    from tests.tui_fixtures import import_transcripts, settle, until
    from qualcode.app.project import open_project
    from qualcode.tui.app import make_app

    project = init_project(tmp_path / "我的 研究" / "心理韧性 项目")
    api.sync_codes(project)
    import_transcripts(project, tmp_path / "incoming")
    desktop = tmp_path / "desktop"
    shutil.copytree(project.root, desktop)
    private = project.root / ".qualcode"
    app = make_app(project, language="zh", poll_seconds=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j")  # S01_pre turn 2
        await pilot.press("z")           # AD_EXAM, saved in this window's -wal
        await pilot.pause()
        shutil.copyfile(desktop / ".qualcode" / "project.db", private / ".dropbox-tmp")
        os.replace(private / ".dropbox-tmp", private / "project.db")
        await until(pilot, lambda: any("项目数据库在此窗口或命令打开期间被其他程序替换了" in str(n.message)
                                       for n in app._notifications), "the poll's message")
        await pilot.press("j", "j", "f")  # turn 4, PF_FAMILY: refused
        await pilot.pause()
    project.close()
    with open_project(project.root) as reopened:
        assert reopened.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0   # the file as it came
    kept = list((private / "backups").glob("this-window-when-replaced-*.db"))
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as copy:
        assert [r[0] for r in copy.execute("SELECT code_id FROM codings")] == ["AD_EXAM"]


def test_reimporting_a_project_an_older_qualcode_made_says_start_times_were_read_not_roles_changed(tmp_path, run_cli):
    """qualcode before m0007 stored no start times; today's re-import of the same timestamped transcript re-splits it
    in place to read them. It reported `(same turns, roles changed)`, which sent the researcher looking for a role
    change that never happened."""
    project = init_project(tmp_path / "旧项目")
    source = project.root / "transcripts" / "S01_post.txt"
    source.write_text("[00:00:05] 访谈者：最近怎么样？\n[00:00:14] 受访者：还行，我考了电工证。\n"
                      "[00:00:31] 访谈者：感觉呢？\n[00:00:38] 受访者：有信心了。\n", encoding="utf-8")
    assert run_cli("--project", project.root, "import", source).exit_code == 0
    with project.conn:
        project.conn.execute("UPDATE segments SET start_time = NULL")   # as the older qualcode stored the turns
    project.close()

    result = run_cli("--project", project.root, "import", source)

    assert result.exit_code == 0, result.err
    assert ("S01_post: as the settings read them; 4 turns -> 4 (same turns and roles; their start times were read, "
            "which the stored turns lacked)") in result.out
    assert "roles changed" not in result.out
