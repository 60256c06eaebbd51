"""Questionnaire answers as survey platforms export them (thesis QA round 31).

问卷星's SPSS export and many hand-made sheets number every question of the survey `Q1, Q2, …`, the
demographic questions first; the 27 RSCA items are then `Q3 … Q29`. The item pattern read `Q1 … Q27` as items
1 … 27: a gender and a grade answer (1–2, 1–3, inside the 1–5 range) were scored as items 1 and 2, items 26 and
27 (`Q28`, `Q29`) were left out, and every factor score was written wrong, exit 0, without a word.
"""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.questionnaire import load_scale
from qualcode.analysis.scoring import score_answers




def _numbered_like_a_survey(root):
    """The sample's answers with two demographic questions first: Q1 gender, Q2 grade, then Q3 … Q29 the items."""
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    survey = answers[["id", "wave"]].copy()
    survey["Q1"] = [1 + i % 2 for i in range(len(answers))]
    survey["Q2"] = [1 + i % 3 for i in range(len(answers))]
    for item in range(1, 28):
        survey[f"Q{item + 2}"] = answers[f"RSCA{item}"]
    path = root / "scores" / "survey.csv"
    survey.to_csv(path, index=False)
    return path, answers


def test_items_numbered_among_other_questions_are_refused_not_read_shifted(sample_project, run_cli):
    root = sample_project.root
    survey, _ = _numbered_like_a_survey(root)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", survey, "--out", out, cwd=root)
    assert result.exit_code == 2 and not out.exists()
    assert (f"{survey}: column(s) Q28, Q29 are numbered like items past the 27 of rsca, so the file numbers "
            "questions other than the scale's items too and Q1 need not be item 1") in result.err
    assert "--map 1-27=Q3-Q29" in result.err
    joined = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", survey, "--scale", "rsca", "--by", "wave", "--out", joined, cwd=root)
    assert result.exit_code == 2 and not joined.exists() and "Q28, Q29" in result.err

    # RSCA1 … RSCA27 beside the survey's own Q30 (an open question): the items are plain, nothing is refused
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["Q30"] = "还好"
    sheet = root / "scores" / "with-q30.csv"
    answers.to_csv(sheet, index=False)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert list(pd.read_csv(out)["Q30"]) == ["还好"] * len(answers)


def test_a_range_map_scores_the_items_where_they_are(sample_project, run_cli):
    root = sample_project.root
    survey, answers = _numbered_like_a_survey(root)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", survey, "--map", "1-27=Q3-Q29", "--out", out,
                     cwd=root)
    assert result.exit_code == 0, result.err
    expected = score_answers(answers, load_scale("rsca"), id_column="id").scores
    written = pd.read_csv(out)
    assert list(written["Q1"]) == list(range(1, 3)) * (len(answers) // 2)  # kept as a column, not scored
    pd.testing.assert_series_equal(written["RSCA_TOTAL"], expected["RSCA_TOTAL"], check_names=False)
    pd.testing.assert_series_equal(written["RSCA_EMOTION"], expected["RSCA_EMOTION"], check_names=False)


def test_a_range_map_of_unequal_lengths_is_one_message(sample_project, run_cli):
    root = sample_project.root
    survey, _ = _numbered_like_a_survey(root)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", survey, "--map", "1-27=Q3-Q28", cwd=root)
    assert result.exit_code == 2
    assert "'1-27=Q3-Q28': 27 items but 26 columns" in result.err


WORDS = {1: "完全不符合", 2: "比较不符合", 3: "说不清", 4: "比较符合", 5: "完全符合"}


def test_answers_downloaded_as_words_and_skipped_questions_score_as_the_numbers(sample_project, run_cli):
    """问卷星's 按选项文本下载 writes each answer as its words, (跳过) or (空) where a question was not answered, and
    its numbers download -3; the words were `non-numeric`, -3 `out-of-range`: nothing could be scored."""
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    words = answers.copy()
    for item in range(1, 28):
        words[f"RSCA{item}"] = answers[f"RSCA{item}"].map(WORDS.get).astype(object)
    skipped = {(0, "RSCA3"): "(跳过)", (1, "RSCA8"): "（跳过）", (2, "RSCA10"): "(空)", (3, "RSCA27"): "-3"}
    for (row, column), mark in skipped.items():
        words.loc[row, column] = mark
        answers.loc[row, column] = None
    words.loc[4, "RSCA5"] = " 比较 符合"  # spaces typed into the option's words
    answers.loc[4, "RSCA5"] = 4
    sheet = root / "scores" / "wjx-words.csv"
    words.to_csv(sheet, index=False)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    for (row, column), _ in skipped.items():
        item = column.removeprefix("RSCA")
        assert f"row {row + 2} (id {answers.loc[row, 'id']}), column {column} (item {item}): missing" in result.err
    expected = score_answers(answers, load_scale("rsca"), id_column="id").scores
    written = pd.read_csv(out)
    for column in load_scale("rsca").score_columns():
        pd.testing.assert_series_equal(written[column], expected[column], check_names=False)


def test_words_the_scale_does_not_know_are_named_once_each_with_the_way_to_number_them(sample_project, run_cli):
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["RSCA1"] = ["有点符合"] * 3 + ["很不符合"] * (len(answers) - 3)
    sheet = root / "scores" / "own-words.csv"
    answers.to_csv(sheet, index=False)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, cwd=root)
    assert result.exit_code == 2
    assert (f"Answers written as words: 很不符合 ({len(answers) - 3}), 有点符合 (3); download the answers as numbers "
            "(问卷星: 按选项序号下载), or number the words in a copy of the scale, scales/rsca.yaml, under response: "
            "labels") in result.err

    scale = (root / "scales")
    scale.mkdir()
    shipped = load_scale("rsca").path
    text = open(shipped, encoding="utf-8").read().replace("2: [比较不符合, 不太符合]", "2: [比较不符合, 很不符合]")
    (scale / "rsca.yaml").write_text(text.replace("4: [比较符合]", "4: [比较符合, 有点符合]"), encoding="utf-8")
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, cwd=root)
    assert result.exit_code == 0, result.err


def test_student_numbers_saved_as_decimals_match_with_normalize_ids(tmp_path):
    """A colleague's sheet saved by pandas or SPSS writes the student number 007 as `7.0`; --normalize-ids matched
    `7` with `007` but not `7.0`, so every row was refused as matching no participant."""
    from qualcode.analysis.join import join_scores
    from qualcode.analysis.table import LabelledTable
    from qualcode.io.tables import read_table

    sheet = tmp_path / "rsca.csv"
    pd.DataFrame({"学号": [7.0, 12.0, 30.0], "RSCA_TOTAL": [3.1, 2.9, 4.0]}).to_csv(sheet, index=False)
    assert sheet.read_text(encoding="utf-8").splitlines()[1].startswith("7.0,")
    matrix = LabelledTable(pd.DataFrame({"participant": ["007", "012", "2.10"], "PF_GOAL": [1, 0, 2]}))
    scores = read_table(sheet, text_columns=("学号",), header_hint=("学号",))
    joined = join_scores(matrix, scores, id_column="学号", normalize_ids=True).table.frame
    matched = joined[joined["matched"] == "both"]
    assert dict(zip(matched["participant"], matched["RSCA_TOTAL"], strict=True)) == {"007": 3.1, "012": 2.9}
    assert set(joined.loc[joined["matched"] != "both", "participant"]) == {"2.10", "30.0"}  # as written; 2.10 is not 2.1


def test_a_wave_merged_down_the_rows_in_excel_is_named_as_the_cause(sample_project, run_cli):
    """前测 merged over the rows of the first wave, 后测 over the rest: Excel stores each in its first row only. The
    join keyed the other rows by the wave `NAN` and stopped with `duplicate ids in the scores: S02/NAN in rows 3,
    9`, naming neither the empty cells nor the merge."""
    import openpyxl

    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv").sort_values("wave", key=lambda w: w != "pre")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["测量", "学号", *[f"RSCA{i}" for i in range(1, 28)]])
    for wave, label in (("pre", "前测"), ("post", "后测")):
        rows = answers[answers["wave"] == wave]
        first = sheet.max_row + 1
        for index, (_, row) in enumerate(rows.iterrows()):
            sheet.append([label if index == 0 else None, row["id"], *[row[f"RSCA{i}"] for i in range(1, 28)]])
        sheet.merge_cells(f"A{first}:A{sheet.max_row}")
    path = root / "scores" / "merged.xlsx"
    book.save(path)
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", path, "--scale", "rsca", "--id-column", "学号", "--wave-column", "测量",
                     "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 2 and not out.exists()
    empty_rows = [r for r in range(2, 2 + len(answers)) if r not in (2, 2 + (answers["wave"] == "pre").sum())]
    assert (f"{path}: row(s) {', '.join(map(str, empty_rows[:8]))} … ({len(empty_rows)} rows) have an id but no "
            "wave in column '测量'; a wave written once over many rows (cells merged in Excel) is stored in the "
            "first of them only: unmerge the cells and fill the wave into every row; nothing written") in result.err


def test_the_survey_platforms_row_number_is_not_tested_or_correlated_as_a_score(sample_project, run_cli):
    """问卷星's download starts 序号, 提交答卷时间, 所用时间 …; `scores compute` keeps those columns, and `export prepost`
    then tested 序号 (the row counter: pre rows 1–6, post 7–12) as a score, `Wilcoxon p` and all, and `join
    --correlate` correlated every code with it."""
    root = sample_project.root
    run_cli("import-codings", root / "codings" / "researcher-A.csv", cwd=root)
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv").sort_values("wave", key=lambda w: w != "pre")
    answers.insert(0, "序号", range(1, len(answers) + 1))
    answers.insert(1, "所用时间", "300秒")
    sheet = root / "scores" / "wjx.csv"
    answers.to_csv(sheet, index=False)
    scores = root / "exports" / "rsca.csv"
    assert run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--out", scores, cwd=root).exit_code == 0
    result = run_cli("export", "prepost", "--scores", scores, "--out", root / "exports" / "pp.csv", cwd=root)
    assert result.exit_code == 0, result.err
    tested = pd.read_csv(root / "exports" / "pp-scores.csv")["score"].tolist()
    assert "序号" not in tested and "RSCA_TOTAL" in tested
    assert f"{scores}: column(s) 序号, 所用时间 are the survey platform's bookkeeping" in result.err
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", scores, "--by", "wave", "--correlate", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    correlated = set(pd.read_csv(root / "exports" / "joined-correlations.csv")["score"])
    assert "序号" not in correlated and "RSCA_TOTAL" in correlated
    assert "序号" in pd.read_csv(out).columns  # kept in the table, only not analysed


def test_items_are_mapped_by_their_question_numbers_in_a_wjx_download(sample_project, run_cli):
    """问卷星 names each column by its question: `1、您的学号：`, `2、测量：`, `3、我…`. The items had to be mapped one
    by one with their full wording (`--map 1=3、我有一个… ×27`); `--map 1-27=#3-#29` maps them by number."""
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    download = pd.DataFrame({"序号": range(1, len(answers) + 1), "1、您的学号：": answers["id"],
                             "2、测量：": answers["wave"].map({"pre": "前测", "post": "后测"})})
    for item in range(1, 28):
        download[f"{item + 2}、第{item}题的陈述（略）"] = answers[f"RSCA{item}"]
    download["30、您还有什么想说的？"] = "没有"
    sheet = root / "scores" / "wjx.csv"
    download.to_csv(sheet, index=False, encoding="gb18030")
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "1、您的学号：",
                     "--wave-column", "2、测量：", "--map", "1-27=#3-#29", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    expected = score_answers(answers, load_scale("rsca"), id_column="id").scores
    pd.testing.assert_series_equal(pd.read_csv(out)["RSCA_TOTAL"], expected["RSCA_TOTAL"], check_names=False)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "1、您的学号：",
                     "--map", "1-27=#5-#31", "--out", root / "exports" / "x.csv", cwd=root)
    assert result.exit_code == 2
    assert "the column map's #31 (question 31) for item 27 finds no column" in result.err
