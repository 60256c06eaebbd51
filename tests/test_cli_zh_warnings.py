"""Under a Chinese interface (``--lang zh`` or ``[tui] language = "zh"``) the lines a researcher reads first are
Chinese too: what ``init`` prints, and the warnings of ``status``, ``next`` and ``suggest`` (prefix and message,
through the TUI's catalogue of app-layer messages). Real CLI in-process, real SQLite, real jieba/scikit-learn."""

from __future__ import annotations

import re

from test_learned_outside_qa import _hobby_coded_once
from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 not)

LATIN_WORDS = re.compile(r"[A-Za-z]{4,}")


def test_init_speaks_the_interface_language_it_writes(run_cli, tmp_path):
    result = run_cli("--lang", "zh", "init", tmp_path / "study")
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"已创建 qualcode 项目：{tmp_path / 'study'}"
    assert lines[1] == "  界面语言 zh（来自 --lang；可在 qualcode.toml 的 [tui] language 中修改）"
    assert lines[3] == "  transcripts/ 把访谈文件放在这里，然后运行 `qualcode import transcripts/`"
    english = run_cli("--lang", "en", "init", tmp_path / "other")
    assert english.out.splitlines()[0] == f"Created a qualcode project in {tmp_path / 'other'}"


def test_status_warnings_are_chinese_under_lang_zh(project, run_cli):
    text = "Interviewer: Tell me about the year.\nIt was long. I moved twice and changed schools.\n"
    (project.root / "transcripts" / "S31.txt").write_text(text, encoding="utf-8")
    imported = run_cli("--project", project.root, "--lang", "zh", "import", project.root / "transcripts")
    assert imported.exit_code == 0, imported.err
    assert "没有受访者段落（说话人：Interviewer (interviewer)）" in imported.out   # the import table's column
    status = run_cli("--project", project.root, "--lang", "zh", "status")
    warned = [line for line in status.out.splitlines() if "S31：" in line]
    assert warned and warned[0].startswith("警告：S31：没有受访者段落（说话人：Interviewer (interviewer)）；请核对说话人"), \
        status.out
    assert not [line for line in status.out.splitlines()[1:] if "warning" in line], status.out
    english = run_cli("--project", project.root, "status")
    assert "warning: S31: no participant turns (speakers: Interviewer (interviewer))" in english.out


def test_next_names_the_codes_it_could_not_learn_in_chinese(coded_project, run_cli):
    _hobby_coded_once(coded_project, "S04_pre")
    result = run_cli("--project", str(coded_project.root), "--lang", "zh", "next")
    assert result.exit_code == 0, result.err
    warned = [line for line in result.err.splitlines() if "HOBBY" in line]
    assert warned == ["qualcode：警告：编码 HOBBY：只有 1 个人工例子，至少要 3 个才能学习（编码本有文字说明的编码要 2 个）；未学习"], \
        result.err


def test_eval_split_warnings_are_chinese(coded_project, run_cli):
    _hobby_coded_once(coded_project, "S01_pre")
    result = run_cli("--project", str(coded_project.root), "--coder", "human", "--lang", "zh", "eval",
                     "suggestions", "--engine", "learned", "--train-fraction", "0.5", "--folds", "3")
    assert result.exit_code == 0, result.err
    hobby = [line for line in result.err.splitlines() if "HOBBY" in line]
    assert hobby and hobby[0].startswith("qualcode：警告：编码 HOBBY：在 3 次划分中的 3 次的已编码文档中只有 0-1 个人工例子"), hobby
    assert not LATIN_WORDS.search(hobby[0].replace("qualcode", "").replace("HOBBY", "")), hobby
