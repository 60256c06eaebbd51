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
