"""A coder written with a title word (`coder A`, `Coder A`, `编码员A`, `A老师`) beside a coder `A` who has codings is
most likely the same person, but may be a colleague: it is kept apart (never merged or refused) and said, naming
both, by `import-codings` and by `--coder`. Before, such codings became a coder of their own without a word, left
out of `agreement --coders A B` and pooled beside A in every export."""

from __future__ import annotations


def _project_with_a(run_cli, project):
    source = project.root / "transcripts" / "S01_pre.txt"
    source.write_text("访谈者：你最近压力大吗？\n受访者：我给自己定了目标。\n访谈者：家里呢？\n受访者：我妈妈很支持我。\n",
                      encoding="utf-8")
    root = project.root
    assert run_cli("--project", root, "import", source).exit_code == 0
    assert run_cli("--project", root, "--coder", "A", "code", "S01_pre", "2", "PF_GOAL").exit_code == 0
    return root


def test_a_sheet_coder_written_with_a_title_beside_a_coder_is_imported_and_named(project, run_cli):
    root = _project_with_a(run_cli, project)
    sheet = root / "c.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,4,PF_FAMILY,coder A\nS01_pre,4,PF_GOAL,Tom\n",
                     encoding="utf-8")
    result = run_cli("--project", root, "import-codings", sheet)
    assert result.exit_code == 0, result.err
    assert ("warning: coder 'coder A' may be the same person as 'A', who has codings here: kept as a coder of their "
            "own (coder names are compared exactly); if they are one person, use --coder A (or write A in the sheet) "
            "and take this back with `qualcode undo`") in result.out, result.out
    assert "'Tom'" not in result.out   # a coder of another name is nobody's twin
    assert "codings added: 2" in result.out


def test_coder_option_with_a_title_beside_a_coder_is_said_in_chinese_and_not_refused(project, run_cli):
    root = _project_with_a(run_cli, project)
    result = run_cli("--project", root, "--lang", "zh", "--coder", "编码员A", "code", "S01_pre", "4", "PF_FAMILY")
    assert result.exit_code == 0, result.err
    assert "qualcode：警告：编码员 '编码员A' 可能与本项目中已有编码的 'A' 是同一人" in result.err, result.err


def test_title_twins_are_the_same_letter_or_name_only():
    from qualcode.app.coders import titled_twins

    known = ["A", "Anna", "B老师"]
    assert {name: titled_twins(name, known) for name in
            ["coder A", "Coder A", "编码员A", "A老师", "Ａ老师", "coder Anna", "B", "coder", "Anna", "a", "AB"]} == {
        "coder A": ["A"], "Coder A": ["A"], "编码员A": ["A"], "A老师": ["A"], "Ａ老师": ["A"], "coder Anna": ["Anna"],
        "B": ["B老师"], "coder": [], "Anna": [], "a": [], "AB": []}
