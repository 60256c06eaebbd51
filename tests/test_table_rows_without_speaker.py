"""A turn-per-row spreadsheet whose speaker cell is left empty where a row continues the turn above (QA round
28): the way Excel transcription templates are filled, and what a speaker cell merged over two rows reads as.
The row became a turn of its own with role "other": the participant's words left the participant data
(status, suggestions, the matrix) and the import report said nothing. Now it says so, naming the rows."""

from __future__ import annotations

import openpyxl
import pytest

NAMED = {
    "en": ("1 row(s) without a speaker (row 4) are turns of their own with role other, not participant data: fill in "
           "the speaker where a row continues the turn above (a merged speaker cell reads as empty below its first "
           'row), or set [transcripts] unlabelled_paragraphs = "participant"',
           "1 row(s) without a speaker read as participant turns"),
    "zh": ("1 行没有说话人（第 4 行），各自成为角色为“其他”的段落，不算受访者资料：某行接续上一行的发言时，请填上说话人"
           "（合并的说话人单元格在第一行以下读作空），或在 qualcode.toml 中设置 [transcripts] unlabelled_paragraphs = "
           '"participant"',
           '1 行没有说话人，按受访者段落读入（[transcripts] unlabelled_paragraphs = "participant"）'),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_speaker_cell_is_named_in_the_import_report(project, run_cli, tmp_path, lang):
    sheet = tmp_path / "S16_pre.xlsx"
    book = openpyxl.Workbook()
    rows = book.active
    rows.append(["说话人", "内容"])
    rows.append(["访谈者", "你好，最近怎么样？"])
    rows.append(["受访者", "还行吧。"])
    rows.append([None, "就是有时候觉得压力挺大的，家里经济不好。"])
    rows.merge_cells("A3:A4")
    rows.append(["访谈者", "那你怎么应对？"])
    rows.append(["受访者", "找社工姐姐聊聊天。"])
    book.save(sheet)
    result = run_cli("--lang", lang, "import", sheet, cwd=project.root)
    assert result.exit_code == 0, result.err
    assert NAMED[lang][0] in result.out
    roles = [r[0] for r in project.conn.execute("SELECT role FROM segments ORDER BY ordinal")]
    assert roles == ["interviewer", "participant", "other", "interviewer", "participant"]  # as documented

    (project.root / "qualcode.toml").write_text('[transcripts]\nunlabelled_paragraphs = "participant"\n',
                                                encoding="utf-8")
    sheet.rename(tmp_path / "S17_pre.xlsx")
    again = run_cli("--lang", lang, "import", tmp_path / "S17_pre.xlsx", cwd=project.root)
    assert again.exit_code == 0 and "not participant data" not in again.out and "不算受访者资料" not in again.out
    assert NAMED[lang][1] in again.out
