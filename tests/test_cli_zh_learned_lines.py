"""The result lines of `suggest`, `next` and `eval suggestions` in a Chinese interface: the learned model's note
(what the library says about how it trained) and `next`'s and `eval`'s own lines. Real project, real jieba and
scikit-learn, the CLI in-process."""

from __future__ import annotations

import re

from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 uncoded)
from qualcode.app.suggesting.learning import Training
from qualcode.cli.words import cli_translator, library_note

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_engine_line_and_next_say_the_learned_note_in_chinese(coded_project, run_cli):
    root = str(coded_project.root)
    suggest = run_cli("--project", root, "--lang", "zh", "suggest", "--engine", "learned", "--jobs", "1")
    assert suggest.exit_code == 0, suggest.err
    engine = next(line for line in suggest.out.splitlines() if line.startswith("引擎"))
    assert engine == "引擎：learned（学习模型：新训练，12 个已编码段落（编码者 human），0 个标为无适用编码的段落）"

    listed = run_cli("--project", root, "--lang", "zh", "next")
    assert listed.exit_code == 0, listed.err
    lines = listed.out.splitlines()
    assert lines[0].split() == ["文档", "段", "最没把握的编码", "得分", "阈值", "文本"]
    assert lines[-1] == ("共 1 个未编码的受访者段落，显示 1 个（学习模型：沿用缓存的模型，12 个已编码段落（编码者 human），"
                         "0 个标为无适用编码的段落）")

    english = run_cli("--project", root, "--lang", "en", "next")   # the English lines are as they always were
    assert english.out.splitlines()[-1] == ("1 of 1 uncoded participant turn(s) shown (learned model: reused, "
                                            "12 coded turn(s) by human, 0 reviewed uncoded)")


def test_a_chosen_coder_s_next_lines_are_chinese_too(coded_project, run_cli):
    listed = run_cli("--project", str(coded_project.root), "--lang", "zh", "next", "--train-coder", "human")
    assert listed.exit_code == 0, listed.err
    assert listed.out.splitlines()[-1].startswith("共 1 个 human 未编码的受访者段落，显示 1 个（学习模型：新训练，")


def test_notes_of_many_coders_and_reasons_are_translated_and_an_unknown_note_stays_whole():
    zh = cli_translator("zh", None)
    many = Training(None, how="reused", turns=40, negatives=3, coders=("a", "b", "c", "d", "e"))
    assert library_note(zh, many.summary()) == ("沿用缓存的模型，40 个已编码段落（编码者 a, b, c 等另外 2 人），"
                                               "3 个标为无适用编码的段落")
    assert library_note(zh, "no human codings yet") == "还没有人工编码"
    assert library_note(zh, "a note no pattern knows") == "a note no pattern knows"
    assert library_note(cli_translator("en", None), many.summary()) == many.summary()


def test_eval_suggestions_prints_its_table_and_lines_in_chinese(sample_project, run_cli):
    root = str(sample_project.root)
    imported = run_cli("--project", root, "import-codings", str(sample_project.root / "codings" / "researcher-A.csv"))
    assert imported.exit_code == 0, imported.err
    result = run_cli("--project", root, "--lang", "zh", "eval", "suggestions", "--engine", "keywords", "--coder", "A",
                     "--learn", "--folds", "2")
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert re.fullmatch(r"建议（得分 >= 0\.3）对照 A 的编码，\d+ 个受访者段落", lines[0]), lines[0]
    assert lines[1].split() == ["编码", "人工编码数", "tp", "fp", "fn", "精确率", "召回率", "f1", "kappa"]
    assert any(line.startswith("微平均 ") for line in lines) and any(line.startswith("宏平均 ") for line in lines)
    assert any(line.startswith("各折 micro-F1：") for line in lines)
    # Every line but the table's code rows carries Chinese words (no English sentence left over).
    prose = [line for line in lines[2:] if not re.match(r"[A-Z][A-Z_]+ ", line) or "学到的关键词" in line]
    assert prose and all(HAN.search(line) for line in prose), prose
