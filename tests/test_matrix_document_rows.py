"""A group interview imported without participant ids (QA round 29).

`小组访谈.txt` (访谈者, 学生A, 学生B) has no participant in its name or front matter. Its turns carry no case, so
`export matrix` and `join` wrote one row named `小组访谈` pooling both students' codings as if one participant,
and said nothing. The export now names such a row and the command that gives each speaker a participant id.
"""

from __future__ import annotations

import pandas as pd

GROUP = """访谈者：大家说说来职校以后的感受。
学生A：刚来的时候很自卑，觉得中考失利了。
学生B：我现在有目标了，想考电工证。
访谈者：家里人支持吗？
学生A：妈妈一直鼓励我。
"""


def test_a_matrix_row_that_is_a_group_interview_is_named_with_the_fix(sample_project, run_cli, tmp_path):
    root = sample_project.root
    source = tmp_path / "小组访谈.txt"
    source.write_text(GROUP, encoding="utf-8")
    assert run_cli("import", source, cwd=root).exit_code == 0
    assert run_cli("code", "小组访谈", "2", "AD_LOWSELF", cwd=root).exit_code == 0
    assert run_cli("code", "小组访谈", "3", "PF_GOAL", cwd=root).exit_code == 0
    out = root / "exports" / "matrix.csv"
    result = run_cli("export", "matrix", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    fix = '`qualcode documents speakers 小组访谈 --set "学生A=P01,学生B=P02"`'
    assert ("小组访谈 has no participant: its row is named after the document and pools its participant speaker(s) "
            f"学生A, 学生B; give each a participant id with {fix}") in result.err
    row = pd.read_csv(out).set_index("participant").loc["小组访谈"]
    assert row["AD_LOWSELF"] == 1 and row["PF_GOAL"] == 1  # two students' codings in one row
    long = run_cli("export", "long", "--out", root / "exports" / "long.csv", cwd=root)
    assert "小组访谈 has no participant: its row is named after the document" in long.err

    chinese = run_cli("--lang", "zh", "join", "--scores", root / "scores" / "rsca-sample.csv", "--scale", "rsca",
                      "--by", "wave", "--out", root / "exports" / "joined.csv", cwd=root)
    assert chinese.exit_code == 0, chinese.err
    assert "小组访谈 没有受访者编号：它在表中的一行以文档名命名，合并了其中所有受访者说话人 学生A, 学生B" in chinese.err

    assert run_cli("documents", "speakers", "小组访谈", "--set", "学生A=P01,学生B=P02", cwd=root).exit_code == 0
    fixed = run_cli("export", "matrix", "--out", out, "--force", cwd=root)
    assert "has no participant" not in fixed.err
    rows = pd.read_csv(out).set_index("participant")
    assert rows.loc["P01", "AD_LOWSELF"] == 1 and rows.loc["P02", "PF_GOAL"] == 1 and "小组访谈" not in rows.index


def test_two_group_interviews_are_offered_ids_no_one_has(project, run_cli, tmp_path):
    """The advice for two group interviews gave both `学生A=P01,学生B=P02`: followed as written, the students of the
    two groups would have become the same two participants."""
    for name in ("小组访谈", "焦点小组"):
        source = tmp_path / f"{name}.txt"
        source.write_text(GROUP, encoding="utf-8")
        assert run_cli("import", source, cwd=project.root).exit_code == 0
    assert run_cli("cases", "set", "P01", "group=intervention", cwd=project.root).exit_code == 0
    result = run_cli("export", "matrix", "--out", project.root / "exports" / "m.csv", cwd=project.root)
    assert result.exit_code == 0, result.err
    assert '`qualcode documents speakers 小组访谈 --set "学生A=P02,学生B=P03"`' in result.err
    assert '`qualcode documents speakers 焦点小组 --set "学生A=P04,学生B=P05"`' in result.err


def test_a_quote_from_a_group_interview_names_its_speaker(project, run_cli, tmp_path):
    """Quotes from a group interview were attributed `— 小组访谈，小组访谈 第2段`: the document twice and no word of
    which student spoke; a turn of no case is attributed to its speaker now."""
    source = tmp_path / "小组访谈.txt"
    source.write_text(GROUP, encoding="utf-8")
    root = project.root
    assert run_cli("import", source, cwd=root).exit_code == 0
    assert run_cli("code", "小组访谈", "2", "AD_LOWSELF", cwd=root).exit_code == 0
    out = root / "exports" / "quotes.md"
    assert run_cli("export", "quotes", "--lang", "zh", "--out", out, cwd=root).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "> — 学生A，小组访谈 第2段" in text and "小组访谈，小组访谈" not in text
