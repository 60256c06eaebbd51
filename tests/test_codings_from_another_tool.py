"""Codings brought in from another tool (QA round 27): a sheet whose turn numbers count only the participant's
turns puts codes on the interviewer's questions, and the import must say so; undo and redo name the import (the
file and how many codings), in English and in Chinese, in the CLI and the TUI."""

from __future__ import annotations

import pytest

from qualcode.app.importing.coded_sheets import import_codings
from qualcode.tui.app import make_app
from tests.tui_fixtures import import_transcripts, settle


def write_sheet(path, rows) -> None:
    path.write_text("document,segment,code,coder\n" + "".join(f"{d},{s},{c},{k}\n" for d, s, c, k in rows),
                    encoding="utf-8")


def codings_by_role(project) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT s.ordinal, s.role, c.code_id FROM codings c JOIN segments s ON s.id = c.segment_id ORDER BY s.ordinal")]


def test_codings_landing_on_interviewer_turns_are_counted_and_placed(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    sheet = tmp_path / "nvivo-export.csv"
    # the other tool numbered the participant's answers 1, 2, 3: in qualcode those are turns 2, 4, 6
    write_sheet(sheet, [("S01_pre", 1, "AD_EXAM", "C"), ("S01_pre", 2, "PF_FAMILY", "C"),
                        ("S01_pre", 3, "PF_GOAL", "C")])
    result = run_cli("import-codings", sheet, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert ("warning: 2 coding(s) landed on 2 interviewer turn(s) (S01_pre #1, S01_pre #3); interviewer turns are "
            "not participant data") in result.out
    assert codings_by_role(project) == [(1, "interviewer", "AD_EXAM"), (2, "participant", "PF_FAMILY"),
                                        (3, "interviewer", "PF_GOAL")]


def test_a_sheet_on_participant_turns_only_has_no_interviewer_warning(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    sheet = tmp_path / "right.csv"
    write_sheet(sheet, [("S01_pre", 2, "AD_EXAM", "C"), ("S01_pre", 4, "PF_FAMILY", "C")])
    report = import_codings(project, sheet)
    assert report.codings_added == 2 and not any("interviewer" in w for w in report.warnings)


def test_undo_and_redo_of_an_import_of_codings_name_the_file_and_count_in_both_languages(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    sheet = tmp_path / "coder-C.csv"
    write_sheet(sheet, [("S01_pre", 2, "AD_EXAM", project.coder), ("S01_pre", 4, "PF_FAMILY", project.coder)])
    assert run_cli("import-codings", sheet, cwd=project.root).exit_code == 0
    undone = run_cli("undo", cwd=project.root)
    assert undone.out.startswith("Undone: import of 2 coding(s) from coder-C.csv (from ")
    assert codings_by_role(project) == []
    redone = run_cli("--lang", "zh", "redo", cwd=project.root)
    assert redone.out.startswith("已重做：从 coder-C.csv 导入的 2 条编码（")
    assert "codings import" not in redone.out
    assert len(codings_by_role(project)) == 2


async def test_the_tui_names_an_undone_import_of_codings_in_chinese(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    sheet = tmp_path / "coder-C.csv"
    write_sheet(sheet, [("S01_pre", 2, "AD_EXAM", project.coder)])
    import_codings(project, sheet)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")   # imported before this window opened: asked first (docs/tui.md), y undoes it
        await pilot.pause()
        assert "从 coder-C.csv 导入的 1 条编码——由调用 qualcode Python 库的程序做的" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await pilot.pause()
        assert "已撤销：从 coder-C.csv 导入的 1 条编码" in [n.message for n in app._notifications]
    assert codings_by_role(project) == []


def test_qualcode_code_on_an_interviewer_turn_codes_it_and_says_so(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    result = run_cli("code", "S01_pre", "1", "PF_GOAL", cwd=project.root)
    assert result.exit_code == 0
    assert ("qualcode: warning: S01_pre #1 is an interviewer turn (访谈者), not participant data; `qualcode undo` "
            "takes the coding back") in result.err
    zh = run_cli("--lang", "zh", "code", "S01_pre", "3", "PF_GOAL", cwd=project.root)
    assert "S01_pre 第 3 段是访谈者的发言（访谈者）" in zh.err
    participant = run_cli("code", "S01_pre", "2", "PF_GOAL", cwd=project.root)
    assert participant.err == ""
    assert codings_by_role(project) == [(1, "interviewer", "PF_GOAL"), (2, "participant", "PF_GOAL"),
                                        (3, "interviewer", "PF_GOAL")]


def test_turn_numbers_from_before_a_revision_follow_the_excerpt_to_its_turn(project, run_cli, tmp_path):
    """A sheet coded in Excel with the turn numbers and excerpts of the first version, imported after the revised
    transcript: each row went onto the numbered turn (now another turn's words) with a warning only."""
    from tests.test_stale_windows import current_codings, revise_s01

    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    revise_s01(folder)  # turns 4 and 6 of the first version are 6 and 8 now
    run_cli("import", folder / "S01_pre.txt", cwd=project.root)
    sheet = tmp_path / "coded-in-excel.csv"
    sheet.write_text("document,segment,code,coder,excerpt\n"
                     "S01_pre,2,AD_EXAM,C,中考失利以后我很自卑\n"
                     "S01_pre,4,PF_FAMILY,C,我妈妈一直鼓励我\n"
                     "S01_pre,6,PF_GOAL,C,现在我有了目标\n", encoding="utf-8")
    result = run_cli("import-codings", sheet, cwd=project.root)
    assert result.exit_code == 0
    assert "matched 3 (2 by text, not its segment number, 1 by segment number)" in result.out
    assert ("warning: row 3: its text '我妈妈一直鼓励我' is in S01_pre segment 6, not 4: coded there (the sheet's turn "
            "numbers are off, perhaps from before the transcript was revised)") in result.out
    assert "is in S01_pre segment 8, not 6" in result.out
    placed = {code: (turn, words) for code, turn, words in current_codings(project)}
    assert placed["AD_EXAM"][0] == 2 and placed["PF_FAMILY"][0] == 6 and placed["PF_GOAL"][0] == 8
    assert placed["PF_FAMILY"][1].startswith("我妈妈一直鼓励我") and placed["PF_GOAL"][1].startswith("现在我有了目标")
    assert not any(role == "interviewer" for _, role, _ in codings_by_role(project))


ON_INTERVIEWER_TURNS = {
    "en": ("note: 2 coding(s) are on 2 interviewer turn(s) (S01_pre #1, S01_pre #3); interviewer turns are not "
           "participant data"),
    "zh": ("注意：2 条编码位于 2 个访谈者段落上（S01_pre #1, S01_pre #3）；访谈者段落不是受访者资料：请检查这些编码，或用 "
           "`qualcode documents speakers` 修正说话人的角色"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_qdpx_whose_codings_sit_on_interviewer_turns_says_how_many_and_where(project, run_cli, tmp_path, lang):
    """A REFI-QDA archive from another tool (here written by a second project, as NVivo or ATLAS.ti would)
    coding an interviewer's question: the import counted it among the codings and said nothing more."""
    from qualcode.app.api import code_segment, sync_codes
    from qualcode.app.interop import export_qdpx
    from qualcode.app.project import init_project
    from qualcode.storage import repository as repo

    other = init_project(tmp_path / "other-tool")
    sync_codes(other)
    import_transcripts(other, tmp_path / "incoming")
    document = repo.get_document(other.conn, "S01_pre", with_text=False)
    for turn, code in ((1, "AD_EXAM"), (2, "AD_EXAM"), (3, "PF_FAMILY")):
        code_segment(other, repo.segment_by_ordinal(other.conn, document.id, turn).id, code)
    archive = export_qdpx(other, tmp_path / "from-other-tool.qdpx").path
    other.close()
    result = run_cli("--lang", lang, "import", archive, cwd=project.root)
    assert result.exit_code == 0
    assert ON_INTERVIEWER_TURNS[lang] in result.out
    assert codings_by_role(project) == [(1, "interviewer", "AD_EXAM"), (2, "participant", "AD_EXAM"),
                                        (3, "interviewer", "PF_FAMILY")]


def test_more_than_five_interviewer_turns_are_named_five_then_dots_and_counted_once_each():
    from qualcode.app.importing.interviewer_places import turns_and_places

    places = [("S02_pre", 9), ("S01_pre", 3), ("S01_pre", 3), ("S01_pre", 11), ("S01_pre", 1), ("S02_pre", 1),
              ("S01_pre", 5)]
    assert turns_and_places(places) == (6, "S01_pre #1, S01_pre #3, S01_pre #5, S01_pre #11, S02_pre #1 ...")
    assert turns_and_places(places[:2]) == (2, "S01_pre #3, S02_pre #9")
