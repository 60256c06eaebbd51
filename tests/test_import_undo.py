"""`qualcode import` is one step in the undo history.

Before, an import recorded nothing: `qualcode undo` right after it undid the action before it (the coding made
just before, named, but not what the researcher meant) and left the imported documents. Now undo removes the
documents the import added, makes the replaced version of a revised transcript current again with its codings
and memos, and says so; it refuses while work was done on those documents since. A `.qdpx` import is not
reversed: undo stops there once and says how to take it back by hand.

Real projects on disk (tmp_path), real CLI in-process, the database read back with SQL.
"""

from __future__ import annotations

from tests.test_qdpx_revised_transcript import coded_here_and_revised_there
from tests.test_stale_windows import current_codings, revise_s01
from tests.tui_fixtures import import_transcripts

S09 = "---\nparticipant: S09\ngender: 女\n---\n访谈者：最近怎么样？\n受访者：我每天都去图书馆复习。\n"


def documents(project) -> list[tuple[str, int, int]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT name, version, is_current FROM documents ORDER BY name, version")]


def test_undo_after_an_import_removes_the_new_document_and_restores_the_replaced_version(project, run_cli,
                                                                                       tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    cli = ("--project", project.root, "--coder", "A")
    assert run_cli(*cli, "code", "S01_pre", "4", "PF_FAMILY").exit_code == 0
    assert run_cli(*cli, "memo", "document", "S01_pre", "接受过两次访谈").exit_code == 0
    assert run_cli(*cli, "cases", "set", "S01", "gender=女").exit_code == 0
    before = documents(project)
    codings_before = current_codings(project)

    revise_s01(folder)
    (folder / "S09_pre.txt").write_text(S09, encoding="utf-8")
    imported = run_cli(*cli, "import", folder)
    assert imported.exit_code == 0, imported.err
    assert ("S01_pre", 2, 1) in documents(project) and ("S09_pre", 1, 1) in documents(project)
    assert project.conn.execute("SELECT count(*) FROM cases WHERE id = 'S09'").fetchone()[0] == 1
    memo_target = project.conn.execute("SELECT target_id FROM memos").fetchone()[0]
    assert memo_target == str(project.conn.execute(
        "SELECT id FROM documents WHERE name = 'S01_pre' AND version = 2").fetchone()[0])   # moved with it

    undone = run_cli(*cli, "undo")
    assert undone.exit_code == 0, undone.err
    assert "Undone: import of 2 document(s) (removed S09_pre; S01_pre back to version 1)" in undone.out
    assert documents(project) == before                       # version 2 and S09_pre gone, version 1 current
    assert current_codings(project) == codings_before          # the coding on version 1 is the current one again
    assert project.conn.execute("SELECT count(*) FROM cases WHERE id = 'S09'").fetchone()[0] == 0
    assert project.conn.execute("SELECT target_id FROM memos").fetchone()[0] == str(project.conn.execute(
        "SELECT id FROM documents WHERE name = 'S01_pre' AND version = 1").fetchone()[0])
    assert project.conn.execute("SELECT count(*) FROM segments s LEFT JOIN documents d ON d.id = s.document_id "
                                "WHERE d.id IS NULL").fetchone()[0] == 0

    # the history goes on in order: the next undo is the `cases set` made before the import
    assert "attributes of case S01" in run_cli(*cli, "undo").out

    redone = run_cli(*cli, "redo")   # the cases set comes back; the import is redone by importing again
    assert redone.exit_code == 0
    refused = run_cli(*cli, "redo")
    assert refused.exit_code == 2 and "import them again (`qualcode import" in refused.err
    assert documents(project) == before


def test_undo_of_an_import_says_it_in_chinese(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    (folder / "S09_pre.txt").write_text(S09, encoding="utf-8")
    cli = ("--project", project.root, "--coder", "A", "--lang", "zh")
    assert run_cli(*cli, "import", folder / "S09_pre.txt", "--speakers", "受访者=participant").exit_code == 0
    overrides = "SELECT count(*) FROM speaker_overrides WHERE document_name = 'S09_pre'"
    assert project.conn.execute(overrides).fetchone()[0] == 1
    undone = run_cli(*cli, "undo")
    assert "已撤销：导入的 1 个文档（已移除 S09_pre）" in undone.out, undone.out + undone.err
    assert project.conn.execute(overrides).fetchone()[0] == 0   # the roles set for it went with it


def test_undo_of_an_import_is_refused_while_a_colleague_has_coded_the_new_document(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    (folder / "S09_pre.txt").write_text(S09, encoding="utf-8")
    assert run_cli("--project", project.root, "--coder", "A", "import", folder / "S09_pre.txt").exit_code == 0
    assert run_cli("--project", project.root, "--coder", "B", "code", "S09_pre", "2", "PF_FAMILY").exit_code == 0
    before = documents(project)

    refused = run_cli("--project", project.root, "--coder", "A", "undo")
    assert refused.exit_code == 2 and "Traceback" not in refused.err
    assert ("S09_pre has work made since this import (1 coding(s) by B), which removing it would lose"
            in refused.err)
    assert documents(project) == before
    assert project.conn.execute("SELECT count(*) FROM codings WHERE coder = 'B'").fetchone()[0] == 1
    from qualcode.tui.error_words import message_in   # as the TUI shows it in Chinese

    assert message_in("zh", refused.err.removeprefix("qualcode: error: ").strip()) == (
        "S09_pre 在这次导入之后又有新的工作（B 的 1 条编码），移除它会丢失这些工作；请先撤销或删除这些工作"
        "（或 `qualcode documents delete S09_pre`）；未撤销任何内容")
    # not set aside: once B's coding is undone, A's undo takes the import back
    assert run_cli("--project", project.root, "--coder", "B", "undo").exit_code == 0
    assert "removed S09_pre" in run_cli("--project", project.root, "--coder", "A", "undo").out
    assert ("S09_pre", 1, 1) not in documents(project)


def test_an_unchanged_import_is_no_step_in_the_history(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    cli = ("--project", project.root, "--coder", "A")
    assert run_cli(*cli, "code", "S01_pre", "4", "PF_FAMILY").exit_code == 0
    assert run_cli(*cli, "import", folder).exit_code == 0      # nothing new: nothing to undo
    assert "PF_FAMILY" in run_cli(*cli, "undo").out


def test_undo_stops_at_a_qdpx_import_and_says_how_to_take_it_back(project, run_cli, tmp_path):
    here, archive = coded_here_and_revised_there(project, run_cli, tmp_path)
    assert run_cli(*here, "import", archive).exit_code == 0
    after = documents(project)
    codings = project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]

    stopped = run_cli(*here, "undo")
    assert stopped.exit_code == 2 and "Traceback" not in stopped.err
    assert "undo cannot take back the import of colleague.qdpx" in stopped.err
    assert "new version(s) of S01_pre (version 2)" in stopped.err
    assert "it brought new version(s) of S01_pre (version 2); 1 coding(s) and 0 memo(s)" in stopped.err
    assert "copying .qualcode/backups/before-import-qdpx-" in stopped.err and ".qualcode/project.db" in stopped.err
    assert "that action is set aside, and the next undo goes to the one before it" in stopped.err
    from qualcode.tui.error_words import message_in

    assert message_in("zh", stopped.err.removeprefix("qualcode: error: ").strip()).startswith(
        "撤销无法收回 colleague.qdpx 的导入（它带来了：新版本：S01_pre（第 2 版）；1 条编码和 0 条备忘）；把 "
        ".qualcode/backups/before-import-qdpx-")
    assert documents(project) == after
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == codings
    # the next undo reaches the coding A made before the import, as the message said
    assert "PF_GOAL" in run_cli(*here, "undo").out


def test_an_interrupted_import_is_one_undoable_step_with_what_it_committed(project, tmp_path, monkeypatch):
    """Ctrl-C after the first batch (the import commits 3 files at a time here): the 3 committed documents are
    one step, and undo removes those, not the action before."""
    import pytest

    from qualcode.app import api
    from qualcode.app.importing import transcripts

    monkeypatch.setattr(transcripts, "STORE_BATCH_FILES", 3)
    folder = tmp_path / "answers"
    folder.mkdir()
    for index in range(7):
        (folder / f"R{index:02d}.txt").write_text(
            f"---\nparticipant: R{index:02d}\n---\n受访者：我觉得还可以，第{index}个回答。\n", encoding="utf-8")

    def progress(done: int, total: int, name: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.import_paths(project, [folder], progress=progress)
    assert [name for name, _, _ in documents(project)] == ["R00", "R01", "R02"]
    event = api.undo(project)
    assert event.action == "transcripts.import"
    assert documents(project) == []
    assert project.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_undoing_a_folder_import_with_its_participants_table_removes_the_cases_too(sample_project, run_cli):
    """The sample project's transcripts/ (eight transcripts and participants.csv), imported by coder A: undo takes
    back the documents and the cases the table and the transcripts created, one step."""
    conn = sample_project.conn
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 8
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] > 0
    undone = run_cli("--project", sample_project.root, "--coder", "A", "undo")
    assert undone.exit_code == 0, undone.err
    assert undone.out.startswith("Undone: import of 8 document(s) (removed E01_post, E01_pre, S01_post, S01_pre, "
                                 "S02_post, S02_pre and 2 more)"), undone.out
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    assert "Nothing to undo" in run_cli("--project", sample_project.root, "--coder", "A", "undo").out
