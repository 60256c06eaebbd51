"""`qualcode review done` before a revised transcript is imported again (QA round 27).

The marks ("no code applies": the learned model's negatives, agreement's reviewed turns, the home screen's
progress) stayed on the replaced version: after the re-import `review status` showed every marked turn as left
to do, and the import did not say so. They now follow the turns whose words are unchanged, are counted, and
an undo of the marking takes the carried marks away too."""

from __future__ import annotations

import pytest

from tests.test_stale_windows import revise_s01
from tests.tui_fixtures import import_transcripts

CHANGED = "有一个弟弟。"


def status_of(run_cli, root, name: str = "S01_pre") -> list[str]:
    line = next(line for line in run_cli("review", "status", cwd=root).out.splitlines() if line.startswith(name + " "))
    return line.split()[1:]  # participant turns, coded, no code applies, left


CARRIED = {
    "en": ('reviewed turns ("no code applies"): 1 mark(s) moved with their words, 1 on changed or deleted turns '
           "left on the old version",
           "1 reviewed-turn mark(s) were on turns whose words changed"),
    "zh": ("已审阅段落（“无适用编码”）：1 个标记随文字移动，1 个所在段落已改动或删除，留在旧版本上",
           "1 个已审阅标记所在段落的文字已改动；在你重新查看之前，这些段落算作未审阅"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_review_marks_follow_unchanged_turns_into_the_new_version_and_are_counted(project, run_cli, tmp_path, lang):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    run_cli("code", "S01_pre", "2", "AD_EXAM", cwd=project.root)
    assert "2 turn(s) marked" in run_cli("review", "done", "S01_pre", cwd=project.root).out
    assert status_of(run_cli, project.root) == ["3", "1", "2", "0"]
    revise_s01(folder)  # an exchange inserted: one new participant turn, the marked ones unchanged
    source = folder / "S01_pre.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("想先考电工证", "想先考焊工证"), encoding="utf-8")
    result = run_cli("--lang", lang, "import", source, cwd=project.root)
    assert CARRIED[lang][0] in result.out
    assert CARRIED[lang][1] in result.out
    # the unchanged turn keeps its mark; the changed one and the inserted one are left to do
    assert status_of(run_cli, project.root) == ["4", "1", "1", "2"]


def test_undo_of_a_marking_made_before_the_reimport_takes_the_carried_marks_and_redo_refuses(project, run_cli,
                                                                                              tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    run_cli("review", "done", "S01_pre", cwd=project.root)
    revise_s01(folder)
    run_cli("--coder", "colleague", "import", folder / "S01_pre.txt", cwd=project.root)
    assert status_of(run_cli, project.root) == ["4", "0", "3", "1"]
    undone = run_cli("undo", cwd=project.root)
    assert undone.exit_code == 0 and '3 turn(s) marked "no code applies"' in undone.out
    assert status_of(run_cli, project.root) == ["4", "0", "0", "4"]
    redone = run_cli("redo", cwd=project.root)
    assert redone.exit_code == 2
    assert "S01_pre was imported again after this action; the review mark is not put back" in redone.err
    from qualcode.tui.error_words import message_in

    assert message_in("zh", redone.err.removeprefix("qualcode: error: ").strip()) == \
        "S01_pre 在这一步之后已重新导入；审阅标记不会恢复到旧版本上——请在 S01_pre 上重新标记该段"
    assert status_of(run_cli, project.root) == ["4", "0", "0", "4"]


def test_a_memo_on_a_turn_the_revision_deleted_is_said_in_chinese(project, run_cli, tmp_path):
    """The import's warning for a turn memo left on the old version, under --lang zh: it stayed English."""
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    assert run_cli("memo", "segment", "S01_pre:6", "目标这段要回头再看", cwd=project.root).exit_code == 0
    source = folder / "S01_pre.txt"
    source.write_text(source.read_text(encoding="utf-8").split("访谈者：现在呢？")[0], encoding="utf-8")
    result = run_cli("--lang", "zh", "import", source, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert "1 条段落备忘所在的段落已删除；它们留在第 1 版上（`qualcode memos list`）" in result.out, result.out
    assert "turn memo(s)" not in result.out
