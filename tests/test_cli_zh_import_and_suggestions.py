"""Under a Chinese interface the import report's speaker lines (who, the role chosen and why) and `suggestions
list` (headings, statuses, the count) are Chinese; English keeps the lines it always printed. Real CLI
in-process, real SQLite, real jieba."""

from __future__ import annotations

G01 = "老师：你好吗？\n小王：还行吧，最近压力有点大。\n老师：为什么？\n小王：考试太多了，作业也写不完。\n"


def test_the_import_report_says_who_spoke_and_why_in_chinese(project, run_cli):
    (project.root / "transcripts" / "G01.txt").write_text(G01, encoding="utf-8")
    (project.root / "transcripts" / "S01_pre.txt").write_text("访谈者：最近好吗？\n受访者：还行。\n", encoding="utf-8")
    result = run_cli("--project", project.root, "--lang", "zh", "import", project.root / "transcripts")
    assert result.exit_code == 0, result.err
    lines = [line.strip() for line in result.out.splitlines()]
    assert "老师：访谈者——'老师' 指访谈者（2 个话轮）" in lines, result.out
    assert "小王：受访者——不是访谈者（访谈者是 老师）（2 个话轮）" in lines, result.out
    assert "访谈者：访谈者——识别出的说话人标签（1 个话轮）" in lines, result.out


def test_the_english_import_report_is_unchanged(project, run_cli):
    (project.root / "transcripts" / "G01.txt").write_text(G01, encoding="utf-8")
    result = run_cli("--project", project.root, "--lang", "en", "import", project.root / "transcripts")
    assert "  小王: participant — not the interviewer (老师 is) (2 turns)" in result.out.splitlines(), result.out


def test_suggestions_list_reads_in_chinese(project, run_cli):
    from conftest import CHINESE_INTERVIEW

    (project.root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert run_cli("--project", project.root, "import", project.root / "transcripts").exit_code == 0
    assert run_cli("--project", project.root, "suggest", "--engine", "keywords", "--jobs", "1").exit_code == 0
    listed = run_cli("--project", project.root, "--lang", "zh", "suggestions", "list", "--limit", "1")
    assert listed.exit_code == 0, listed.err
    lines = listed.out.splitlines()
    assert lines[0].split() == ["id", "文档", "段", "编码", "得分", "状态", "依据"], listed.out
    assert lines[1].split()[5] == "待定", listed.out
    total = int(run_cli("--project", project.root, "suggestions", "list").out.splitlines()[-1].split()[0])
    assert total > 1
    assert lines[-1] == f"{total} 条建议，另有 {total - 1} 条未显示（--limit）", listed.out


def test_a_speaker_fix_that_matched_no_one_is_a_chinese_note(project, run_cli):
    (project.root / "transcripts" / "G01.txt").write_text(G01, encoding="utf-8")
    config = project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[transcripts.speaker_roles]\nNobody = "interviewer"\n',
                      encoding="utf-8")
    result = run_cli("--project", project.root, "--lang", "zh", "import", project.root / "transcripts")
    assert result.exit_code == 0, result.err
    notes = [line for line in result.out.splitlines() if "Nobody" in line]
    assert len(notes) == 1 and notes[0].startswith("注意：") and \
        notes[0].endswith("'Nobody' 没有对应这些文件中的任何说话人"), result.out


def test_a_revised_transcript_reports_what_followed_its_words_in_chinese(project, run_cli):
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text("访谈者：最近好吗？\n受访者：还行，就是作业多。\n访谈者：家里呢？\n受访者：妈妈很支持我。\n",
                    encoding="utf-8")
    root = project.root
    assert run_cli("--project", root, "import", path).exit_code == 0
    assert run_cli("--project", root, "code", "S01_pre", "4", "PF_FAMILY").exit_code == 0
    assert run_cli("--project", root, "review", "done", "S01_pre").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("最近好吗", "最近过得好吗"), encoding="utf-8")
    again = run_cli("--project", root, "--lang", "zh", "import", path)
    assert again.exit_code == 0, again.err
    lines = [line.strip() for line in again.out.splitlines()]
    assert "编码：旧版本上共 1 条；1 条原样移到新版本，0 条移到改动过的文字上（已标记待复核），0 条所在文字已删除，" \
           "留在旧版本上（已标记待复核）" in lines, again.out
    assert "已审阅段落（“无适用编码”）：1 个标记随文字移动，0 个所在段落已改动或删除，留在旧版本上" in lines, again.out


def test_import_codings_reports_in_chinese(project, run_cli):
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text("访谈者：家里呢？\n受访者：妈妈很支持我。\n访谈者：学习呢？\n受访者：作业太多了。\n", encoding="utf-8")
    assert run_cli("--project", project.root, "import", path).exit_code == 0
    sheet = project.root / "codings.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,2,PF_FAMILY,A\nS01_pre,1,PF_FAMILY,A\n", encoding="utf-8")
    result = run_cli("--project", project.root, "--lang", "zh", "import-codings", sheet)
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{sheet}：长表，2 行；匹配 2 行（按段落编号 2 行）", result.out
    assert lines[1] == "  新增编码：2 条", result.out
    assert "  警告：1 条编码落在 1 个访谈者段落上（S01_pre #1）；访谈者段落不是受访者资料：请检查表中的段落编号是否也计入了" \
           "访谈者的段落（qualcode 的编号计入），或用 `qualcode undo` 撤销这次导入" in lines, result.out
    sheet.write_text("document,segment,code,coder\nS01_pre,9,PF_FAMILY,A\nS01_pre,4,PF_FAMILY,A\n", encoding="utf-8")
    partly = run_cli("--project", project.root, "--lang", "zh", "import-codings", sheet)
    assert partly.exit_code != 0   # one row placed, one not: said, never silent
    assert "  未匹配：第 2 行：S01_pre 没有第 9 段" in partly.out.splitlines(), partly.out
    again = run_cli("--project", project.root, "import-codings", sheet)
    assert again.out.splitlines()[:3] == [f"{sheet}: long sheet, 2 rows; matched 1 (1 by segment number)",
                                         "  codings added: 0 (1 were already there)",
                                         "  unmatched: row 2: S01_pre has no segment 9"], again.out
