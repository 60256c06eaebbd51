"""Undo across a re-import (QA round 27): a coding made before the transcript was imported again moved with its
words onto the new version. `qualcode undo` took only the old version's away, said "Undone", and the coding
stayed where the researcher sees it. Undo now takes the moved copy too; redo refuses to bring a coding back on a
replaced version (where no export or screen would show it) and says so.

The re-import here is a colleague's: an import is itself one step of its coder's undo history
(tests/test_import_undo.py), so the coder's own undo would take the import back first."""

from __future__ import annotations

from qualcode.app import api
from qualcode.app.importing.coded_sheets import import_codings
from tests.test_stale_windows import current_codings, revise_s01
from tests.tui_fixtures import import_transcripts


def all_codings(project) -> int:
    return project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]


def test_undoing_a_coding_made_before_a_reimport_removes_it_from_the_current_version(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    assert run_cli("code", "S01_pre", "4", "PF_FAMILY", cwd=project.root).exit_code == 0
    revise_s01(folder)
    result = run_cli("--coder", "colleague", "import", folder / "S01_pre.txt", cwd=project.root)
    assert "1 moved unchanged" in result.out
    assert [c[:2] for c in current_codings(project)] == [("PF_FAMILY", 6)]
    undone = run_cli("undo", cwd=project.root)
    assert undone.exit_code == 0 and undone.out.startswith("Undone: coding Family support (PF_FAMILY) on S01_pre")
    assert current_codings(project) == [] and all_codings(project) == 0
    redone = run_cli("redo", cwd=project.root)
    assert redone.exit_code == 2
    assert ("S01_pre was imported again after this action (version 1 is now replaced by version 2); the coding is "
            "not brought back on the old version -- code it again on S01_pre") in redone.err
    assert all_codings(project) == 0


def test_undoing_a_removal_made_before_a_reimport_is_refused_not_restored_on_the_old_version(project, run_cli,
                                                                                              tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    run_cli("code", "S01_pre", "4", "PF_FAMILY", cwd=project.root)
    run_cli("code", "S01_pre", "4", "PF_FAMILY", "--remove", cwd=project.root)
    revise_s01(folder)
    run_cli("--coder", "colleague", "import", folder / "S01_pre.txt", cwd=project.root)
    refused = run_cli("undo", cwd=project.root)
    assert refused.exit_code == 2 and "the coding is not brought back on the old version" in refused.err
    assert "that action is set aside" in refused.err
    assert all_codings(project) == 0
    # set aside: the next undo goes to the coding before it, removed already, and says so
    assert "that coding was already removed" in run_cli("undo", cwd=project.root).err
    assert all_codings(project) == 0


def test_undoing_an_import_of_codings_after_a_reimport_takes_the_moved_codings_too(project, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    sheet = tmp_path / "coder.csv"
    sheet.write_text(f"document,segment,code,coder\nS01_pre,2,AD_EXAM,{project.coder}\n"
                     f"S01_pre,4,PF_FAMILY,{project.coder}\nS02_post,2,PF_EMOTION,{project.coder}\n",
                     encoding="utf-8")
    assert import_codings(project, sheet).codings_added == 3
    revise_s01(folder)
    import dataclasses

    api.import_paths(dataclasses.replace(project, coder="colleague"), [folder / "S01_pre.txt"])
    assert [c[:2] for c in current_codings(project)] == [("AD_EXAM", 2), ("PF_EMOTION", 2), ("PF_FAMILY", 6)]
    api.undo(project)
    assert current_codings(project) == [] and all_codings(project) == 0
    import pytest

    from qualcode.core.errors import ConflictError

    with pytest.raises(ConflictError, match=r"S01_pre version 1 replaced\); nothing redone"):
        api.redo(project)
    assert all_codings(project) == 0


def test_the_refused_redo_reads_in_chinese(project, run_cli, tmp_path):
    from qualcode.tui.error_words import message_in

    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    run_cli("code", "S01_pre", "4", "PF_FAMILY", cwd=project.root)
    revise_s01(folder)
    run_cli("--coder", "colleague", "import", folder / "S01_pre.txt", cwd=project.root)
    run_cli("undo", cwd=project.root)
    refused = run_cli("redo", cwd=project.root).err.removeprefix("qualcode: error: ").strip()
    assert message_in("zh", refused) == "S01_pre 在这一步之后已重新导入（第 1 版已被取代）；编码不会恢复到旧版本上——请在 S01_pre 上重新编码"


def test_undoing_an_acceptance_made_before_a_reimport_undoes_it_on_the_current_version(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    run_cli("suggest", cwd=project.root)
    accepted = run_cli("suggestions", "accept", "--document", "S01_pre", "--min-score", "0.8", cwd=project.root)
    assert accepted.out.startswith("3 suggestion(s) accepted")
    revise_s01(folder)
    run_cli("--coder", "colleague", "import", folder / "S01_pre.txt", cwd=project.root)

    def current_statuses() -> list[tuple[str, str]]:
        return [tuple(r) for r in project.conn.execute(
            "SELECT g.code_id, g.status FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d "
            "ON d.id = s.document_id WHERE d.is_current = 1 AND d.name = 'S01_pre' AND g.status != 'candidate' "
            "ORDER BY g.code_id")]

    assert len(current_codings(project)) == 3 and ("PF_FAMILY", "accepted") in current_statuses()
    undone = run_cli("undo", cwd=project.root)
    assert undone.exit_code == 0 and undone.out.startswith("Undone: acceptance of 3 suggestions")
    assert current_codings(project) == []
    assert all(status == "pending" for _, status in current_statuses())
    redone = run_cli("redo", cwd=project.root)
    assert redone.exit_code == 2 and "the decision is not made again on the old version" in redone.err
    assert current_codings(project) == []
