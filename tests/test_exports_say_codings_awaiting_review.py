"""Codings whose words a revised transcript deleted (QA round 29).

Re-importing a transcript with a sentence cut leaves the coding on it in `qualcode review`, on the replaced
version: the import says so once. Every table exported after it (matrix, long, pre/post …) then counted one
coding fewer, and said nothing: a matrix written a week later had a 1 turned to 0 without a word.
"""

from __future__ import annotations

import pandas as pd

FIRST = """---
participant: S30
wave: pre
---
访谈者：你来职校多久了？
受访者：一年多了。刚来的时候很不适应，觉得很迷茫。
访谈者：现在呢？
受访者：现在我有了目标，想考电工证。
"""


def test_tables_written_after_a_revision_say_which_codings_they_leave_out(project, run_cli, tmp_path):
    source = tmp_path / "S30_pre.txt"
    source.write_text(FIRST, encoding="utf-8")
    root = project.root
    assert run_cli("import", source, cwd=root).exit_code == 0
    assert run_cli("code", "S30_pre", "2", "AD_CONFUSION", cwd=root).exit_code == 0
    source.write_text(FIRST.replace("一年多了。刚来的时候很不适应，觉得很迷茫。", "一年多了。"), encoding="utf-8")
    assert run_cli("import", source, cwd=root).exit_code == 0
    out = root / "exports" / "m.csv"
    result = run_cli("export", "matrix", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert ("1 coding(s) whose words a revised transcript deleted are not counted (S30_pre AD_CONFUSION); "
            "`qualcode review` shows them") in result.err
    assert pd.read_csv(out).set_index("participant").loc["S30", "AD_CONFUSION"] == 0
    chinese = run_cli("--lang", "zh", "export", "long", "--out", root / "exports" / "long.csv", cwd=root)
    assert "1 条编码所在的文字已被修订的转录稿删除，未计入（S30_pre AD_CONFUSION）" in chinese.err


def test_tables_of_participant_turns_say_which_codings_on_interviewer_turns_they_leave_out(project, run_cli, tmp_path):
    """A coding on the interviewer's question (made with a warning, or brought in from another tool) was left out
    of every table of participant turns without a word."""
    source = tmp_path / "S30_pre.txt"
    source.write_text(FIRST, encoding="utf-8")
    root = project.root
    assert run_cli("import", source, cwd=root).exit_code == 0
    assert run_cli("code", "S30_pre", "1", "AD_CONFUSION", cwd=root).exit_code == 0
    out = root / "exports" / "m.csv"
    result = run_cli("export", "matrix", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert ("1 coding(s) on interviewer or other turns are not counted (S30_pre #1 AD_CONFUSION); --role all counts "
            "them") in result.err
    everyone = run_cli("export", "matrix", "--role", "all", "--out", out, "--force", cwd=root)
    assert "interviewer or other turns" not in everyone.err
    assert pd.read_csv(out).set_index("participant").loc["S30", "AD_CONFUSION"] == 1
